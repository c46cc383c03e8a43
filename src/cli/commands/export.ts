import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { COMPARISON_SCHEMA_VERSION, type Comparison } from '../../compare/index.js';
import type { Analysis, Finding } from '../../core/finding.js';
import { ANALYSIS_SCHEMA_VERSION } from '../../core/pipeline.js';
import { ParallaxError } from '../../core/errors.js';
import type { CorpusView } from '../../services/corpus.js';
import { compareFromRows } from '../../services/pipeline-run.js';
import { toCorpusAnalysis } from '../../services/corpus-index.js';
import { storedToAnalysis } from '../../services/analyze.js';
import type { CompareItem } from '../../compare/types.js';
import { str, type Command } from '../command.js';
import { withStore } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls } from '../io.js';
import { COMPARE_OPTIONS, compareOptions } from './compare.js';

/** Version of the export envelope (docs/schema.md#export). */
export const EXPORT_SCHEMA_VERSION = '1.0.0';

const CSV_TABLES = ['findings', 'articles', 'claims', 'actors'] as const;
type CsvTable = (typeof CSV_TABLES)[number];

/** RFC 4180 field; a leading = + - @ (or tab/CR) gets a ' so spreadsheets do not run untrusted text as a formula. */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const voiceText = (f: Finding): string => (f.voice === 'outlet' ? 'outlet' : `quote:${f.voice.speaker ?? ''}`);

/** What the CSV tables read: the compared articles, a whole analysis on demand, the corpus actors, the comparison. */
interface ExportSource {
  items: readonly CompareItem[];
  analysisOf: (item: CompareItem) => Promise<Analysis>;
  actors: CorpusView['actors'];
}

