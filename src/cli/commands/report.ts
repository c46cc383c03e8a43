import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ParallaxError } from '../../core/errors.js';
import { reportStored } from '../../services/pipeline-run.js';
import { intOption, str, type Command, type ParsedArgs } from '../command.js';
import { withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls, type CliIO } from '../io.js';
import type { ReportOptions } from '../../report/index.js';
import { COMPARE_OPTIONS, compareOptions } from './compare.js';

export const REPORT_OPTIONS: Command['options'] = {
  out: { type: 'string', short: 'o', description: 'where to write the HTML report (default report.html)', valueName: 'file' },
  title: { type: 'string', description: 'report title', valueName: 'text' },
  'max-articles-per-outlet': { type: 'string', description: 'full highlighted text for at most n articles per outlet (default 25)', valueName: 'n' },
  'max-articles': { type: 'string', description: 'and at most n in all (default 150)', valueName: 'n' },
};

export function reportOptions(args: ParsedArgs): ReportOptions {
  return {
    title: str(args.values.title),
    maxArticlesPerOutlet: intOption(args, 'max-articles-per-outlet', 25, 0),
    maxArticles: intOption(args, 'max-articles', 150, 0),
  };
}

export function writeReport(path: string, html: string): void {
  try {
    writeFileSync(path, html);
  } catch (e) {
    throw new ParallaxError('E_USAGE', `cannot write the report to ${path}: ${(e as Error).message}`, { input: path });
  }
}

export function outPath(args: ParsedArgs, io: CliIO): string {
  return resolve(io.cwd, str(args.values.out) ?? 'report.html');
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Write the comparison as one self-contained, offline HTML file (charts, graph, highlighted articles, evidence links).',
  usage: 'parallax report [--out report.html] [--by outlet|group] [--story ID] [options]',
  options: { ...REPORT_OPTIONS, ...COMPARE_OPTIONS },
  details: `
The file needs no network: Chart.js and Cytoscape.js are inlined. Every number links to the words behind it.
Article text and metadata are escaped; a Content-Security-Policy admits only the report's own scripts.
See docs/report.md.`,
  async run(args, io) {
    const out = outPath(args, io);
    const copts = compareOptions(args, io);
    return withStore(args, io, async (store) => {
      const { items, comparison, html } = await reportStored(store, copts, reportOptions(args));
      if (!items.length) throw new ParallaxError('E_NOT_FOUND', 'no analysed articles to report on: run "parallax ingest" and "parallax analyze" first (or "parallax run <paths>")');
      writeReport(out, html);
      if (args.values.json) writeJson(io, { out, bytes: Buffer.byteLength(html), articles: comparison.counts.articles });
      else io.stdout.write(`Report written to ${escapeControls(out)} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB, ${comparison.counts.articles} articles)\n`);
      return EXIT.OK;
    });
  },
};
