/**
 * Propaganda techniques scored on the PTC corpus (SemEval-2020 Task 11), ../shared/data/ptc: 371 training
 * articles with span (SI) and technique (TC) labels, used here as development data. PTC is for evaluation only:
 * nothing in the shipped lexicons was derived from its labels.
 *
 * SI — span identification. The task's metric (Da San Martino et al., EMNLP 2019, and the organisers' SI
 * scorer): per article, overlapping spans are merged on each side (SI is technique-agnostic); then
 *   P = Σ_s Σ_t |s∩t| / |s|  / |S|,   R = Σ_s Σ_t |s∩t| / |t|  / |T|   (sums over all predicted S, gold T)
 * pooled over the corpus, and F1 = 2PR/(P+R). The brief's "max over gold spans" equals this sum whenever a
 * predicted span meets at most one (merged) gold span; both are printed. Predictions are every technique
 * finding of the analyzer, whatever its voice (PTC does not separate quoted speech).
 * Difference from the official scorer: it reads characters by Python string index; we use JS UTF-16 indexes,
 * which differ only for characters outside the BMP (rare in these articles).
 *
 * TC — technique classification. Given each gold span (article, start, end), predict its technique; micro-F1
 * over the gold spans equals accuracy. Our prediction for a gold span: the technique of the finding that
 * overlaps it most (by |f∩g| / |f∪g|, ties to higher confidence). For spans no finding touches we report two
 * numbers: (a) with a fallback to the most frequent class of the training labels (Loaded_Language), as the task
 * baseline does; (b) without, counting them wrong. The majority-class baseline is printed for scale.
 *
 * Usage: npm run eval -- ptc [--limit N] [--half even|odd] [--confusion] [--cues] [--drop CUE,CUE]  (--cues:
 * precision per cue; --drop: ablation, ignores findings of the named cues or lexicon groups; --half: only the
 * articles at even / odd positions of the sorted file list — choices about cues are made on the even half and
 * the odd half is reported as held out)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPipeline, type Analyzer } from '../src/core/pipeline.js';
import { nlpAnalyzer } from '../src/analyzers/nlp/index.js';
import { actorsAnalyzer } from '../src/analyzers/actors/index.js';
import { labelsAnalyzer } from '../src/analyzers/labels/index.js';
import { quotesAnalyzer } from '../src/analyzers/quotes/index.js';
import { techniquesAnalyzer, TECHNIQUES } from '../src/analyzers/techniques/index.js';
import type { TechniqueFinding } from '../src/core/finding.js';
import { intersection as inter, mergeIntervals, siScore, tcPredict, type Interval } from './metrics.js';

export { mergeIntervals, siScore, type Interval, type SiScore } from './metrics.js';

function main(): void {
  const root = join('..', 'shared', 'data', 'ptc');
  if (!existsSync(join(root, 'train-articles'))) {
    console.log(`skip: PTC data not found at ${root} (it is not part of the repository)`);
    return;
  }
  const argv = process.argv.slice(2);
  const limitArg = argv.indexOf('--limit');
  const limit = limitArg >= 0 ? Number(argv[limitArg + 1]) : Infinity;
  const showConfusion = argv.includes('--confusion');
  const dropArg = argv.indexOf('--drop');
  const halfArg = argv.indexOf('--half');
  const half = halfArg >= 0 ? (argv[halfArg + 1] as 'even' | 'odd') : null;
  if (half !== null && half !== 'even' && half !== 'odd') throw new Error('--half takes even or odd');
  const drop = new Set(dropArg >= 0 ? argv[dropArg + 1].split(',') : []);

  const goldSi = new Map<string, Interval[]>();
  for (const line of readFileSync(join(root, 'train-task1-SI.labels'), 'utf8').split('\n')) {
    const [id, s, e] = line.split('\t');
    if (!id || s === undefined) continue;
    (goldSi.get(id) ?? goldSi.set(id, []).get(id)!).push({ start: Number(s), end: Number(e) });
  }
  const goldTc: Array<{ id: string; technique: string; start: number; end: number }> = [];
  for (const line of readFileSync(join(root, 'train-task2-TC.labels'), 'utf8').split('\n')) {
    const [id, technique, s, e] = line.split('\t');
    if (!id || !technique) continue;
    goldTc.push({ id, technique, start: Number(s), end: Number(e) });
  }
  const classCounts = new Map<string, number>();
  for (const g of goldTc) classCounts.set(g.technique, (classCounts.get(g.technique) ?? 0) + 1);
  const majority = [...classCounts.entries()].sort((a, b) => b[1] - a[1])[0][0];

  const files = readdirSync(join(root, 'train-articles'))
    .filter((f) => /^article\d+\.txt$/.test(f))
    .sort()
    .filter((_, i) => half === null || i % 2 === (half === 'even' ? 0 : 1))
    .slice(0, limit);
  const pipeline = createPipeline([nlpAnalyzer, actorsAnalyzer, labelsAnalyzer, quotesAnalyzer, techniquesAnalyzer] as Analyzer[]);
  const pred = new Map<string, Interval[]>();
  const findingsOf = new Map<string, TechniqueFinding[]>();
  const perTechnique = new Map<string, Interval[]>();
  let words = 0;
  const cpu0 = process.cpuUsage();
  let techMs = 0;
  for (const f of files) {
    const id = f.replace(/^article|\.txt$/g, '');
    const text = readFileSync(join(root, 'train-articles', f), 'utf8');
    words += text.split(/\s+/).filter(Boolean).length;
    const a = pipeline.run({ text, articleId: id });
    techMs += a.timings.techniques ?? 0;
    const ts = a.findings.filter((x): x is TechniqueFinding => x.kind === 'technique' && !drop.has((x as TechniqueFinding).cue));
    findingsOf.set(id, ts);
    pred.set(id, ts.map((t) => ({ start: t.span.start, end: t.span.end })));
  }
  const cpu = process.cpuUsage(cpu0);
  const ids = new Set(files.map((f) => f.replace(/^article|\.txt$/g, '')));
  const gold = new Map([...goldSi].filter(([id]) => ids.has(id)));

  const si = siScore(pred, gold, 'sum');
  const siMax = siScore(pred, gold, 'max');
  console.log(`PTC train (dev here${half ? `, ${half} half` : ''}): ${files.length} articles, ${words} words; techniques analyzer ${(techMs / files.length).toFixed(2)} ms/article, whole pipeline ${((cpu.user + cpu.system) / 1000 / files.length).toFixed(1)} ms CPU/article`);
  console.log('\nSI (span identification, official overlap metric; published best F1 0.516 on test)');
  console.log(`  sum (official): P ${si.precision.toFixed(3)}  R ${si.recall.toFixed(3)}  F1 ${si.f1.toFixed(3)}   (${si.predicted} merged predicted spans, ${si.gold} merged gold spans)`);
  console.log(`  max variant:    P ${siMax.precision.toFixed(3)}  R ${siMax.recall.toFixed(3)}  F1 ${siMax.f1.toFixed(3)}`);

  // Per-technique SI precision: how much of each technique's predicted text lies inside some gold span.
  for (const [id, ts] of findingsOf) for (const t of ts) (perTechnique.get(t.technique) ?? perTechnique.set(t.technique, []).get(t.technique)!).push({ start: t.span.start, end: t.span.end, id } as Interval & { id: string });

  // TC
  let withFallback = 0;
  let without = 0;
  let covered = 0;
  let coveredRight = 0;
  let majorityRight = 0;
  const confusion = new Map<string, Map<string, number>>();
  const tcGold = goldTc.filter((g) => ids.has(g.id));
  for (const g of tcGold) {
    const best = tcPredict(findingsOf.get(g.id) ?? [], g);
    const predicted = best ? best.technique : null;
    if (predicted) covered++;
    if (predicted === g.technique) {
      without++;
      coveredRight++;
    }
    if ((predicted ?? majority) === g.technique) withFallback++;
    if (g.technique === majority) majorityRight++;
    const row = confusion.get(g.technique) ?? new Map<string, number>();
    row.set(predicted ?? '(none)', (row.get(predicted ?? '(none)') ?? 0) + 1);
    confusion.set(g.technique, row);
  }
  const n = tcGold.length;
  console.log('\nTC (technique classification on gold spans; micro-F1 = accuracy; published best 0.621 on test)');
  console.log(`  with fallback to "${majority}": ${(withFallback / n).toFixed(3)}`);
  console.log(`  without fallback (no finding = wrong): ${(without / n).toFixed(3)}`);
  console.log(`  on the ${covered} of ${n} gold spans a finding overlaps (${((100 * covered) / n).toFixed(1)}%): ${(coveredRight / Math.max(1, covered)).toFixed(3)}`);
  console.log(`  majority-class baseline: ${(majorityRight / n).toFixed(3)}`);

  console.log('\nPer technique (gold spans; recall = a finding of that technique overlaps; SI precision of our spans of that technique)');
  console.log(`  ${'technique'.padEnd(36)} gold  ours  TC-recall  SI-prec`);
  for (const t of TECHNIQUES) {
    const row = confusion.get(t);
    const g = row ? [...row.values()].reduce((a, b) => a + b, 0) : 0;
    const right = row?.get(t) ?? 0;
    const ours = (perTechnique.get(t) ?? []) as Array<Interval & { id: string }>;
    let p = 0;
    for (const s of ours) {
      let acc = 0;
      for (const gsp of mergeIntervals(gold.get(s.id) ?? [])) acc += inter(s, gsp) / (s.end - s.start);
      p += acc;
    }
    console.log(`  ${t.padEnd(36)} ${String(g).padStart(4)}  ${String(ours.length).padStart(4)}  ${(g ? right / g : 0).toFixed(3).padStart(9)}  ${(ours.length ? p / ours.length : 0).toFixed(3).padStart(7)}`);
  }
  if (argv.includes('--cues')) {
    const byCue = new Map<string, { n: number; p: number }>();
    for (const [id, ts] of findingsOf) {
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
    for (const [k, e] of [...byCue].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${k.padEnd(64)} ${String(e.n).padStart(5)} ${(e.p / e.n).toFixed(3)}`);
  }
  if (showConfusion) {
    console.log('\nConfusion (gold -> predicted counts)');
    for (const [g, row] of confusion) console.log(`  ${g}: ${[...row.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
}

if (process.argv[1] && /ptc\.(ts|js)$/.test(process.argv[1])) main();
