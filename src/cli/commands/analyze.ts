import { analyzeStored } from '../../services/analyze.js';
import { resolve } from 'node:path';
import { loadConfig } from '../../core/config.js';
import { intOption, type Command } from '../command.js';
import { withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls } from '../io.js';
import { Progress } from '../progress.js';
import type { ParallaxConfig } from '../../core/config.js';
import type { Store } from '../../storage/store.js';
import type { ParsedArgs } from '../command.js';
import type { CliIO } from '../io.js';
import { createConfiguredPipeline } from '../../services/analyze.js';
import { analysisState } from '../../services/analysis-state.js';
import { runWorker } from '../../services/worker.js';
import { DEFAULT_MAINTENANCE_SECONDS } from '../../services/queue.js';
import { openQueueFor } from './worker.js';

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Run the analyzers over stored articles that have no current analysis (changed text or analyzer versions re-run).',
  usage: 'parallax analyze [options]',
  options: {
    force: { type: 'boolean', description: 're-run every article, even when its analysis is current' },
    config: { type: 'string', description: 'config file; its actors go to the actors analyzer (default ./parallax.config.json if present)', valueName: 'path' },
    workers: { type: 'string', description: 'worker threads (default: 0 below 4 cores; on 4+ cores one per core beyond the first for 500+ articles)', valueName: 'n' },
    'enqueue-only': { type: 'boolean', description: 'PostgreSQL: only queue the articles for "parallax worker" processes, analyse none here' },
  },
  details: `
One failing article never stops the run. An analyzer that throws or an article over the time budget (60 s,
checked between analyzers) is stored with what the other analyzers found and an error diagnostic. With
--workers, an article that crashes or exhausts its worker, or is still running after twice the budget (its
worker is stopped and replaced), fails alone: nothing is stored for it, the reason is listed (--json:
"failures"), and the next analyze tries it again.

On PostgreSQL, analyze queues every stale or never-analysed article in the job queue, then works as one more
worker until the queue is empty (other "parallax worker" processes, on any machine, share the work). With
--enqueue-only it queues and returns. See docs/scaling.md.

Exit codes: 0 done; 1 some articles failed; 2 usage or config error; 3 database error.`,
  async run(args, io) {
    const configPath = typeof args.values.config === 'string' ? args.values.config : undefined;
    const config = loadConfig(configPath ? resolve(io.cwd, configPath) : undefined, io.cwd);
    return withStore(args, io, async (store) => {
      if (store.dialect === 'postgres') return analyzeWithQueue(store, args, io, config);
      const progress = new Progress(io, 'analysing', await store.countArticles());
      const workers = args.values.workers === undefined ? undefined : intOption(args, 'workers', 0, 0);
      const summary = await analyzeStored(store, { force: Boolean(args.values.force), config, workers, onProgress: (d) => progress.tick(d) });
      progress.done();
      if (args.values.json) {
        writeJson(io, summary);
        return summary.failed ? EXIT.PARTIAL : EXIT.OK;
      }
      const rate = summary.seconds > 0 ? Math.round(summary.analyzed / summary.seconds) : summary.analyzed;
      io.stdout.write(
        `${summary.analyzed} analysed, ${summary.current} already current, ${summary.findings} findings` +
          (summary.analyzed ? ` (${summary.seconds}s, ${rate} articles/s)` : '') +
          '\n',
      );
      if (summary.skippedLanguage) io.stdout.write(`${summary.skippedLanguage} not analysed: language not read yet\n`);
      if (summary.reclaimed) io.stdout.write(`${summary.reclaimed} articles claimed by an analyze process on this machine that no longer runs were taken over\n`);
      if (summary.claimedElsewhere) {
        io.stdout.write(`${summary.claimedElsewhere} left to another analyze process that claimed them (if that process died on another machine, its claims expire after 10 minutes)\n`);
      }
      if (summary.failed) {
        io.stdout.write(`${summary.failed} failed (nothing stored for them; the next analyze tries them again):\n`);
        for (const f of summary.failures.slice(0, 20)) io.stdout.write(`  ${escapeControls(f.source || f.articleId)} (${f.articleId}): ${escapeControls(f.reason)}\n`);
        if (summary.failed > 20) io.stdout.write(`  … and ${summary.failed - 20} more (--json lists ${Math.min(summary.failed, summary.failures.length)})\n`);
      }
      const diags = Object.entries(summary.diagnostics).filter(([k]) => !k.endsWith('/language-not-read'));
      if (diags.length) {
        io.stdout.write('diagnostics:\n');
        for (const [k, n] of diags.sort((a, b) => b[1] - a[1])) io.stdout.write(`  ${escapeControls(k)}: ${n}\n`);
      }
      return summary.failed ? EXIT.PARTIAL : EXIT.OK;
    });
  },
};

