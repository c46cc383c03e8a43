/**
 * Actor mentions scored on the multilingual NER development sets (../shared/data/multilingual/<lang>/dev.jsonl:
 * Persian ArmanPersoNER, Arabic ANERcorp, Hebrew NEMO, Russian factRuEval-2016, Turkish Milliyet; see that
 * folder's README). Azerbaijani has no set and is reported as such.
 *
 * Each record's text runs through nlp + actors with the record's language (`--baseline` also runs it as English,
 * what Parallax did before it read these languages). Kinds map to the sets' types: person -> PER,
 * organisation -> ORG, state and place -> LOC. MISC gold spans are excluded: a prediction that overlaps only MISC
 * gold is neither right nor wrong (the sets define MISC differently); MISC is not scored.
 *
 * Exact: same start, end and type. Exact*: also exact when the gold span starts with clitic prefixes that the
 * prediction leaves out (Hebrew ו ה ב ל מ ש כ, Arabic و ف ب ل ك and the article after them): NEMO and ANERcorp
 * tag whole tokens ("לישראל", "بالقاهرة"); actors up to 1.3.0 spanned the name alone ("ישראל", "القاهرة"), 1.4.0 spans the
 * written word (its label is the name), so the two measures now agree. Overlap: a gold mention is found when a prediction of its type shares a
 * character with it; a prediction is right when it shares a character with a gold mention of its type. Micro
 * P/R/F1 per type and over the three. Speed: characters and records per second of the two analyzers, measured
 * around pipeline.run only (one core, after the lexicons are built).
 *
 * Halves: `--half A` or `--half B` keeps the records whose id hashes (FNV-1a, 32 bit) to an even or odd number, so a
 * rule can be developed on one half and confirmed on the other (a gain that shows on one half only is fitting).
 *
 * Usage: npm run eval -- multilingual [--lang fa,ar] [--half A|B] [--baseline] [--limit N] [--errors N]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createPipeline } from '../src/core/pipeline.js';
import { nlpAnalyzer } from '../src/analyzers/nlp/index.js';
import { actorsAnalyzer } from '../src/analyzers/actors/index.js';
import type { ActorMentionFinding } from '../src/core/finding.js';
import { mentionCounts } from './metrics.js';

type NerType = 'PER' | 'ORG' | 'LOC';
const TYPES: NerType[] = ['PER', 'ORG', 'LOC'];
const LANGS = ['fa', 'ar', 'he', 'ru', 'tr', 'az'];

interface Gold {
  start: number;
  end: number;
  type: NerType | 'MISC';
  text: string;
}
interface Rec {
  id: string;
  lang: string;
  text: string;
  entities: Gold[];
}
interface Pred {
  start: number;
  end: number;
  type: NerType;
  text: string;
}

export interface Counts {
  exact: Record<NerType, { tpP: number; fp: number; tpG: number; fn: number }>;
  lenient: Record<NerType, { tp: number; fp: number; fn: number }>;
  overlap: Record<NerType, { tpP: number; fp: number; tpG: number; fn: number }>;
}

export function emptyCounts(): Counts {
  const e = (): { tp: number; fp: number; fn: number } => ({ tp: 0, fp: 0, fn: 0 });
  const o = (): { tpP: number; fp: number; tpG: number; fn: number } => ({ tpP: 0, fp: 0, tpG: 0, fn: 0 });
  return { exact: { PER: o(), ORG: o(), LOC: o() }, lenient: { PER: e(), ORG: e(), LOC: e() }, overlap: { PER: o(), ORG: o(), LOC: o() } };
}

const KIND_TYPE: Record<string, NerType> = { person: 'PER', organisation: 'ORG', state: 'LOC', place: 'LOC' };
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

const CLITICS: Record<string, RegExp> = { he: /^[והבלמשכ]{1,3}$/u, ar: /^(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)$/u };

/** Same end, and the gold span's extra start is only clitic prefixes (see Exact* above). */
export function lenientSame(g: Gold, p: Pred, lang: string): boolean {
  if (g.end !== p.end || p.start < g.start) return false;
  if (p.start === g.start) return true;
  const re = CLITICS[lang];
  return !!re && re.test(g.text.slice(0, p.start - g.start));
}

