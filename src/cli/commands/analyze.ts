import { analyzeStored } from '../../services/analyze.js';
import { resolve } from 'node:path';
import { loadConfig } from '../../core/config.js';
import { intOption, type Command } from '../command.js';
import { withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls } from '../io.js';
import { Progress } from '../progress.js';

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Run the analyzers over stored articles that have no current analysis (changed text or analyzer versions re-run).',
  usage: 'parallax analyze [options]',
  options: {
    force: { type: 'boolean', description: 're-run every article, even when its analysis is current' },
    config: { type: 'string', description: 'config file; its actors go to the actors analyzer (default ./parallax.config.json if present)', valueName: 'path' },
    workers: { type: 'string', description: 'worker threads (default: 0 below 4 cores; on 4+ cores one per core beyond the first for 500+ articles)', valueName: 'n' },
  },
  details: `
One failing article never stops the run. An analyzer that throws or an article over the time budget (60 s,
checked between analyzers) is stored with what the other analyzers found and an error diagnostic. With
--workers, an article that crashes or exhausts its worker, or is still running after twice the budget (its
worker is stopped and replaced), fails alone: nothing is stored for it, the reason is listed (--json:
"failures"), and the next analyze tries it again.

Exit codes: 0 done; 1 some articles failed; 2 usage or config error; 3 database error.`,
  async run(args, io) {
    const configPath = typeof args.values.config === 'string' ? args.values.config : undefined;
    const config = loadConfig(configPath ? resolve(io.cwd, configPath) : undefined, io.cwd);
    return withStore(args, io, async (store) => {
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
      if (summary.skippedLanguage) io.stdout.write(`${summary.skippedLanguage} not analysed: language not supported yet\n`);
      if (summary.claimedElsewhere) {
        io.stdout.write(`${summary.claimedElsewhere} left to another analyze process that claimed them (a claim expires after 10 minutes if that process died)\n`);
      }
      if (summary.failed) {
        io.stdout.write(`${summary.failed} failed (nothing stored for them; the next analyze tries them again):\n`);
        for (const f of summary.failures.slice(0, 20)) io.stdout.write(`  ${escapeControls(f.source || f.articleId)} (${f.articleId}): ${escapeControls(f.reason)}\n`);
        if (summary.failed > 20) io.stdout.write(`  … and ${summary.failed - 20} more (--json lists ${Math.min(summary.failed, summary.failures.length)})\n`);
      }
      const diags = Object.entries(summary.diagnostics).filter(([k]) => !k.endsWith('/language-unsupported'));
      if (diags.length) {
        io.stdout.write('diagnostics:\n');
        for (const [k, n] of diags.sort((a, b) => b[1] - a[1])) io.stdout.write(`  ${escapeControls(k)}: ${n}\n`);
      }
      return summary.failed ? EXIT.PARTIAL : EXIT.OK;
    });
  },
};
