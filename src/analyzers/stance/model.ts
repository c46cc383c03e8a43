import { emitFeatures, FIXED_NAMES, WORD_PREFIX, T_W, type FeatureSink, type Features, type SentenceInfo, type TargetExtras } from './features.js';

/**
 * A multinomial logistic regression over the sparse features of features.ts. The weights are trained by
 * scripts/train-stance.ts on NewsMTSC (MIT) and shipped as data/model.json.
 */

export const CLASSES = ['negative', 'neutral', 'positive'] as const;
export type Polarity = (typeof CLASSES)[number];

export interface RawModel {
  /** What the file is and its licence (every shipped data file says both: src/core/data-files.ts). */
  about?: string;
  licence?: string;
  format: 'parallax-stance-lr/1';
  classes: string[];
  trainedOn: string;
  hyperparameters: Record<string, number | string>;
  bias: number[];
  /** feature name -> [negative, neutral, positive] weights */
  weights: Record<string, number[]>;
}

export interface StanceModel {
  bias: number[];
  weights: Map<string, number[]>;
  trainedOn: string;
}

export interface Prediction {
  probs: [number, number, number];
  /** P(positive) - P(negative), in [-1, 1]. */
  score: number;
  polarity: Polarity;
  /** The score without the offset (what the sentence alone says). */
  baseScore: number;
  /** The probabilities without the offset. */
  baseProbs: [number, number, number];
  /** Per token index: the token's pull on the score (weight of positive minus weight of negative, times value). */
  pull: Map<number, number>;
}

export class StanceModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StanceModelError';
  }
}

export function compileModel(raw: RawModel): StanceModel {
  if (!raw || raw.format !== 'parallax-stance-lr/1') throw new StanceModelError('model.json: unknown format');
  if (JSON.stringify(raw.classes) !== JSON.stringify(CLASSES)) throw new StanceModelError('model.json: classes must be negative, neutral, positive');
  const ok = (w: unknown): w is number[] => Array.isArray(w) && w.length === 3 && w.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!ok(raw.bias)) throw new StanceModelError('model.json: bad bias');
  const weights = new Map<string, number[]>();
  for (const [k, w] of Object.entries(raw.weights ?? {})) {
    if (!ok(w)) throw new StanceModelError(`model.json: bad weights for ${k}`);
    weights.set(k, w);
  }
  return { bias: raw.bias.slice(), weights, trainedOn: raw.trainedOn };
}

export function softmax3(z: number[]): [number, number, number] {
  const m = Math.max(z[0], z[1], z[2]);
  const e0 = Math.exp(z[0] - m);
  const e1 = Math.exp(z[1] - m);
  const e2 = Math.exp(z[2] - m);
  const s = e0 + e1 + e2;
  return [e0 / s, e1 / s, e2 / s];
}

/** `offset` is added to the logits (a prior from outside the model, e.g. the label's connotation). */
export function predict(model: StanceModel, f: Features, offset?: number[]): Prediction {
  const z = model.bias.slice();
  const pull = new Map<number, number>();
  for (let i = 0; i < f.names.length; i++) {
    const w = model.weights.get(f.names[i]);
    if (!w) continue;
    const v = f.values[i];
    z[0] += w[0] * v;
    z[1] += w[1] * v;
    z[2] += w[2] * v;
    const k = f.tok[i];
    if (k >= 0) pull.set(k, (pull.get(k) ?? 0) + (w[2] - w[0]) * v);
  }
  return { ...outcome(z, offset), pull };
}

function outcome(z: number[], offset: number[] | undefined): Omit<Prediction, 'pull'> {
  const baseProbs = softmax3(z);
  let probs = baseProbs;
  const baseScore = probs[2] - probs[0];
  if (offset) probs = softmax3([z[0] + offset[0], z[1] + offset[1], z[2] + offset[2]]);
  let best = 1;
  if (probs[0] > probs[best]) best = 0;
  if (probs[2] > probs[best]) best = 2;
  return { probs, score: probs[2] - probs[0], baseScore, baseProbs, polarity: CLASSES[best] };
}

/** A Prediction whose pull is two parallel arrays (token, pull) in the order the Map would hold them. */
export interface TargetScore extends Omit<Prediction, 'pull'> {
  pullTok: number[];
  pullVal: number[];
}

const N_TABLES = WORD_PREFIX.length;

/**
 * Sums the weights of a target's features as emitFeatures produces them, in the same order and with the same
 * arithmetic as predict(model, targetFeatures(...)), without building the feature names. The model's weights are
 * copied into one Float64Array (3 per feature); a word feature's index in it is looked up once per word form and
 * cached on its WordInfo, a constant feature's once per model. The model is not expected to change once compiled.
 */