/**
 * Adds one record's predictions and gold to the counts; returns the errors (for --errors). Exact and overlap come
 * from eval/metrics.ts mentionCounts (the metric every entity eval shares); exact* is counted here.
 */
export function score(gold: readonly Gold[], preds: readonly Pred[], c: Counts, lang = ''): string[] {
  const errors: string[] = [];
  const scored = gold.filter((g): g is Gold & { type: NerType } => g.type !== 'MISC');
  const misc = gold.filter((g) => g.type === 'MISC');
  // a prediction that overlaps only MISC gold is neither right nor wrong
  const kept = preds.filter((p) => scored.some((g) => overlaps(g, p)) || !misc.some((g) => overlaps(g, p)));
  const m = mentionCounts(scored, kept, TYPES);
  for (const t of TYPES) {
    const g = scored.filter((x) => x.type === t);
    const p = kept.filter((x) => x.type === t);
    const r = m[t];
    const ex = c.exact[t];
    ex.tpP += r.exact[0];
    ex.fp += r.pred - r.exact[0];
    ex.tpG += r.exact[1];
    ex.fn += r.gold - r.exact[1];
    const ov = c.overlap[t];
    ov.tpP += r.overlap[0];
    ov.fp += r.pred - r.overlap[0];
    ov.tpG += r.overlap[1];
    ov.fn += r.gold - r.overlap[1];
    const le = c.lenient[t];
    for (const x of p) {
      if (g.some((y) => lenientSame(y, x, lang))) le.tp++;
      else le.fp++;
      if (!g.some((y) => y.start === x.start && y.end === x.end)) errors.push(`FP ${t} «${x.text}»${g.some((y) => overlaps(x, y)) ? ' (overlaps gold)' : ''}`);
    }
    for (const y of g) {
      if (!p.some((x) => lenientSame(y, x, lang))) le.fn++;
      if (!p.some((x) => x.start === y.start && x.end === y.end)) errors.push(`FN ${t} «${y.text}»`);
    }
  }
  return errors;
}

const f1 = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);
const fmt = (x: number): string => x.toFixed(3);

/** Exact and overlap P/R/F1 for one type, or over all three when t is undefined. */
export function prf(c: Counts, t?: NerType): { exact: [number, number, number]; lenient: [number, number, number]; overlap: [number, number, number] } {
  const ts = t ? [t] : TYPES;
  const sum = (f: (x: NerType) => number): number => ts.reduce((a, x) => a + f(x), 0);
  const ratio = (a: number, b: number): number => (a + b ? a / (a + b) : 0);
  const p = ratio(sum((x) => c.exact[x].tpP), sum((x) => c.exact[x].fp));
  const r = ratio(sum((x) => c.exact[x].tpG), sum((x) => c.exact[x].fn));
  const lp = ratio(sum((x) => c.lenient[x].tp), sum((x) => c.lenient[x].fp));
  const lr = ratio(sum((x) => c.lenient[x].tp), sum((x) => c.lenient[x].fn));
  const op = ratio(sum((x) => c.overlap[x].tpP), sum((x) => c.overlap[x].fp));
  const or = ratio(sum((x) => c.overlap[x].tpG), sum((x) => c.overlap[x].fn));
  return { exact: [p, r, f1(p, r)], lenient: [lp, lr, f1(lp, lr)], overlap: [op, or, f1(op, or)] };
}

/** FNV-1a 32-bit hash of a string (the half a record belongs to). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Half A: records whose id hashes to an even number; half B: odd. */
export function inHalf(id: string, half: 'A' | 'B'): boolean {
  return (fnv1a(id) % 2 === 0) === (half === 'A');
}

function readRecords(file: string, limit: number): Rec[] {
  const out: Rec[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim() || (limit > 0 && out.length >= limit)) return;
    try {
      out.push(JSON.parse(line) as Rec);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  });
  return out;
}

interface RunResult {
  counts: Counts;
  chars: number;
  ms: number;
  records: number;
  errors: Map<string, number>;
}

