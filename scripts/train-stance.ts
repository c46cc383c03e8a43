/**
 * Trains the stance model: `npm run train:stance` (after `npm run build`), or `npx tsx scripts/train-stance.ts`.
 *
 * Data: ../shared/data/newsmtsc/train.jsonl — NewsMTSC (Hamborg & Donnay, EACL 2021), MIT licence. Nothing else is
 * trained on (the dev files are only read by eval/newsmtsc.ts).
 * Model: multinomial logistic regression over the target-relative features of src/analyzers/stance/features.ts,
 * trained with AdaGrad and L2 on the touched weights, iterate-averaged; features seen in fewer than MIN_COUNT
 * training targets are dropped, weights rounded to 3 decimals, near-zero rows pruned. Deterministic: fixed seed,
 * fixed order, so the same data gives the same model.json byte for byte.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { defaultLexicon } from '../src/analyzers/stance/lexicon.js';
import { prepareSentence, targetFeatures, type Features } from '../src/analyzers/stance/features.js';
import { readNewsMtsc } from '../src/analyzers/stance/dataset.js';
import { CLASSES, softmax3, type RawModel } from '../src/analyzers/stance/model.js';

export const HYPER = { minCount: 2, epochs: 20, learningRate: 0.05, l2: 1e-5, l2Lexical: 1e-3, balance: 0, seed: 20210419, prune: 0.002 };

/**
 * Dense features (lexicon sums, grammatical relations, flags) generalise to unseen words; lexical ones (a word at a
 * position) memorise. Lexical features get the stronger L2 (l2Lexical), so the model leans on the dense evidence
 * and uses words for what the lexicon misses.
 */
export function isDense(name: string): boolean {
  return !name.includes(':') || /^[a-z]+[+-]:/.test(name);
}

