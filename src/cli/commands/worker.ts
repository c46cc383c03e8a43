import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { loadConfig, type ParallaxConfig } from '../../core/config.js';
import { ParallaxError } from '../../core/errors.js';
import { createConfiguredPipeline } from '../../services/analyze.js';
import { AnalysisQueue, DEFAULT_MAINTENANCE_SECONDS } from '../../services/queue.js';
import { runWorker, type WorkerSummary } from '../../services/worker.js';
import type { Store } from '../../storage/store.js';
import { intOption, str, type Command, type ParsedArgs } from '../command.js';
import { dbPath, withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls, type CliIO } from '../io.js';

/** The config file of a command that analyses (--config, else ./parallax.config.json if present). */
export function analysisConfig(args: ParsedArgs, io: CliIO): ParallaxConfig {
  const configPath = str(args.values.config);
  return loadConfig(configPath ? resolve(io.cwd, configPath) : undefined, io.cwd);
}

/** The queue of a PostgreSQL store, for the analyzers of `config`. */
export async function openQueueFor(store: Store, args: ParsedArgs, io: CliIO, config: ParallaxConfig, maintenanceIntervalSeconds: number): Promise<AnalysisQueue> {
  if (store.dialect !== 'postgres') throw new ParallaxError('E_USAGE', 'the job queue needs a PostgreSQL database (--db postgres://…)');
  const pipeline = createConfiguredPipeline(config);
  return AnalysisQueue.open(dbPath(args, io), pipeline.versions, {
    maintenanceIntervalSeconds,
    onError: (e) => io.stderr.write(`warning: job queue: ${escapeControls(e.message)}\n`),
  });
}

export function workerSummaryLine(s: WorkerSummary): string {
  const rate = s.seconds > 0 ? Math.round((s.analyzed / s.seconds) * 10) / 10 : s.analyzed;
  const parts = [`${s.analyzed} analysed`, `${s.findings} findings`];
  if (s.current) parts.push(`${s.current} already current`);
  if (s.missing) parts.push(`${s.missing} no longer stored`);
  if (s.failed) parts.push(`${s.failed} failed attempt(s)`);
  return `${parts.join(', ')} (${s.jobs} jobs, ${s.seconds}s${s.analyzed ? `, ${rate} articles/s` : ''})`;
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Analyse articles from the PostgreSQL job queue; run any number of workers on any number of machines.',
  usage: 'parallax worker --db postgres://user@host/db [options]',
  options: {
    config: { type: 'string', description: 'config file; must be the same on every machine (default ./parallax.config.json if present)', valueName: 'path' },
    batch: { type: 'string', description: 'jobs taken at a time, stored in one transaction (default 8)', valueName: 'n' },
    'exit-when-done': { type: 'boolean', description: 'stop once the queue has no waiting and no running job (default: wait for more work)' },
    'maintenance-interval': {
      type: 'string',
      description: `seconds between looks for jobs whose worker died, to hand them out again (default ${DEFAULT_MAINTENANCE_SECONDS})`,
      valueName: 's',
    },
  },
  details: `
Takes jobs from the queue that "parallax ingest" and "parallax analyze" fill on a PostgreSQL database, analyses the
articles and stores the analyses. Workers share the queue: each job goes to one worker. A worker killed mid-batch
stores nothing of that batch; its jobs go back to the queue after their timeout (2 minutes without a heartbeat)
and are retried. An article whose analysis fails is retried twice, then marked failed with the reason
("parallax status" lists them). Stop a worker with Ctrl-C or SIGTERM: it finishes its batch first.

A worker takes only jobs for its own analyzers (Parallax version and config): run the same version and config
file on every machine. See docs/scaling.md.`,
  async run(args, io) {
    const config = analysisConfig(args, io);
    const batchSize = intOption(args, 'batch', 8, 1);
    const maintenance = intOption(args, 'maintenance-interval', DEFAULT_MAINTENANCE_SECONDS, 1);
    const json = Boolean(args.values.json);
    const notPg = () => new ParallaxError('E_USAGE', 'parallax worker needs a PostgreSQL database (--db postgres://…); on SQLite, run "parallax analyze"');
    // Checked before opening, so a mistyped path does not leave an empty SQLite file behind.
    if (!/^postgres(ql)?:\/\//i.test(dbPath(args, io))) throw notPg();
    return withStore(args, io, async (store) => {
      if (store.dialect !== 'postgres') throw notPg();
      const queue = await openQueueFor(store, args, io, config, maintenance);
      const stop = new AbortController();
      const onSignal = () => {
        if (!stop.signal.aborted && !json) io.stderr.write('stopping after the current batch…\n');
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const me = `${hostname()}:${process.pid}`;
      if (!json) io.stderr.write(`worker ${me}: queue ${queue.name}${args.values['exit-when-done'] ? ' (until it is empty)' : ''}\n`);
      let lastReport = Date.now();
      let analysed = 0;
      try {
        const summary = await runWorker(store, queue, {
          config,
          batchSize,
          exitWhenDrained: Boolean(args.values['exit-when-done']),
          signal: stop.signal,
          onEvent(e) {
            if (json) return;
            if (e.type === 'analysed') analysed++;
            if (e.type === 'failed') {
              const retry = e.attempt < e.attempts ? `attempt ${e.attempt} of ${e.attempts}, will be retried` : `attempt ${e.attempt} of ${e.attempts}, failed for good`;
              io.stderr.write(`failed ${e.articleId} (${retry}): ${escapeControls(e.reason)}\n`);
            }
            if (e.type === 'idle' || Date.now() - lastReport > 10_000) {
              if (analysed) io.stderr.write(`${analysed} analysed so far${e.type === 'idle' ? '; queue empty, waiting for jobs' : ''}\n`);
              else if (e.type === 'idle') io.stderr.write('queue empty, waiting for jobs\n');
              lastReport = Date.now();
            }
          },
        });
        const cpu = process.cpuUsage();
        if (json) writeJson(io, { worker: me, queue: queue.name, ...summary, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100 });
        else io.stdout.write(`${workerSummaryLine(summary)}\n`);
        return EXIT.OK;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await queue.close();
      }
    });
  },
};
