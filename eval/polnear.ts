/**
 * Scores the quotes analyzer on PolNeAR (political news attribution relations; research use only: dev is reported, the
 * train split serves error analysis, nothing trained on it is shipped).
 * Data: ../shared/data/polnear/<split>/{text,attributions} in brat standoff. `T<n>\t<Type> <start> <end>[;<start> <end>]\t<text>`
 * with Type Source, Cue, Content (and Attribution/Discard, ignored); texts annotated by two annotators have two .ann
 * files and are scored once per annotation.
 *
 * Per component (source = speaker, cue, content), predicted spans are compared with gold spans three ways:
 * - strict: identical offsets after trimming white space (a discontinuous gold span is compared as its envelope);
 * - relaxed: identical after also trimming edge punctuation and quote marks and a leading "that";
 * - overlap: the spans share at least one non-space character.
 * Precision counts predicted spans that match some gold span, recall gold spans matched by some predicted span.
 * Attribution level: a gold relation is found when one predicted quote overlaps its content and its cue; "with
 * source" also needs the predicted speaker span to overlap the gold source.
 *
 * Usage: npm run eval -- polnear [--split dev|train] [--errors N]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPipeline } from '../src/core/pipeline.js';
import type { QuoteFinding } from '../src/core/finding.js';
import type { Span } from '../src/core/span.js';
import { nlpAnalyzer } from '../src/analyzers/nlp/index.js';
import { actorsAnalyzer } from '../src/analyzers/actors/index.js';
import { quotesAnalyzer } from '../src/analyzers/quotes/index.js';
import { goldOverlaps, newSpanCounts as newCounts, scoreSpans, type GoldSpan, type SpanCounts as Counts } from './metrics.js';

type Kind = 'source' | 'cue' | 'content';
const KINDS: Kind[] = ['source', 'cue', 'content'];
type Gold = GoldSpan;
interface GoldRel {
  source?: Gold;
  cue?: Gold;
  content?: Gold;
}

export function parseAnn(src: string): { spans: Record<Kind, Gold[]>; rels: GoldRel[] } {
  const byId = new Map<string, { kind: Kind; g: Gold }>();
  const spans: Record<Kind, Gold[]> = { source: [], cue: [], content: [] };
  const rels: GoldRel[] = [];
  for (const line of src.split('\n')) {
    if (line.startsWith('T')) {
      const [id, mid] = line.split('\t');
      if (!mid) continue;
      const sp = mid.indexOf(' ');
      const type = mid.slice(0, sp);
      const kind = ({ Source: 'source', Cue: 'cue', Content: 'content' } as Record<string, Kind>)[type];
      if (!kind) continue;
      const frags = mid
        .slice(sp + 1)
        .split(';')
        .map((p) => p.trim().split(/\s+/).map(Number))
        .map(([start, end]) => ({ start, end }));
      const g = { frags, env: { start: Math.min(...frags.map((f) => f.start)), end: Math.max(...frags.map((f) => f.end)) } };
      byId.set(id, { kind, g });
      spans[kind].push(g);
    }
  }
  for (const line of src.split('\n')) {
    if (!line.startsWith('E')) continue;
    const rel: GoldRel = {};
    for (const part of line.split('\t')[1]?.split(' ') ?? []) {
      const [, id] = part.split(':');
      const t = byId.get(id);
      if (t) rel[t.kind] = t.g;
    }
    if (rel.content || rel.cue) rels.push(rel);
  }
  return { spans, rels };
}

const score = scoreSpans;
const f1 = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);

const uniq = (spans: Span[]): Span[] => {
  const seen = new Set<string>();
  return spans.filter((s) => {
    const k = `${s.start}:${s.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};
const fmt = (x: number): string => x.toFixed(3);

export function main(argv = process.argv.slice(2)): void {
  const split = argv.includes('--split') ? argv[argv.indexOf('--split') + 1] : 'dev';
  const nErrors = argv.includes('--errors') ? Number(argv[argv.indexOf('--errors') + 1] ?? 20) : 0;
  const root = join('..', 'shared', 'data', 'polnear', split);
  if (!existsSync(root)) {
    console.log(`skip: ${root} not found (PolNeAR is read from ../shared/data)`);
    return;
  }
  const pipeline = createPipeline([nlpAnalyzer, actorsAnalyzer, quotesAnalyzer]);
  const texts = new Map(readdirSync(join(root, 'text')).map((f) => [f.replace(/\.txt$/, ''), f]));
  const anns = readdirSync(join(root, 'attributions')).filter((f) => f.endsWith('.ann')).sort();
  const counts: Record<Kind, Counts> = { source: newCounts(), cue: newCounts(), content: newCounts() };
  let rels = 0;
  let relFound = 0;
  let relWithSource = 0;
  let docs = 0;
  let ms = 0;
  const cache = new Map<string, QuoteFinding[]>();
  const missed: string[] = [];
  const spurious: string[] = [];
  for (const a of anns) {
    const base = a.replace(/_[0-9a-f]{4}\.ann$/, '');
    const tf = texts.get(base);
    if (!tf) continue;
    const text = readFileSync(join(root, 'text', tf), 'utf8');
    const gold = parseAnn(readFileSync(join(root, 'attributions', a), 'utf8'));
    docs++;
    let quotes = cache.get(base);
    if (!quotes) {
      const t0 = performance.now();
      const analysis = pipeline.run({ text });
      ms += performance.now() - t0;
      quotes = analysis.findings.filter((f): f is QuoteFinding => f.kind === 'quote');
      cache.set(base, quotes);
    }
    const rel = (f: QuoteFinding, role: string): Span | undefined => f.related?.find((r) => r.role === role)?.span;
    const preds: Record<Kind, Span[]> = {
      source: uniq(quotes.map((f) => rel(f, 'speaker')).filter((s): s is Span => !!s)),
      cue: uniq(quotes.map((f) => rel(f, 'cue')).filter((s): s is Span => !!s)),
      // direct quotes keep their marks, as PolNeAR's content spans do
      content: uniq(quotes.map((f) => (f.quoteType === 'indirect' ? rel(f, 'content')! : f.span))),
    };
    for (const k of KINDS) score(text, preds[k], gold.spans[k], counts[k]);
    for (const r of gold.rels) {
      if (!r.content || !r.cue) continue;
      rels++;
      const hit = quotes.find((f) => goldOverlaps(text, r.content!, f.quoteType === 'indirect' ? rel(f, 'content')! : f.span) && rel(f, 'cue') && goldOverlaps(text, r.cue!, rel(f, 'cue')!));
      if (hit) {
        relFound++;
        const sp = rel(hit, 'speaker');
        if (r.source && sp && goldOverlaps(text, r.source, sp)) relWithSource++;
      } else missed.push(`${base}: [${text.slice(r.cue.env.start, r.cue.env.end)}] ${text.slice(r.content.env.start, Math.min(r.content.env.end, r.content.env.start + 90)).replace(/\s+/g, ' ')}`);
    }
    for (const f of quotes) {
      const c = f.quoteType === 'indirect' ? rel(f, 'content')! : f.span;
      if (!gold.spans.content.some((g) => goldOverlaps(text, g, c))) spurious.push(`${base}: (${f.quoteType}, ${f.verb ?? '-'}) ${f.evidence.slice(0, 90).replace(/\s+/g, ' ')}`);
    }
  }
  console.log(`PolNeAR ${split}: ${docs} annotations of ${cache.size} texts; ${rels} gold attributions with cue and content`);
  console.log('');
  console.log('component  mode      precision  recall     F1      (pred / gold)');
  for (const k of KINDS) {
    const c = counts[k];
    for (const mode of ['strict', 'relaxed', 'overlap'] as const) {
      const p = c.pred ? c.tp[mode][0] / c.pred : 0;
      const r = c.gold ? c.tp[mode][1] / c.gold : 0;
      console.log(`${k.padEnd(9)}  ${mode.padEnd(8)}  ${fmt(p).padEnd(9)}  ${fmt(r).padEnd(9)}  ${fmt(f1(p, r))}   (${c.pred} / ${c.gold})`);
    }
  }
  console.log('');
  console.log(`attributions found (content and cue overlap): ${fmt(relFound / rels)} recall (${relFound}/${rels})`);
  console.log(`  … with an overlapping source:               ${fmt(relWithSource / rels)} recall (${relWithSource}/${rels}); ${fmt(relWithSource / Math.max(1, relFound))} of those found`);
  console.log(`throughput: ${(cache.size / (ms / 1000)).toFixed(1)} texts/s (nlp + actors + quotes)`);
  if (nErrors) {
    console.log(['', `missed (first ${nErrors}):`, ...missed.slice(0, nErrors), '', `predicted content overlapping no gold content (first ${nErrors}):`, ...spurious.slice(0, nErrors)].join('\n'));
  }
}

if (process.argv[1] && /polnear\.(ts|js)$/.test(process.argv[1])) main();
