import { resolve } from 'node:path';
import { loadOutletRegistry } from '../../clean/outlets.js';
import { createLanguageDetector } from '../../clean/language.js';
import { loadConfig } from '../../core/config.js';
import { ParallaxError } from '../../core/errors.js';
import { runIngest, type IngestFailure } from '../../ingest/run.js';
import { analyzeStored } from '../../services/analyze.js';
import { defaultCleanWorkers } from '../../ingest/clean-pool.js';
import { reportStored } from '../../services/pipeline-run.js';
import { intOption, str, type Command } from '../command.js';
import { dbPath, withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls, style, useColor } from '../io.js';
import { Progress } from '../progress.js';
import { COMPARE_OPTIONS, compareOptions, renderComparison } from './compare.js';
import { outPath, REPORT_OPTIONS, reportOptions, writeReport } from './report.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'The main job: ingest the inputs, analyse them, compare the outlets and write the HTML report.',
  usage: 'parallax run <path|url|->... [--out report.html] [--config FILE] [options]',
  options: {
    ...REPORT_OPTIONS,
    config: { type: 'string', description: 'config file with perspective groups and outlets (default ./parallax.config.json if present)', valueName: 'path' },
    outlet: { type: 'string', description: 'outlet of every article in this run (overrides detection)', valueName: 'name' },
    group: { type: 'string', description: 'perspective group of every article in this run', valueName: 'name' },
    'no-language': { type: 'boolean', description: 'skip language identification' },
    'follow-symlinks': { type: 'boolean', description: 'in folders, follow symbolic links that lead outside the folder (refused by default)' },
    'batch-size': { type: 'string', description: 'articles per database transaction (default 200)', valueName: 'n' },
    summary: { type: 'boolean', description: 'also print the comparison summary (as "parallax compare")' },
    ...COMPARE_OPTIONS,
  },
  details: `
Equivalent to "parallax ingest", "parallax analyze" and "parallax report" in a row, on the database given by
--db (default ./parallax.db): articles already stored are kept, so the report covers everything in it. Use a
fresh --db for a report of these inputs only. Prints where the report is.`,
  async run(args, io) {
    if (!args.positionals.length) throw new ParallaxError('E_USAGE', 'run needs at least one input (a path, a URL or - for stdin)');
    const started = Date.now();
    const s = style(useColor(io));
    const configPath = str(args.values.config);
    const config = loadConfig(configPath ? resolve(io.cwd, configPath) : undefined, io.cwd);
    const registry = loadOutletRegistry(config.outlets, { origin: config.path ?? undefined });
    const detector = args.values['no-language'] ? null : await createLanguageDetector();
    const copts = compareOptions(args, io);
    const out = outPath(args, io);
    const inputs = args.positionals.map((p) => (p === '-' || /^https?:\/\//i.test(p) ? p : resolve(io.cwd, p)));
    const failed: IngestFailure[] = [];
    const log = (m: string) => {
      if (!args.values.json) io.stderr.write(`${m}\n`);
    };
    return withStore(args, io, async (store) => {
      const progress = new Progress(io, 'ingesting');
      const ingest = await runIngest(inputs, {
        store,
        clean: { registry, config, detectLanguage: detector ? (t) => detector.detect(t) : undefined },
        overrides: { outlet: str(args.values.outlet), group: str(args.values.group) },
        stdin: io.stdin,
        followSymlinks: Boolean(args.values['follow-symlinks']),
        batchSize: intOption(args, 'batch-size', 200, 1),
        workers: defaultCleanWorkers(),
        language: Boolean(detector),
        events: {
          onFailure(f) {
            failed.push(f);
            if (!args.values.json) io.stderr.write(`${s.red('error')} ${escapeControls(f.error)}\n`);
          },
          onProgress: (n) => progress.tick(n),
        },
      });
      progress.done();
      log(`ingest: ${ingest.ingested} new, ${ingest.skipped} skipped, ${ingest.failed} failed${ingest.republications ? `, ${ingest.republications} republications linked` : ''}`);
      const ap = new Progress(io, 'analysing', await store.countArticles());
      // The config's actors feed the actors analyzer, exactly as with `parallax analyze --config`.
      const analysis = await analyzeStored(store, { config, onProgress: (d) => ap.tick(d) });
      ap.done();
      log(`analyse: ${analysis.analyzed} analysed, ${analysis.current} already current, ${analysis.findings} findings${analysis.failed ? `, ${analysis.failed} failed` : ''} (${analysis.seconds}s)`);
      if (!args.values.json) for (const f of analysis.failures.slice(0, 20)) io.stderr.write(`${s.red('error')} ${escapeControls(f.source || f.articleId)}: ${escapeControls(f.reason)}\n`);
      const t0 = Date.now();
      const { items, comparison, html } = await reportStored(store, copts, reportOptions(args));
      if (!items.length) throw new ParallaxError('E_INPUT_EMPTY', 'nothing to compare: no article could be ingested and analysed');
      writeReport(out, html);
      const seconds = (Date.now() - started) / 1000;
      log(`compare + report: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      if (args.values.json) {
        writeJson(io, { out, db: dbPath(args, io), seconds, ingest, analyze: analysis, comparison: { counts: comparison.counts, claims: comparison.claims.length, contradictions: comparison.contradictions.length } });
      } else {
        if (args.values.summary) io.stdout.write(renderComparison(comparison, io, 10));
        io.stdout.write(
          `${comparison.counts.articles} articles from ${comparison.counts.outlets} outlets compared in ${seconds.toFixed(1)}s.\nReport: ${s.bold(escapeControls(out))} (open it in a browser; it works offline)\n`,
        );
      }
      return failed.length || analysis.failed ? EXIT.PARTIAL : EXIT.OK;
    });
  },
};
