/**
 * Analysis throughput: the full default pipeline over a generated corpus stored in SQLite.
 *   npm run bench:analyze                    2,000 generated plain-text articles
 *   npm run bench:analyze -- --count 500
 *   npm run bench:analyze -- --count 400 --words 640-760    real-length news (~700 words, as bench:scale)
 * Also times wink-nlp alone on the same texts with what Parallax reads from it (sentences, tokens, part of speech),
 * on this thread, and prints Parallax's articles per CPU-second as a share of wink's.
 * Reports articles/s (wall and per CPU-second), per-analyzer milliseconds per article, and peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from './generate.js';
import { openStore } from '../src/storage/index.js';
import { runIngest } from '../src/ingest/run.js';
import { loadOutletRegistry } from '../src/clean/outlets.js';
import { defaultConfig } from '../src/core/config.js';
import { analyzeStored, analyzeArticle } from '../src/services/analyze.js';
import { defaultAnalyzeWorkers } from '../src/services/analyze-pool.js';
import { createPipeline } from '../src/core/pipeline.js';
import { defaultAnalyzers } from '../src/analyzers/index.js';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const WORKERS = arg('workers', defaultAnalyzeWorkers(10000));

async function main() {
  const count = arg('count', 2000);
  const root = mkdtempSync(join(tmpdir(), 'parallax-abench-'));
  try {
    const wi = process.argv.indexOf('--words');
    const words = wi >= 0 ? (process.argv[wi + 1].split('-').map(Number) as [number, number]) : undefined;
    await generateCorpus(join(root, 'corpus'), { count, html: 0, seed: 7, ...(words ? { words } : {}) });
    const store = await openStore(join(root, 'bench.db'));
    const ingest0 = performance.now();
    await runIngest([join(root, 'corpus')], { store, clean: { registry: loadOutletRegistry(), config: defaultConfig() }, batchSize: 500 });
    const ingestSeconds = (performance.now() - ingest0) / 1000;
    let peak = 0;
    const cpu0 = process.cpuUsage();
    const summary = await analyzeStored(store, {
      workers: WORKERS,
      onProgress(done) {
        if (done % 100 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    const cpu = process.cpuUsage(cpu0);
    const cpuSecs = (cpu.user + cpu.system) / 1e6;
    const pipeline = createPipeline(defaultAnalyzers);
    // Per-analyzer timings on this thread after a warm-up (JIT, lazy model loading), separate from the timed run.
    const timings: Record<string, number> = {};
    const sample = (await store.listArticles({ limit: 200 })).map((a) => a.id);
    for (const id of sample.slice(0, 20)) analyzeArticle(pipeline, (await store.getArticle(id))!);
    for (const id of sample) {
      const a = (await store.getArticle(id))!;
      const analysis = analyzeArticle(pipeline, a);
      for (const [k, v] of Object.entries(analysis.timings)) timings[k] = (timings[k] ?? 0) + v;
    }
    const wink = await winkAlone(await Promise.all((await store.listArticles({ limit: count })).map(async (a) => (await store.getArticle(a.id))!.text)));
    await store.close();
    const result = {
      node: process.version,
      workers: WORKERS,
      articles: summary.analyzed,
      findings: summary.findings,
      seconds: summary.seconds,
      articlesPerSecond: Math.round(summary.analyzed / summary.seconds),
      articlesPerCpuSecond: Math.round(summary.analyzed / cpuSecs),
      // Ingest (read, clean, deduplicate, store) then analyze (every analyzer, stored), as `parallax run` does
      // before it compares: the whole pipeline's rate on this corpus.
      ingestSeconds: Math.round(ingestSeconds * 100) / 100,
      endToEndArticlesPerSecond: Math.round(summary.analyzed / (ingestSeconds + summary.seconds)),
      msPerArticleByAnalyzer: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round((v / sample.length) * 100) / 100])),
      peakRssMB: Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024),
      meanWords: wink.meanWords,
      winkArticlesPerCpuSecond: wink.perCpuSecond,
      shareOfWink: Math.round((summary.analyzed / cpuSecs / wink.perCpuSecond) * 1000) / 1000,
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`analyze: ${result.articlesPerSecond} articles/s (${result.articles} in ${result.seconds}s; ${result.articlesPerCpuSecond} per CPU-second), peak RSS ${result.peakRssMB} MB`);
    console.log(`ingest + analyze: ${result.endToEndArticlesPerSecond} articles/s (${result.ingestSeconds}s + ${result.seconds}s)`);
    console.log(`wink-nlp alone (sentences, POS) on the same ${result.articles} texts (${result.meanWords} words on average): ${result.winkArticlesPerCpuSecond} articles per CPU-second; Parallax is ${Math.round(result.shareOfWink * 1000) / 10}% of it`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * wink-nlp on its own, with the pipes Parallax uses and what it reads out (sentences, tokens with part of speech; the
 * nlp analyzer reads no wink lemmas): articles per CPU-second after a warm-up.
 */
async function winkAlone(texts: string[]): Promise<{ perCpuSecond: number; meanWords: number }> {
  const nlp = winkNLP(model, ['sbd', 'pos']);
  const its = nlp.its;
  const read = (t: string): number => {
    const doc = nlp.readDoc(t);
    doc.sentences().out(its.span);
    doc.tokens().out(its.pos);
    return doc.tokens().length();
  };
  for (const t of texts.slice(0, 20)) read(t);
  let tokens = 0;
  const c0 = process.cpuUsage();
  for (const t of texts) tokens += read(t);
  const c = process.cpuUsage(c0);
  const secs = (c.user + c.system) / 1e6;
  if (!tokens) throw new Error('wink read no tokens');
  return { perCpuSecond: Math.round(texts.length / secs), meanWords: Math.round(texts.reduce((n, t) => n + t.split(/\s+/).length, 0) / Math.max(1, texts.length)) };
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
