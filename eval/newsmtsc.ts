/**
 * Scores the stance model on NewsMTSC's development splits: `npm run eval -- newsmtsc [--cv] [--retrain] [--set name=value]`.
 *
 * Data: ../shared/data/newsmtsc/{rw_dev,mt_dev}.jsonl (Hamborg & Donnay, EACL 2021; MIT). rw = "real-world"
 * (sentences as they come), mt = "multi-target" (sentences with two or more targets of different polarity).
 * Metric: macro-F1 over negative/neutral/positive and accuracy, per target (a target repeated with the same span in
 * one sentence is counted once). Published best (RoBERTa, test splits): macro-F1 83.1 rw, 82.5 mt.
 * --retrain trains in memory from train.jsonl with the script's hyperparameters instead of reading model.json (to
 * check that the committed weights are reproducible, or to try a hyperparameter with --set name=value).
 * --cv first scores 5-fold cross-validation on train.jsonl with the same hyperparameters (the tuning protocol).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featurize, train, quoteAround, HYPER } from '../scripts/train-stance.js';
import { compileModel, predict, predictTarget, CLASSES, type RawModel } from '../src/analyzers/stance/model.js';
import { readNewsMtsc } from '../src/analyzers/stance/dataset.js';
import { prepareSentence } from '../src/analyzers/stance/features.js';
import { defaultLexicon } from '../src/analyzers/stance/lexicon.js';
import { directedOf } from '../src/analyzers/stance/directed.js';
import { classScores } from './metrics.js';

const dir = join(process.cwd(), '..', 'shared', 'data', 'newsmtsc');
if (!existsSync(dir)) {
  console.log(`skip: ${dir} not found (NewsMTSC dev splits)`);
  process.exit(0);
}
const args = process.argv.slice(2);
const pct = (x: number): string => (100 * x).toFixed(1);
const hyper: Record<string, number> = { ...HYPER };
args.forEach((a, i) => {
  if (a === '--set') {
    const [k, v] = (args[i + 1] ?? '').split('=');
    if (!(k in HYPER) || !Number.isFinite(Number(v))) {
      console.error(`--set ${args[i + 1] ?? ''}: expected name=number with name one of ${Object.keys(HYPER).join(', ')}`);
      process.exit(2);
    }
    hyper[k] = Number(v);
  }
});
if (args.includes('--cv')) crossValidate(5);
let raw: RawModel;
if (args.includes('--retrain')) {
  const rows = featurize(join(dir, 'train.jsonl'));
  if (!rows) throw new Error('train.jsonl missing');
  raw = train(rows, hyper as typeof HYPER);
  console.log(`retrained: ${JSON.stringify(hyper)}`);
} else {
  raw = JSON.parse(readFileSync(new URL('../src/analyzers/stance/data/model.json', import.meta.url), 'utf8')) as RawModel;
}
const model = compileModel(raw);

export { classScores as scores } from './metrics.js';
const scores = classScores;

/**
 * K-fold cross-validation on train.jsonl (the tuning protocol: dev splits only confirm): contiguous folds of
 * sentences (neighbouring sentences of one article stay in one fold), a model trained on the other folds with the
 * script's hyperparameters (and any --set), pooled predictions scored once.
 */
function crossValidate(K: number): void {
  const rows = featurize(join(dir, 'train.jsonl'));
  if (!rows) {
    console.log('cv: train.jsonl missing, skipped');
    return;
  }
  const nSent = rows.length ? rows[rows.length - 1].sentence + 1 : 0;
  const fold = rows.map((r) => Math.floor((r.sentence * K) / nSent));
  const gold: number[] = [];
  const pred: number[] = [];
  for (let k = 0; k < K; k++) {
    const m = compileModel(train(rows.filter((_, i) => fold[i] !== k), hyper as typeof HYPER));
    rows.forEach((r, i) => {
      if (fold[i] !== k) return;
      gold.push(r.y);
      pred.push(CLASSES.indexOf(predict(m, r.f).polarity));
    });
  }
  const s = classScores(gold, pred);
  const rec = (c: number): string => pct(s.confusion[c][c] / Math.max(1, s.confusion[c][0] + s.confusion[c][1] + s.confusion[c][2]));
  console.log(`train ${K}-fold CV (${rows.length} targets, ${JSON.stringify(hyper)}): macro-F1 ${pct(s.macroF1)}, recall neutral ${rec(1)} / positive ${rec(2)} / negative ${rec(0)}\n`);
}

const published: Record<string, number> = { rw_dev: 83.1, mt_dev: 82.5 };
/** Share of gold class c called c (recall), from a confusion matrix (rows gold). */
const recall = (m: number[][], c: number): number => m[c][c] / Math.max(1, m[c][0] + m[c][1] + m[c][2]);
console.log('split    targets  macro-F1  accuracy  F1 neg/neu/pos     published best (RoBERTa, test)');
for (const split of ['rw_dev', 'mt_dev']) {
  const rows = featurize(join(dir, `${split}.jsonl`));
  if (!rows) {
    console.log(`${split}: missing, skipped`);
    continue;
  }
  const gold = rows.map((r) => r.y);
  const pred = rows.map((r) => CLASSES.indexOf(predict(model, r.f).polarity));
  const s = scores(gold, pred);
  console.log(
    `${split.padEnd(8)} ${String(rows.length).padStart(7)}  ${pct(s.macroF1).padStart(8)}  ${pct(s.accuracy).padStart(8)}  ${s.f1.map(pct).join('/').padEnd(16)} ${published[split]}`,
  );
  if (args.includes('--confusion')) console.log(`  confusion (rows gold neg/neu/pos): ${JSON.stringify(s.confusion)}`);
}

// The analyzer's call (stance 1.2.0): the model's call kept only when its evidence is about the target (directed.ts:
// locality >= 0.5), else neutral. The sentence's other gold targets are the other mentions it weighs against.
console.log('\nshare of gold called right (recall): neutral / positive / negative; macro-F1');
console.log('split    model: neu   pos   neg   F1    | analyzer (target-directed): neu   pos   neg   F1');
const lex = defaultLexicon();
for (const split of ['rw_dev', 'mt_dev']) {
  const data = readNewsMtsc(join(dir, `${split}.jsonl`));
  if (!data) continue;
  const gold: number[] = [];
  const raw: number[] = [];
  const directed: number[] = [];
  for (const s of data) {
    const info = prepareSentence(s.tokens, lex);
    const quoted = /["“”«»]/.test(s.text);
    const ranges = s.targets.map((t) => [t.tokFrom, t.tokTo] as const);
    for (const t of s.targets) {
      const p = predictTarget(model, info, t.tokFrom, t.tokTo, { inQuote: quoteAround(s.text, t.from), sentenceQuoted: quoted });
      const d = directedOf(info, t.tokFrom, t.tokTo, ranges, p.probs, p.score, [...p.pull.keys()], [...p.pull.values()]);
      gold.push(CLASSES.indexOf(t.gold));
      raw.push(CLASSES.indexOf(p.polarity));
      directed.push(CLASSES.indexOf(d.polarity));
    }
  }
  const a = scores(gold, raw);
  const b = scores(gold, directed);
  const row = (x: ReturnType<typeof scores>) => `${pct(recall(x.confusion, 1))}  ${pct(recall(x.confusion, 2))}  ${pct(recall(x.confusion, 0))}  ${pct(x.macroF1)}`;
  console.log(`${split.padEnd(8)} ${row(a)} | ${row(b)}`);
}
