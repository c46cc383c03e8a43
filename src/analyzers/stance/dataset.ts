import { existsSync, readFileSync } from 'node:fs';
import { analyseText } from '../nlp/index.js';
import type { FTok } from './features.js';
import type { Polarity } from './model.js';

/**
 * Reads NewsMTSC (Hamborg & Donnay, EACL 2021; github.com/fhamborg/NewsMTSC, MIT) JSONL files for training and
 * evaluation: {sentence_normalized, targets: [{from, to, mention, polarity}]}, `to` exclusive, polarity 2.0
 * negative, 4.0 neutral, 6.0 positive. Each sentence is tokenised by the nlp analyzer, as at run time. Not used by
 * the analyzer itself.
 */

export interface MtscTarget {
  from: number;
  to: number;
  /** Token range [tokFrom, tokTo) in `tokens`. */
  tokFrom: number;
  tokTo: number;
  gold: Polarity;
}

export interface MtscSentence {
  text: string;
  tokens: FTok[];
  targets: MtscTarget[];
}

const POLARITY: Record<string, Polarity> = { '2': 'negative', '4': 'neutral', '6': 'positive' };

export function readNewsMtsc(path: string): MtscSentence[] | null {
  if (!existsSync(path)) return null;
  const out: MtscSentence[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as { sentence_normalized: string; targets: Array<{ from: number; to: number; polarity: number }> };
    const text = d.sentence_normalized;
    const tokens: FTok[] = analyseText(text).tokens.map((t) => ({ lower: t.lower, pos: t.pos, start: t.span.start, end: t.span.end }));
    const targets: MtscTarget[] = [];
    const seen = new Set<string>();
    for (const t of d.targets) {
      const gold = POLARITY[String(Math.round(t.polarity))];
      if (!gold) continue;
      const key = `${t.from}-${t.to}`;
      if (seen.has(key)) continue; // the data repeats some targets (same span, same label)
      seen.add(key);
      const r = tokenRange(tokens, t.from, t.to);
      if (!r) continue;
      targets.push({ from: t.from, to: t.to, tokFrom: r[0], tokTo: r[1], gold });
    }
    if (targets.length) out.push({ text, tokens, targets });
  }
  return out;
}

/** Tokens overlapping [from, to). */
export function tokenRange(tokens: ReadonlyArray<{ start: number; end: number }>, from: number, to: number): [number, number] | null {
  let a = -1;
  let b = -1;
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].end > from && tokens[k].start < to) {
      if (a < 0) a = k;
      b = k + 1;
    } else if (tokens[k].start >= to) break;
  }
  return a < 0 ? null : [a, b];
}
