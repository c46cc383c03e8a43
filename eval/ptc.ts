/**
 * Propaganda techniques scored on the PTC corpus (SemEval-2020 Task 11), ../shared/data/ptc: 371 training
 * articles with span (SI) and technique (TC) labels, used here as development data. PTC is for research use: it is
 * used to evaluate and to see how annotators draw spans; nothing in the shipped lexicons was copied from it and no
 * weights are trained on it.
 *
 * SI — span identification. The task's metric (Da San Martino et al., EMNLP 2019, and the organisers' SI
 * scorer): per article, overlapping spans are merged on each side (SI is technique-agnostic); then
 *   P = Σ_s Σ_t |s∩t| / |s|  / |S|,   R = Σ_s Σ_t |s∩t| / |t|  / |T|   (sums over all predicted S, gold T)
 * pooled over the corpus, and F1 = 2PR/(P+R). The brief's "max over gold spans" equals this sum whenever a
 * predicted span meets at most one (merged) gold span; both are printed. Predictions are every technique
 * finding of the analyzer, whatever its voice (PTC does not separate quoted speech).
 * Difference from the official scorer: it reads characters by Python string index; we use JS UTF-16 indexes,
 * which differ only for characters outside the BMP (rare in these articles).
 * Per technique, the same metric on the spans of one technique only (ours of technique T against gold of T).
 *
 * TC — technique classification. Given each gold span (article, start, end), predict its technique; micro-F1
 * over the gold spans equals accuracy. Two predictors are scored:
 *  (1) findings: the technique of the finding that overlaps the gold span most (by |f∩g| / |f∪g|, ties to higher
 *      confidence); for spans no finding touches (a) the most frequent training class (Loaded_Language), as the
 *      task baseline does, or (b) nothing (counted wrong);
 *  (2) span reading: `classifySpan()` of the techniques analyzer, which reads the given span (its length, shape,
 *      cues and lexicon words inside it, whether its words recur in the article) as a TC system does.
 * The majority-class baseline is printed for scale.
 *
 * Usage: npm run eval -- ptc [--limit N] [--half A|B] [--confusion] [--cues] [--drop CUE,CUE] [--dump FILE]
 * (--half A / B: the articles at even / odd positions of the sorted file list (also spelt even / odd) — rules are
 * developed on A and confirmed on B; --cues: precision per cue; --drop: ablation, ignores findings of the named
 * cues or lexicon groups; --dump: every finding as JSON to FILE and the TC predictions to FILE.tc.json, for
 * reading errors)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPipeline, type Analyzer } from '../src/core/pipeline.js';
import { nlpAnalyzer } from '../src/analyzers/nlp/index.js';
import { actorsAnalyzer } from '../src/analyzers/actors/index.js';
import { labelsAnalyzer } from '../src/analyzers/labels/index.js';
import { quotesAnalyzer } from '../src/analyzers/quotes/index.js';
import { techniquesAnalyzer, TECHNIQUES, classifySpan, type SpanContext } from '../src/analyzers/techniques/index.js';
import type { ActorMentionFinding, TechniqueFinding } from '../src/core/finding.js';
import { intersection as inter, mergeIntervals, perClassPrf, siScore, tcPredict, type Interval } from './metrics.js';

export { mergeIntervals, siScore, type Interval, type SiScore } from './metrics.js';

interface GoldTc {
  id: string;
  technique: string;
  start: number;
  end: number;
}
interface Args {
  limit: number;
  half: 'A' | 'B' | null;
  confusion: boolean;
  cues: boolean;
  drop: Set<string>;
  dump: string | null;
}

function parseArgs(argv: string[]): Args {
  const val = (name: string): string | null => {
    const i = argv.indexOf(name);
    return i >= 0 ? (argv[i + 1] ?? '') : null;
  };
  const h = val('--half');
  const half = h === null ? null : h === 'A' || h === 'even' ? 'A' : h === 'B' || h === 'odd' ? 'B' : undefined;
  const limit = val('--limit');
  const bad = half === undefined ? `--half takes A or B (even or odd), not "${h}"` : limit !== null && !(Number(limit) > 0) ? `--limit takes a positive number, not "${limit}"` : null;
  if (bad) {
    console.error(`eval ptc: ${bad}`);
    process.exit(2);
  }
  return {
    limit: limit === null ? Infinity : Number(limit),
    half: half ?? null,
    confusion: argv.includes('--confusion'),
    cues: argv.includes('--cues'),
    drop: new Set((val('--drop') ?? '').split(',').filter(Boolean)),
    dump: val('--dump'),
  };
}

function readGold(root: string): { goldSi: Map<string, Interval[]>; goldTc: GoldTc[] } {
  const goldSi = new Map<string, Interval[]>();
  for (const line of readFileSync(join(root, 'train-task1-SI.labels'), 'utf8').split('\n')) {
    const [id, s, e] = line.split('\t');
    if (!id || s === undefined) continue;
    (goldSi.get(id) ?? goldSi.set(id, []).get(id)!).push({ start: Number(s), end: Number(e) });
  }
  const goldTc: GoldTc[] = [];
  for (const line of readFileSync(join(root, 'train-task2-TC.labels'), 'utf8').split('\n')) {
    const [id, technique, s, e] = line.split('\t');
    if (!id || !technique) continue;
    goldTc.push({ id, technique, start: Number(s), end: Number(e) });
  }
  return { goldSi, goldTc };
}

interface Run {
  findingsOf: Map<string, TechniqueFinding[]>;
  contextOf: Map<string, SpanContext>;
  words: number;
  techMs: number;
  cpuMs: number;
}

function runArticles(root: string, files: string[], drop: Set<string>): Run {
  const pipeline = createPipeline([nlpAnalyzer, actorsAnalyzer, labelsAnalyzer, quotesAnalyzer, techniquesAnalyzer] as Analyzer[]);
  const findingsOf = new Map<string, TechniqueFinding[]>();
  const contextOf = new Map<string, SpanContext>();
  let words = 0;
  let techMs = 0;
  const cpu0 = process.cpuUsage();
  for (const f of files) {
    const id = f.replace(/^article|\.txt$/g, '');
    const text = readFileSync(join(root, 'train-articles', f), 'utf8');
    words += text.split(/\s+/).filter(Boolean).length;
    const a = pipeline.run({ text, articleId: id });
    techMs += a.timings.techniques ?? 0;
    const all = a.findings.filter((x): x is TechniqueFinding => x.kind === 'technique');
    findingsOf.set(id, all.filter((x) => !drop.has(x.cue)));
    const mentions = a.findings.filter((x): x is ActorMentionFinding => x.kind === 'actor-mention' && x.actorKind !== 'place').map((x) => x.span);
    contextOf.set(id, { text, findings: all, mentions });
  }
  const cpu = process.cpuUsage(cpu0);
  return { findingsOf, contextOf, words, techMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const f3 = (x: number): string => x.toFixed(3);

function reportSi(run: Run, gold: Map<string, Interval[]>, goldTc: GoldTc[]): void {
  const pred = new Map([...run.findingsOf].map(([id, ts]) => [id, ts.map((t) => ({ start: t.span.start, end: t.span.end }))]));
  const si = siScore(pred, gold, 'sum');
  const siMax = siScore(pred, gold, 'max');
  console.log('\nSI (span identification, official overlap metric; published best F1 0.516 on test)');
  console.log(`  sum (official): P ${f3(si.precision)}  R ${f3(si.recall)}  F1 ${f3(si.f1)}   (${si.predicted} merged predicted spans, ${si.gold} merged gold spans)`);
  console.log(`  max variant:    P ${f3(siMax.precision)}  R ${f3(siMax.recall)}  F1 ${f3(siMax.f1)}`);
  console.log('\nSI per technique (our spans of the technique against gold spans of the same technique, same metric)');
  console.log(`  ${'technique'.padEnd(36)} gold  ours      P      R     F1`);
  for (const t of TECHNIQUES) {
    const p = new Map<string, Interval[]>();
    const g = new Map<string, Interval[]>();
    for (const [id, ts] of run.findingsOf) p.set(id, ts.filter((x) => x.technique === t).map((x) => ({ start: x.span.start, end: x.span.end })));
    for (const x of goldTc) if (x.technique === t) (g.get(x.id) ?? g.set(x.id, []).get(x.id)!).push(x);
    const s = siScore(p, g, 'sum');
    console.log(`  ${t.padEnd(36)} ${String(s.gold).padStart(4)}  ${String(s.predicted).padStart(4)}  ${f3(s.precision)}  ${f3(s.recall)}  ${f3(s.f1)}`);
  }
}

const ABBR = (t: string): string => t.replace(/[^A-Z]/g, '').slice(0, 3) || t.slice(0, 3);

function printTcTable(title: string, gold: string[], predicted: Array<string | null>, confusion: boolean): void {
  const rows = perClassPrf(gold, predicted);
  console.log(`\n${title}: per technique`);
  console.log(`  ${'technique'.padEnd(36)} gold  pred      P      R     F1`);
  for (const t of TECHNIQUES) {
    const r = rows.get(t);
    if (!r) continue;
    console.log(`  ${t.padEnd(36)} ${String(r.gold).padStart(4)}  ${String(r.predicted).padStart(4)}  ${f3(r.precision)}  ${f3(r.recall)}  ${f3(r.f1)}`);
  }
  if (!confusion) return;
  const cols = [...TECHNIQUES, '(none)'];
  console.log(`\n${title}: confusion (rows gold, columns predicted; ${TECHNIQUES.map((t) => `${ABBR(t)}=${t}`).join(' ')})`);
  console.log(`  ${''.padEnd(5)}${cols.map((c) => (c === '(none)' ? 'none' : ABBR(c)).padStart(5)).join('')}`);
  for (const g of TECHNIQUES) {
    const counts = cols.map((c) => {
      let n = 0;
      for (let i = 0; i < gold.length; i++) if (gold[i] === g && (predicted[i] ?? '(none)') === c) n++;
      return n;
    });
    console.log(`  ${ABBR(g).padEnd(5)}${counts.map((n) => String(n).padStart(5)).join('')}`);
  }
}

function reportTc(run: Run, goldTc: GoldTc[], majority: string, confusion: boolean, dump: string | null): void {
  const goldLabels = goldTc.map((g) => g.technique);
  const byFinding = goldTc.map((g) => tcPredict(run.findingsOf.get(g.id) ?? [], g)?.technique ?? null);
  const byReading = goldTc.map((g) => classifySpan(run.contextOf.get(g.id)!, g));
  if (dump) writeFileSync(`${dump}.tc.json`, JSON.stringify(goldTc.map((g, i) => ({ ...g, reading: byReading[i], finding: byFinding[i] }))));
  const n = goldTc.length;
  const acc = (ps: Array<string | null>): number => ps.filter((p, i) => p === goldLabels[i]).length / Math.max(1, n);
  const covered = byFinding.filter((p) => p !== null).length;
  const fallback = byFinding.map((p) => p ?? majority);
  console.log('\nTC (technique classification on gold spans; micro-F1 = accuracy; published best 0.621 on test)');
  console.log(`  span reading (classifySpan): ${f3(acc(byReading))}`);
  console.log(`  findings, with fallback to "${majority}": ${f3(acc(fallback))}`);
  console.log(`  findings, without fallback (no finding = wrong): ${f3(acc(byFinding))}`);
  console.log(`  on the ${covered} of ${n} gold spans a finding overlaps (${((100 * covered) / n).toFixed(1)}%): ${f3(acc(byFinding) * n / Math.max(1, covered))}`);
  console.log(`  majority-class baseline: ${f3(goldLabels.filter((g) => g === majority).length / Math.max(1, n))}`);
  printTcTable('TC by span reading', goldLabels, byReading, confusion);
  printTcTable('TC by findings (no fallback)', goldLabels, byFinding, confusion);
}

function reportCues(run: Run, gold: Map<string, Interval[]>): void {
  const byCue = new Map<string, { n: number; p: number }>();
  for (const [id, ts] of run.findingsOf) {
    const gs = mergeIntervals(gold.get(id) ?? []);
    for (const t of ts) {
      let acc = 0;
      for (const g of gs) acc += inter(t.span, g) / (t.span.end - t.span.start);
      const k = `${t.technique} ${t.cue}`;
      const e = byCue.get(k) ?? { n: 0, p: 0 };
      e.n++;
      e.p += acc;
      byCue.set(k, e);
    }
  }
  console.log('\nPer cue: findings, SI precision');
  for (const [k, e] of [...byCue].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${k.padEnd(64)} ${String(e.n).padStart(5)} ${f3(e.p / e.n)}`);
}

function main(): void {
  const root = join('..', 'shared', 'data', 'ptc');
  if (!existsSync(join(root, 'train-articles'))) {
    console.log(`skip: PTC data not found at ${root} (it is not part of the repository)`);
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const { goldSi, goldTc } = readGold(root);
  const classCounts = new Map<string, number>();
  for (const g of goldTc) classCounts.set(g.technique, (classCounts.get(g.technique) ?? 0) + 1);
  const majority = [...classCounts.entries()].sort((a, b) => b[1] - a[1])[0][0];

  const files = readdirSync(join(root, 'train-articles'))
    .filter((f) => /^article\d+\.txt$/.test(f))
    .sort()
    .filter((_, i) => args.half === null || i % 2 === (args.half === 'A' ? 0 : 1))
    .slice(0, args.limit);
  const run = runArticles(root, files, args.drop);
  if (args.dump) {
    const rows = [...run.findingsOf].flatMap(([id, ts]) => ts.map((t) => ({ id, start: t.span.start, end: t.span.end, technique: t.technique, cue: t.cue, confidence: t.confidence })));
    writeFileSync(args.dump, JSON.stringify(rows));
  }
  const ids = new Set(run.findingsOf.keys());
  const gold = new Map([...goldSi].filter(([id]) => ids.has(id)));
  const tcGold = goldTc.filter((g) => ids.has(g.id));
  console.log(`PTC train (dev here${args.half ? `, half ${args.half}` : ''}): ${files.length} articles, ${run.words} words; techniques analyzer ${(run.techMs / files.length).toFixed(2)} ms/article, whole pipeline ${(run.cpuMs / files.length).toFixed(1)} ms CPU/article`);
  reportSi(run, gold, tcGold);
  reportTc(run, tcGold, majority, args.confusion, args.dump);
  if (args.cues) reportCues(run, gold);
}

if (process.argv[1] && /ptc\.(ts|js)$/.test(process.argv[1])) main();