/** `analyze` on PostgreSQL: queue what is stale, then (unless --enqueue-only) work the queue until it is empty. */
async function analyzeWithQueue(store: Store, args: ParsedArgs, io: CliIO, config: ParallaxConfig): Promise<number> {
  const enqueueOnly = Boolean(args.values['enqueue-only']);
  const force = Boolean(args.values.force);
  const pipeline = createConfiguredPipeline(config);
  const queue = await openQueueFor(store, args, io, config, enqueueOnly ? 0 : DEFAULT_MAINTENANCE_SECONDS);
  try {
    const state = await analysisState(store, pipeline.versions);
    const ids = force ? (await store.listArticles()).map((a) => a.id) : [...state.stale, ...state.never];
    const enqueued = await queue.enqueue(ids, { force });
    const queued = { articles: state.articles, current: force ? 0 : state.current, stale: state.stale.length, neverAnalysed: state.never.length, enqueued, queue: queue.name };
    if (enqueueOnly) {
      if (args.values.json) writeJson(io, queued);
      else {
        io.stdout.write(`${enqueued} article(s) queued for analysis (${state.stale.length} stale, ${state.never.length} never analysed, ${state.current} current)\n`);
        if (ids.length > enqueued) io.stdout.write(`${ids.length - enqueued} already had a waiting job\n`);
        io.stdout.write('start "parallax worker" processes to analyse them; "parallax status" shows the queue\n');
      }
      return EXIT.OK;
    }
    const progress = new Progress(io, 'analysing', ids.length);
    let done = 0;
    const summary = await runWorker(store, queue, {
      pipeline,
      exitWhenDrained: true,
      onEvent(e) {
        if (e.type === 'analysed' || e.type === 'current' || e.type === 'missing') progress.tick(++done);
        if (e.type === 'failed' && !args.values.json) {
          const retry = e.attempt < e.attempts ? 'will be retried' : 'failed for good';
          io.stderr.write(`failed ${e.articleId} (attempt ${e.attempt} of ${e.attempts}, ${retry}): ${escapeControls(e.reason)}\n`);
        }
      },
    });
    progress.done();
    // The same summary as on SQLite (same line, same JSON keys), plus what the queue did.
    const current = queued.current + summary.current;
    const skippedLanguage = summary.diagnostics['pipeline/language-not-read'] ?? 0;
    const otherWorkers = Math.max(0, ids.length - summary.jobs);
    const failures = (await queue.failures(0)).total;
    if (args.values.json) {
      writeJson(io, {
        total: state.articles,
        analyzed: summary.analyzed,
        current,
        skippedLanguage,
        findings: summary.findings,
        claimedElsewhere: otherWorkers,
        diagnostics: summary.diagnostics,
        seconds: summary.seconds,
        queue: { name: queue.name, stale: queued.stale, neverAnalysed: queued.neverAnalysed, enqueued, failedForGood: failures, worker: summary },
      });
      return EXIT.OK;
    }
    const rate = summary.seconds > 0 ? Math.round(summary.analyzed / summary.seconds) : summary.analyzed;
    io.stdout.write(
      `${summary.analyzed} analysed, ${current} already current, ${summary.findings} findings` + (summary.analyzed ? ` (${summary.seconds}s, ${rate} articles/s)` : '') + '\n',
    );
    io.stdout.write(`job queue: ${enqueued} queued by this run${otherWorkers ? `, ${otherWorkers} analysed by other workers` : ''}${summary.failed ? `, ${summary.failed} failed attempt(s) here` : ''}\n`);
    if (skippedLanguage) io.stdout.write(`${skippedLanguage} not analysed: language not read yet\n`);
    if (failures) io.stdout.write(`${failures} article(s) failed for good: see "parallax status"\n`);
    return EXIT.OK;
  } finally {
    await queue.close();
  }
}
