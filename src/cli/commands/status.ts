import { createConfiguredPipeline } from '../../services/analyze.js';
import { analysisState, storedFailures } from '../../services/analysis-state.js';
import type { JobFailure, QueueCounts } from '../../services/queue.js';
import { intOption, type Command } from '../command.js';
import { withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls } from '../io.js';
import { analysisConfig, openQueueFor } from './worker.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'Where analysis stands: analysed, stale, never analysed, failed with reasons; on PostgreSQL also the job queue.',
  usage: 'parallax status [options]',
  options: {
    config: { type: 'string', description: 'config file whose analyzers count as current (default ./parallax.config.json if present)', valueName: 'path' },
    limit: { type: 'string', description: 'failures listed (default 20)', valueName: 'n' },
    quick: { type: 'boolean', description: 'skip reading every stored analysis for error diagnostics' },
  },
  details: `
On every database: articles analysed with the current analyzers and config, stale (the text, an analyzer's version
or the config changed since), never analysed, and analyses stored with error diagnostics (an analyzer failed on
the article or its time budget ran out), with the reasons.

On PostgreSQL also the job queue ("parallax worker"): jobs queued (waiting, or waiting to be retried), running,
failed (retries used up; listed with the reason of the last attempt) and done.`,
  async run(args, io) {
    const config = analysisConfig(args, io);
    const limit = intOption(args, 'limit', 20, 0);
    return withStore(args, io, async (store) => {
      const pipeline = createConfiguredPipeline(config);
      const state = await analysisState(store, pipeline.versions);
      const errors = args.values.quick ? null : await storedFailures(store, limit);
      let queue: { queues: QueueCounts[]; failures: { total: number; list: JobFailure[] } } | null = null;
      if (store.dialect === 'postgres') {
        const q = await openQueueFor(store, args, io, config, 0);
        try {
          queue = { queues: await q.counts(), failures: await q.failures(limit) };
        } finally {
          await q.close();
        }
      }
      if (args.values.json) {
        writeJson(io, {
          dialect: store.dialect,
          articles: state.articles,
          analysed: state.current,
          stale: state.stale.length,
          neverAnalysed: state.never.length,
          analysedWithErrors: errors,
          queue,
        });
        return EXIT.OK;
      }
      const w = (s: string) => io.stdout.write(`${s}\n`);
      w(`${state.articles} articles`);
      w(`  analysed         ${state.current}`);
      w(`  stale            ${state.stale.length}${state.stale.length ? '  (text, an analyzer version or the config changed since: run "parallax analyze")' : ''}`);
      w(`  never analysed   ${state.never.length}`);
      if (errors) {
        w(`  with errors      ${errors.total}${errors.total ? '  (stored, but an analyzer failed or the time budget ran out):' : ''}`);
        for (const f of errors.list) w(`    ${f.articleId}  ${escapeControls(f.reasons.join('; '))}`);
        if (errors.total > errors.list.length) w(`    … and ${errors.total - errors.list.length} more (--limit, --json)`);
      }
      if (queue) {
        w('');
        if (!queue.queues.length) w('job queue: empty (no job was ever queued; "parallax ingest" and "parallax analyze" queue articles)');
        for (const c of queue.queues) {
          w(`job queue ${c.queue}${c.current ? '' : ' (other analyzer versions or config: only a worker with that Parallax version and config takes these)'}`);
          w(`  queued   ${c.queued}${c.retrying ? `  (${c.retrying} waiting to be retried)` : ''}`);
          w(`  running  ${c.running}`);
          w(`  failed   ${c.failed}`);
          w(`  done     ${c.done}`);
        }
        if (queue.failures.total) {
          w(`failed jobs (${queue.failures.total}, retries used up; "parallax analyze" queues them again):`);
          for (const f of queue.failures.list) w(`  ${f.articleId}  after ${f.attempts} attempt(s), ${f.failedAt}: ${escapeControls(f.reason)}`);
          if (queue.failures.total > queue.failures.list.length) w(`  … and ${queue.failures.total - queue.failures.list.length} more (--limit, --json)`);
        }
      }
      return EXIT.OK;
    });
  },
};