class Scorer implements FeatureSink {
  z0 = 0;
  z1 = 0;
  z2 = 0;
  pullTok: number[] = [];
  pullVal: number[] = [];
  /** Per token of the sentence: its index in pullTok, or -1. */
  slot = new Int32Array(64).fill(-1);
  s: SentenceInfo | null = null;
  readonly W: Float64Array;
  readonly index = new Map<string, number>();
  readonly fixedIx: Int32Array;
  constructor(readonly model: StanceModel) {
    this.W = new Float64Array(3 * model.weights.size);
    let i = 0;
    for (const [name, w] of model.weights) {
      this.index.set(name, i);
      this.W[3 * i] = w[0];
      this.W[3 * i + 1] = w[1];
      this.W[3 * i + 2] = w[2];
      i++;
    }
    this.fixedIx = Int32Array.from(FIXED_NAMES, (name) => this.index.get(name) ?? -1);
  }

  reset(s: SentenceInfo): void {
    const b = this.model.bias;
    this.z0 = b[0];
    this.z1 = b[1];
    this.z2 = b[2];
    this.pullTok = [];
    this.pullVal = [];
    if (this.slot.length < s.toks.length) this.slot = new Int32Array(s.toks.length * 2).fill(-1);
    this.s = s;
  }

  done(): void {
    for (const k of this.pullTok) this.slot[k] = -1;
    this.s = null;
  }

  word(table: number, k: number): void {
    const s = this.s!;
    const e = s.words[k];
    const slot = table >= T_W && s.negated[k] ? table + N_TABLES : table;
    let ix = e.ix;
    if (e.scorer !== this || !ix) {
      e.scorer = this;
      e.ix = ix = new Int32Array(2 * N_TABLES).fill(-2);
    }
    let i = ix[slot];
    if (i === -2) {
      i = this.index.get(`${WORD_PREFIX[table]}${slot >= N_TABLES ? 'NOT_' : ''}${e.norm}`) ?? -1;
      ix[slot] = i;
    }
    if (i >= 0) this.add(i, 1, k);
  }

  fixed(id: number, value: number, k: number): void {
    const i = this.fixedIx[id];
    if (i >= 0) this.add(i, value, k);
  }

  named(name: string, value: number, k: number): void {
    const i = this.index.get(name);
    if (i !== undefined) this.add(i, value, k);
  }

  add(i: number, v: number, k: number): void {
    const W = this.W;
    const o = 3 * i;
    this.z0 += W[o] * v;
    this.z1 += W[o + 1] * v;
    this.z2 += W[o + 2] * v;
    if (k >= 0) {
      // as predict's pull.set(k, (pull.get(k) ?? 0) + (w[2] - w[0]) * v)
      const j = this.slot[k];
      if (j < 0) {
        this.slot[k] = this.pullTok.length;
        this.pullTok.push(k);
        this.pullVal.push(0 + (W[o + 2] - W[o]) * v);
      } else this.pullVal[j] = this.pullVal[j] + (W[o + 2] - W[o]) * v;
    }
  }
}

const scorers = new WeakMap<StanceModel, Scorer>();

/** predict(model, targetFeatures(s, from, to, extras), offset), bit for bit, with the pull as arrays; much faster. */
export function scoreTarget(model: StanceModel, s: SentenceInfo, from: number, to: number, extras: TargetExtras, offset?: number[]): TargetScore {
  let sc = scorers.get(model);
  if (!sc) scorers.set(model, (sc = new Scorer(model)));
  sc.reset(s);
  emitFeatures(s, from, to, extras, sc);
  const z = [sc.z0, sc.z1, sc.z2];
  const { pullTok, pullVal } = sc;
  sc.done();
  const o = outcome(z, offset) as TargetScore;
  o.pullTok = pullTok;
  o.pullVal = pullVal;
  return o;
}

/** The same as predict(model, targetFeatures(s, from, to, extras), offset), bit for bit. */
export function predictTarget(model: StanceModel, s: SentenceInfo, from: number, to: number, extras: TargetExtras, offset?: number[]): Prediction {
  const { pullTok, pullVal, ...rest } = scoreTarget(model, s, from, to, extras, offset);
  const pull = new Map<number, number>();
  for (let i = 0; i < pullTok.length; i++) pull.set(pullTok[i], pullVal[i]);
  return { ...rest, pull };
}
