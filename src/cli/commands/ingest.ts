import { resolve } from 'node:path';
import type { Article } from '../../core/article.js';
import { loadConfig } from '../../core/config.js';
import { loadOutletRegistry } from '../../clean/outlets.js';
import { CLEANING_WARNINGS } from '../../clean/index.js';
import { createLanguageDetector } from '../../clean/language.js';
import { runIngest, type IngestFailure, type IngestSkip } from '../../ingest/run.js';
import { defaultCleanWorkers } from '../../ingest/clean-pool.js';
import { ParallaxError } from '../../core/errors.js';
import { intOption, str, type Command } from '../command.js';
import { withStore } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls, style, useColor } from '../io.js';
import { Progress } from '../progress.js';
import { articleJson } from './show.js';
import { openQueueFor } from './worker.js';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Read files, directories, feeds, JSON/JSONL, URLs or stdin (-), clean each article and store it.',
  usage: 'parallax ingest <path|url|->... [options]',
  options: {
    outlet: { type: 'string', description: 'outlet of every article in this run (overrides detection)', valueName: 'name' },
    group: { type: 'string', description: 'perspective group of every article in this run', valueName: 'name' },
    published: { type: 'string', description: 'publication date for every article in this run', valueName: 'date' },
    url: { type: 'string', description: 'URL to record for the article(s) in this run', valueName: 'url' },
    config: { type: 'string', description: 'config file (default ./parallax.config.json if present)', valueName: 'path' },
    'allow-private': { type: 'boolean', description: 'allow fetching URLs on loopback/private/link-local addresses' },
    'follow-symlinks': { type: 'boolean', description: 'in folders, follow symbolic links that lead outside the folder (refused by default)' },
    'batch-size': { type: 'string', description: 'articles per database transaction (default 200)', valueName: 'n' },
    'no-language': { type: 'boolean', description: 'skip language identification' },
    workers: { type: 'string', description: 'cleaning worker threads (default: one per core, 0 = none)', valueName: 'n' },
    'no-enqueue': { type: 'boolean', description: 'PostgreSQL: do not queue the new articles for analysis by "parallax worker"' },
  },
  details: `
Inputs: .txt, .html/.htm, .json (object or array), .jsonl, RSS/Atom feeds (.xml/.rss/.atom), any of them
gzip-compressed (.gz), directories (recursive), http(s) URLs, and - for stdin. One bad input never stops the
batch: it is reported and the rest is stored. Re-ingesting the same text creates nothing new.

Exit codes: 0 all inputs ingested or skipped as duplicates; 1 some inputs failed; 2 usage or config error;
3 database error.`,
  async run(args, io) {
    if (!args.positionals.length) throw new ParallaxError('E_USAGE', 'ingest needs at least one input (a path, a URL or - for stdin)');
    const json = Boolean(args.values.json);
    const configPath = str(args.values.config);
    const config = loadConfig(configPath ? resolve(io.cwd, configPath) : undefined, io.cwd);
    const registry = loadOutletRegistry(config.outlets, { origin: config.path ?? undefined });
    const batchSize = intOption(args, 'batch-size', 200, 1);
    const workers = intOption(args, 'workers', defaultCleanWorkers(), 0);
    // With cleaning workers each worker loads the model itself; this thread only needs it when it cleans.
    const detector = args.values['no-language'] || workers > 0 ? null : await createLanguageDetector();
    const inputs = args.positionals.map((p) => (p === '-' || /^https?:\/\//i.test(p) ? p : resolve(io.cwd, p)));
    const s = style(useColor(io));
    const progress = new Progress(io, 'ingesting');

    const skipped: IngestSkip[] = [];
    const failed: IngestFailure[] = [];
    let first = true;
    if (json) io.stdout.write('{\n  "ingested": [');

    let noOutlet = 0;
    const newIds: string[] = [];
    let enqueued: number | null = null;
    const summary = await withStore(args, io, async (store) => {
      const result = await runIngest(inputs, {
        store,
        clean: { registry, config, detectLanguage: detector ? (t) => detector.detect(t) : undefined },
        overrides: {
          outlet: str(args.values.outlet),
          group: str(args.values.group),
          published: str(args.values.published),
          url: str(args.values.url),
        },
        allowPrivate: Boolean(args.values['allow-private']),
        followSymlinks: Boolean(args.values['follow-symlinks']),
        stdin: io.stdin,
        batchSize,
        workers,
        language: !args.values['no-language'],
        events: {
          onArticle(a: Article) {
            if (!a.outlet) noOutlet++;
            newIds.push(a.id);
            // Streamed, so memory stays flat however large the run.
            if (json) {
              io.stdout.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(articleJson(a))}`);
              first = false;
            } else {
              for (const f of a.flags) if (CLEANING_WARNINGS[f]) io.stderr.write(`${s.yellow('warning')} ${escapeControls(a.source)}: ${CLEANING_WARNINGS[f]}\n`);
            }
          },
          onSkip(k) {
            skipped.push(k);
          },
          onFailure(f) {
            failed.push(f);
            if (!json) io.stderr.write(`${s.red('error')} ${escapeControls(f.error)}\n`);
          },
          onProgress(n) {
            progress.tick(n);
          },
        },
      });
      // On PostgreSQL the new articles go to the job queue, for "parallax worker" processes to analyse.
      if (store.dialect === 'postgres' && !args.values['no-enqueue'] && newIds.length) {
        const queue = await openQueueFor(store, args, io, config, 0);
        try {
          enqueued = await queue.enqueue(newIds);
        } finally {
          await queue.close();
        }
      }
      return result;
    });
    progress.done();

    if (json) {
      io.stdout.write(`${first ? '' : '\n  '}],\n  "skipped": ${JSON.stringify(skipped)},\n  "failed": ${JSON.stringify(failed.map((f) => ({ source: f.source, error: f.error, code: f.code })))}${enqueued !== null ? `,\n  "enqueued": ${enqueued}` : ''}\n}\n`);
    } else {
      const parts = [`${s.green(String(summary.ingested))} ingested`, `${summary.skipped} skipped`];
      if (summary.failed) parts.push(s.red(`${summary.failed} failed`));
      if (summary.republications) parts.push(`${summary.republications} linked as republications`);
      if (enqueued !== null) parts.push(`${enqueued} queued for analysis`);
      io.stdout.write(`${parts.join(', ')}\n`);
      const dups = skipped.filter((k) => k.duplicateOf).length;
      if (dups) io.stdout.write(s.dim(`(${dups} skipped as exact duplicates of stored articles)\n`));
      for (const k of skipped.filter((k) => !k.duplicateOf).slice(0, 20)) io.stdout.write(s.dim(`skipped ${escapeControls(k.source)}: ${escapeControls(k.reason)}\n`));
      if (noOutlet) {
        io.stdout.write(
          `${noOutlet === 1 ? '1 article names' : `${noOutlet} articles name`} no outlet that Parallax could find; each is shown as its own "unknown outlet" column. ` +
            'Set it with --outlet NAME when ingesting (or an "outlet" field in JSON/JSONL records).\n',
        );
      }
    }
    return summary.failed ? EXIT.PARTIAL : EXIT.OK;
  },
};