function runLanguage(records: readonly Rec[], language: string | undefined): RunResult {
  const pipeline = createPipeline([nlpAnalyzer, actorsAnalyzer]);
  pipeline.run({ text: 'warm up', language }); // lexicons and models are built when the pipeline is; one run warms the JIT
  const counts = emptyCounts();
  const errors = new Map<string, number>();
  let ms = 0;
  let chars = 0;
  for (const r of records) {
    const t0 = performance.now();
    const a = pipeline.run({ text: r.text, language });
    ms += performance.now() - t0;
    chars += r.text.length;
    const preds: Pred[] = [];
    for (const f of a.findings) {
      if (f.kind !== 'actor-mention') continue;
      const m = f as ActorMentionFinding;
      preds.push({ start: m.span.start, end: m.span.end, type: KIND_TYPE[m.actorKind], text: m.evidence });
    }
    for (const e of score(r.entities, preds, counts, r.lang)) errors.set(e, (errors.get(e) ?? 0) + 1);
  }
  return { counts, chars, ms, records: records.length, errors };
}

function printTable(title: string, rows: Array<{ lang: string; res: RunResult }>): void {
  console.log(`\n${title}`);
  console.log('| lang | type | exact P | exact R | exact F1 | exact* F1 | overlap P | overlap R | overlap F1 |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const { lang, res } of rows) {
    for (const t of [...TYPES, undefined]) {
      const s = prf(res.counts, t);
      console.log(`| ${lang} | ${t ?? 'all'} | ${s.exact.map(fmt).join(' | ')} | ${fmt(s.lenient[2])} | ${s.overlap.map(fmt).join(' | ')} |`);
    }
  }
  console.log('\n| lang | records | characters | chars/s | records/s |');
  console.log('|---|---|---|---|---|');
  for (const { lang, res } of rows) {
    const sec = res.ms / 1000;
    console.log(`| ${lang} | ${res.records} | ${res.chars} | ${Math.round(res.chars / sec)} | ${Math.round(res.records / sec)} |`);
  }
}

function main(): void {
  const { values } = parseArgs({
    options: { lang: { type: 'string' }, half: { type: 'string' }, baseline: { type: 'boolean' }, limit: { type: 'string' }, errors: { type: 'string' } },
  });
  const dir = join('..', 'shared', 'data', 'multilingual');
  if (!existsSync(dir)) {
    console.log(`skip: ${dir} not found (the multilingual NER development sets are read from ../shared/data)`);
    return;
  }
  const langs = values.lang ? values.lang.split(',') : LANGS;
  for (const l of langs) if (!LANGS.includes(l)) throw new Error(`--lang: unknown language "${l}" (one of ${LANGS.join(', ')})`);
  const half = values.half?.toUpperCase();
  if (half !== undefined && half !== 'A' && half !== 'B') throw new Error(`--half: "${values.half}" is not A or B`);
  const limit = values.limit ? Number(values.limit) : 0;
  const nErrors = values.errors ? Number(values.errors) : 0;
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(nErrors) || nErrors < 0) throw new Error('--limit and --errors take a non-negative whole number');
  const after: Array<{ lang: string; res: RunResult }> = [];
  const before: Array<{ lang: string; res: RunResult }> = [];
  for (const lang of langs) {
    const file = join(dir, lang, 'dev.jsonl');
    if (!existsSync(file)) {
      console.log(`skip ${lang}: ${file} not found${lang === 'az' ? ' (no public Azerbaijani news NER set; see the data README)' : ''}`);
      continue;
    }
    const records = readRecords(file, 0).filter((r) => !half || inHalf(r.id, half));
    if (limit) records.splice(limit);
    const res = runLanguage(records, lang);
    after.push({ lang, res });
    if (values.baseline) before.push({ lang, res: runLanguage(records, undefined) });
    if (nErrors) {
      console.log(`\n${lang}: most frequent errors`);
      for (const [e, n] of [...res.errors].sort((x, y) => y[1] - x[1]).slice(0, nErrors)) console.log(`  ${n} × ${e}`);
    }
  }
  if (values.baseline) printTable('Before: the English rules on this text (language unset), nlp + actors', before);
  printTable(`Parallax, language-aware (nlp + actors), PER/ORG/LOC; MISC excluded${half ? `; half ${half}` : ''}`, after);
}

if (process.argv[1] && /multilingual\.(ts|js)$/.test(process.argv[1])) main();