export async function* csvRows(table: CsvTable, src: ExportSource, cmp: Comparison): AsyncGenerator<unknown[]> {
  if (table === 'articles') {
    yield ['id', 'outlet', 'group', 'title', 'byline', 'published', 'language', 'url', 'wordCount', 'storyId', 'origin', 'republishedFrom', 'signals'];
    const ref = new Map(cmp.articles.map((a) => [a.id, a]));
    for (const { article: a } of src.items) yield [a.id, a.outlet, a.group, a.title, a.byline, a.published, a.language, a.url, a.wordCount, ref.get(a.id)?.storyId ?? '', ref.get(a.id)?.origin ?? a.id, a.republishedFrom, (a.republication?.signals ?? []).join(' ')];
  } else if (table === 'findings') {
    yield ['articleId', 'outlet', 'group', 'findingId', 'analyzer', 'kind', 'start', 'end', 'evidence', 'voice', 'message', 'actorId', 'extra'];
    const common = new Set(['id', 'analyzer', 'kind', 'span', 'evidence', 'voice', 'message', 'messageId', 'actorId']);
    for (const item of src.items) {
      const a = item.article;
      for (const f of (await src.analysisOf(item)).findings) {
        const extra = Object.fromEntries(Object.entries(f).filter(([k]) => !common.has(k)));
        yield [a.id, a.outlet, a.group, f.id, f.analyzer, f.kind, f.span.start, f.span.end, f.evidence, voiceText(f), f.message ?? '', (f as { actorId?: string }).actorId ?? '', extra];
      }
    }
  } else if (table === 'claims') {
    yield ['clusterId', 'kind', 'label', 'status', 'origins', 'articleId', 'outlet', 'group', 'origin', 'start', 'end', 'evidence', 'value', 'unit', 'polarity', 'asserted', 'contradictions'];
    for (const c of cmp.claims) for (const s of c.sources) yield [c.id, c.kind, c.label, c.status, c.origins, s.articleId, s.outlet, s.group, s.origin, s.span.start, s.span.end, s.evidence, s.value ?? '', s.unit ?? '', s.polarity ?? '', s.asserted ?? '', c.contradictions.join(' ')];
  } else {
    yield ['id', 'kind', 'canonical', 'stateId', 'mentions', 'ownVoiceMentions', 'articles'];
    for (const a of src.actors) yield [a.id, a.kind, a.canonical, a.stateId ?? '', a.mentionCount, a.ownVoiceMentions, a.articleIds.length];
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export the whole analysis (articles, actors, findings, comparison) as JSON, JSONL or CSV under the versioned schema.',
  usage: 'parallax export --format json|jsonl|csv [--out FILE] [--table findings|articles|claims|actors] [options]',
  options: {
    format: { type: 'string', description: 'json (one document, default), jsonl (one record per line) or csv (one table)', valueName: 'json|jsonl|csv' },
    out: { type: 'string', short: 'o', description: 'write to this file instead of stdout', valueName: 'file' },
    table: { type: 'string', description: 'CSV only: findings (default), articles, claims or actors', valueName: 'name' },
    ...COMPARE_OPTIONS,
  },
  details: `
json: {"schema": {...versions}, "articles": [Article], "analyses": [Analysis], "actors": [...], "comparison": Comparison}.
jsonl: {"type": "schema"|"article"|"analysis"|"actor"|"comparison", "data": ...} per line, in that order.
csv: one flat table; nested values are JSON in their cell. Field definitions: docs/schema.md.`,
  async run(args, io) {
    const format = str(args.values.format) ?? 'json';
    if (format !== 'json' && format !== 'jsonl' && format !== 'csv') throw new ParallaxError('E_USAGE', `--format must be json, jsonl or csv, got "${format}"`);
    const table = (str(args.values.table) ?? 'findings') as CsvTable;
    if (!CSV_TABLES.includes(table)) throw new ParallaxError('E_USAGE', `--table must be one of ${CSV_TABLES.join(', ')}, got "${table}"`);
    if (args.values.table !== undefined && format !== 'csv') throw new ParallaxError('E_USAGE', '--table applies to --format csv only');
    const copts = compareOptions(args, io);
    const outFile = str(args.values.out);
    return withStore(args, io, async (store) => {
      // From the rows (issue 13): the comparison reads the compact findings; each whole analysis is read from the
      // store when it is written, one at a time, so memory does not hold every analysis.
      const { items: all, comparison, remap, actors } = await compareFromRows(store, copts);
      const stream = outFile ? createWriteStream(resolve(io.cwd, outFile)) : null;
      const write = async (s: string): Promise<void> => {
        if (!stream) io.stdout.write(s);
        else if (!stream.write(s)) await once(stream, 'drain'); // the disk is behind: wait rather than buffer the export
      };
      const schema = { export: EXPORT_SCHEMA_VERSION, analysis: ANALYSIS_SCHEMA_VERSION, comparison: COMPARISON_SCHEMA_VERSION };
      const inStory = comparison.story ? new Set(comparison.articles.map((a) => a.id)) : null;
      const items = inStory ? all.filter((i) => inStory.has(i.article.id)) : all;
      const analysisOf = async (item: CompareItem): Promise<Analysis> => {
        const stored = await store.getAnalysis(item.article.id);
        if (!stored) throw new ParallaxError('E_NOT_FOUND', `the analysis of article ${item.article.id} was removed during the export: run it again`, { input: item.article.id });
        return toCorpusAnalysis(storedToAnalysis(stored), { actors, remap });
      };
      if (format === 'json') {
        // Streamed piecewise so a large corpus is never one giant string.
        await write(`{"schema":${JSON.stringify(schema)},"exportedAt":${JSON.stringify(new Date().toISOString())},"articles":[`);
        for (const [n, i] of items.entries()) await write(`${n ? ',' : ''}\n${JSON.stringify(i.article)}`);
        await write('],"analyses":[');
        for (const [n, i] of items.entries()) await write(`${n ? ',' : ''}\n${JSON.stringify(await analysisOf(i))}`);
        await write(`],"actors":${JSON.stringify(actors)},\n"comparison":${JSON.stringify(comparison)}}\n`);
      } else if (format === 'jsonl') {
        await write(`${JSON.stringify({ type: 'schema', data: schema })}\n`);
        for (const i of items) await write(`${JSON.stringify({ type: 'article', data: i.article })}\n`);
        for (const i of items) await write(`${JSON.stringify({ type: 'analysis', data: await analysisOf(i) })}\n`);
        for (const a of actors) await write(`${JSON.stringify({ type: 'actor', data: a })}\n`);
        await write(`${JSON.stringify({ type: 'comparison', data: comparison })}\n`);
      } else {
        for await (const row of csvRows(table, { items, analysisOf, actors }, comparison)) await write(`${row.map(csvField).join(',')}\r\n`);
      }
      if (stream) {
        await new Promise<void>((res, rej) => stream.end((e?: Error | null) => (e ? rej(new ParallaxError('E_USAGE', `cannot write ${outFile}: ${e.message}`)) : res())));
        io.stderr.write(`Exported ${items.length} articles to ${escapeControls(resolve(io.cwd, outFile!))}\n`);
      }
      return EXIT.OK;
    });
  },
};
