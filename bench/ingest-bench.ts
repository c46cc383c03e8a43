/**
 * Ingest + clean throughput on a generated corpus (bench/generate.ts), into a fresh SQLite file.
 *   npm run bench                        10,000 plain-text and 3,000 HTML articles
 *   npm run bench -- --txt 2000 --html 500
 * Reports articles/s per format and resident memory sampled along the run (flat memory = streaming works).
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from './generate.js';
import { openStore } from '../src/storage/index.js';
import { runIngest } from '../src/ingest/run.js';
import { defaultCleanWorkers } from '../src/ingest/clean-pool.js';
import { loadOutletRegistry } from '../src/clean/outlets.js';
import { defaultConfig } from '../src/core/config.js';
import { createLanguageDetector } from '../src/clean/language.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const WORKERS = arg('workers', defaultCleanWorkers());
const mb = (n: number) => Math.round(n / 1024 / 1024);

async function pass(label: string, count: number, htmlFraction: number, root: string): Promise<Record<string, unknown>> {
  const dir = join(root, label);
  await generateCorpus(dir, { count, html: htmlFraction, seed: 42 });
  const dbFile = join(root, `${label}.db`);
  if (existsSync(dbFile)) rmSync(dbFile);
  const store = await openStore(dbFile);
  const detector = await createLanguageDetector();
  const registry = loadOutletRegistry();
  const rss: number[] = [];
  let peak = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let articles = 0;
  const summary = await runIngest([dir], {
    store,
    clean: { registry, config: defaultConfig(), detectLanguage: (t) => detector.detect(t) },
    batchSize: 500,
    workers: WORKERS,
    language: true,
    events: {
      onProgress(done) {
        articles = done;
        if (done % 250 === 0) {
          const r = process.memoryUsage().rss;
          peak = Math.max(peak, r);
          if (done % Math.max(250, Math.floor(count / 8 / 250) * 250) === 0) rss.push(mb(r));
        }
      },
    },
  });
  const secs = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  await store.close();
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    pass: label,
    inputs: articles,
    ingested: summary.ingested,
    skipped: summary.skipped,
    failed: summary.failed,
    republications: summary.republications,
    seconds: Math.round(secs * 100) / 100,
    articlesPerSecond: Math.round(articles / secs),
    cpuSeconds: Math.round(cpuSecs * 100) / 100,
    articlesPerCpuSecond: Math.round(articles / cpuSecs),
    peakRssMB: mb(peak),
    rssAlongRunMB: rss,
  };
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'parallax-bench-'));
  try {
    const results = [];
    const txt = arg('txt', 10000);
    const html = arg('html', 3000);
    if (txt > 0) results.push(await pass('plain-text', txt, 0, root));
    if (html > 0) results.push(await pass('html', html, 1, root));
    console.log(JSON.stringify({ node: process.version, workers: WORKERS, results }, null, 2));
    for (const r of results) {
      console.log(`${r.pass}: ${r.articlesPerSecond} articles/s (${r.inputs} in ${r.seconds}s; ${r.articlesPerCpuSecond} per CPU-second), peak RSS ${r.peakRssMB} MB, RSS along run ${JSON.stringify(r.rssAlongRunMB)}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
