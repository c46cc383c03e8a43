import type { Features } from './features.js';

/**
 * A multinomial logistic regression over the sparse features of features.ts. The weights are trained by
 * scripts/train-stance.ts on NewsMTSC (MIT) and shipped as data/model.json.
 */

export const CLASSES = ['negative', 'neutral', 'positive'] as const;
export type Polarity = (typeof CLASSES)[number];

export interface RawModel {
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
  let probs = softmax3(z);
  const baseScore = probs[2] - probs[0];
  if (offset) probs = softmax3([z[0] + offset[0], z[1] + offset[1], z[2] + offset[2]]);
  let best = 1;
  if (probs[0] > probs[best]) best = 0;
  if (probs[2] > probs[best]) best = 2;
  return { probs, score: probs[2] - probs[0], baseScore, polarity: CLASSES[best], pull };
}