export interface Example {
  idx: Int32Array;
  val: Float64Array;
  y: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One training target: its features, its gold class index and the index of its sentence in the file. */
export interface Row {
  f: Features;
  y: number;
  sentence: number;
}

export function featurize(path: string): Row[] | null {
  const lex = defaultLexicon();
  const data = readNewsMtsc(path);
  if (!data) return null;
  const out: Row[] = [];
  for (const [si, s] of data.entries()) {
    const info = prepareSentence(s.tokens, lex);
    const quoted = /["“”«»]/.test(s.text);
    for (const t of s.targets) {
      const inQuote = quoteAround(s.text, t.from);
      out.push({ f: targetFeatures(info, t.tokFrom, t.tokTo, { inQuote, sentenceQuoted: quoted }), y: CLASSES.indexOf(t.gold), sentence: si });
    }
  }
  return out;
}

/** Odd number of double quote marks before the position: inside a quotation (sentence-level approximation). */
export function quoteAround(text: string, at: number): boolean {
  let open = false;
  for (let i = 0; i < at; i++) {
    const c = text[i];
    if (c === '“') open = true;
    else if (c === '”') open = false;
    else if (c === '"') open = !open;
  }
  return open;
}

export function train(rows: Array<{ f: Features; y: number }>, hyper = HYPER): RawModel {
  const count = new Map<string, number>();
  for (const r of rows) for (const name of new Set(r.f.names)) count.set(name, (count.get(name) ?? 0) + 1);
  const vocab = [...count.entries()].filter(([, c]) => c >= hyper.minCount).map(([k]) => k).sort();
  const index = new Map(vocab.map((k, i) => [k, i]));
  const examples: Example[] = rows.map((r) => {
    const acc = new Map<number, number>();
    r.f.names.forEach((name, i) => {
      const j = index.get(name);
      if (j !== undefined) acc.set(j, (acc.get(j) ?? 0) + r.f.values[i]);
    });
    const keys = [...acc.keys()].sort((a, b) => a - b);
    return { idx: Int32Array.from(keys), val: Float64Array.from(keys.map((k) => acc.get(k)!)), y: r.y };
  });
  const D = vocab.length + 1; // last row is the bias
  const l2Of = Float64Array.from([...vocab.map((k) => (isDense(k) ? hyper.l2 : hyper.l2Lexical)), 0]);
  const W = new Float64Array(D * 3);
  const G = new Float64Array(D * 3).fill(1e-8);
  const avg = new Float64Array(D * 3);
  // Class weights: (N / (3 · N_c))^balance — 0 leaves the data's class mix, 1 weighs every class equally.
  const freq = [0, 0, 0];
  for (const ex of examples) freq[ex.y]++;
  const balance = hyper.balance ?? 0;
  const cw = freq.map((f) => (f ? (examples.length / (3 * f)) ** balance : 1));
  const rand = mulberry32(hyper.seed);
  const order = examples.map((_, i) => i);
  let steps = 0;
  for (let ep = 0; ep < hyper.epochs; ep++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const oi of order) {
      const ex = examples[oi];
      const z = [W[(D - 1) * 3], W[(D - 1) * 3 + 1], W[(D - 1) * 3 + 2]];
      for (let t = 0; t < ex.idx.length; t++) {
        const b = ex.idx[t] * 3;
        const v = ex.val[t];
        z[0] += W[b] * v;
        z[1] += W[b + 1] * v;
        z[2] += W[b + 2] * v;
      }
      const p = softmax3(z);
      const update = (row: number, v: number): void => {
        const l2 = l2Of[row];
        for (let c = 0; c < 3; c++) {
          const g = cw[ex.y] * (p[c] - (c === ex.y ? 1 : 0)) * v + l2 * W[row * 3 + c];
          G[row * 3 + c] += g * g;
          W[row * 3 + c] -= (hyper.learningRate * g) / Math.sqrt(G[row * 3 + c]);
        }
      };
      for (let t = 0; t < ex.idx.length; t++) update(ex.idx[t], ex.val[t]);
      update(D - 1, 1);
    }
    // Average the weights over the second half of the epochs (iterate averaging smooths SGD noise).
    if (ep >= Math.floor(hyper.epochs / 2)) {
      for (let k = 0; k < W.length; k++) avg[k] += W[k];
      steps++;
    }
  }
  for (let k = 0; k < avg.length; k++) avg[k] /= steps;
  const r3 = (x: number): number => Math.round(x * 1000) / 1000 || 0;
  const weights: Record<string, number[]> = {};
  for (let i = 0; i < vocab.length; i++) {
    const w = [avg[i * 3], avg[i * 3 + 1], avg[i * 3 + 2]];
    const mean = (w[0] + w[1] + w[2]) / 3; // softmax is shift-invariant: centre each row
    const c = w.map((x) => r3(x - mean));
    if (Math.max(...c.map(Math.abs)) < hyper.prune) continue;
    weights[vocab[i]] = c;
  }
  const bb = [avg[(D - 1) * 3], avg[(D - 1) * 3 + 1], avg[(D - 1) * 3 + 2]];
  const bm = (bb[0] + bb[1] + bb[2]) / 3;
  return {
    about: 'Weights of the stance model (multinomial logistic regression over the features of src/analyzers/stance/features.ts), trained by scripts/train-stance.ts.',
    licence: 'MIT: weights trained here by scripts/train-stance.ts on NewsMTSC train.jsonl (MIT)',
    format: 'parallax-stance-lr/1',
    classes: [...CLASSES],
    trainedOn: 'NewsMTSC train.jsonl (Hamborg & Donnay, EACL 2021; MIT licence)',
    hyperparameters: { ...hyper, features: Object.keys(weights).length, trainingTargets: rows.length },
    bias: bb.map((x) => r3(x - bm)),
    weights,
  };
}

export function writeModel(model: RawModel, path: string): void {
  const lines = Object.entries(model.weights).map(([k, w]) => `${JSON.stringify(k)}:${JSON.stringify(w)}`);
  const head = { ...model, weights: undefined };
  const json = `${JSON.stringify(head, null, 1).replace(/\n}$/, '')},\n"weights":{\n${lines.join(',\n')}\n}}\n`;
  writeFileSync(path, json);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url).replace(/\.ts$/, '.js') === process.argv[1].replace(/\.ts$/, '.js');
if (isMain) {
  const path = join(process.cwd(), '..', 'shared', 'data', 'newsmtsc', 'train.jsonl');
  const t0 = Date.now();
  const rows = featurize(path);
  if (!rows) {
    console.log(`skip: ${path} not found (NewsMTSC train split); model.json left as it is`);
    process.exit(0);
  }
  const model = train(rows);
  const out = join(process.cwd(), 'src', 'analyzers', 'stance', 'data', 'model.json');
  writeModel(model, out);
  console.log(`trained on ${rows.length} targets, ${Object.keys(model.weights).length} features kept, ${Date.now() - t0} ms -> ${out}`);
}
