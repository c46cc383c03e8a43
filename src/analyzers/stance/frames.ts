import { readJson, StanceDataError } from './lexicon.js';
import type { SentenceInfo } from './features.js';

/**
 * Threat framing: the target named as the source of a threat ("the threat from X", "X's expansion", "X destabilises
 * the region", "the aggressive regime"), not as its victim ("a threat to X", "threatens X", "X was threatened").
 * Word list in data/frames.json (each entry with a note), validated when loaded. Local patterns over the target's
 * clause, up to FRAME_WINDOW tokens either side; linear in sentence length.
 */

export type FrameKind = 'noun' | 'verb' | 'adj';

export interface RawFrames {
  threat: Array<{ word: string; kind: FrameKind; note: string }>;
}

export interface FrameLexicon {
  threat: Map<string, FrameKind>;
}

const WORD = /^[a-z][a-z'-]*$/;
const KINDS = new Set(['noun', 'verb', 'adj']);

export function compileFrames(raw: RawFrames): FrameLexicon {
  if (!raw || !Array.isArray(raw.threat)) throw new StanceDataError('frames.json: expected {threat: [...]}');
  const threat = new Map<string, FrameKind>();
  for (const e of raw.threat) {
    if (!e || typeof e.word !== 'string' || !WORD.test(e.word)) throw new StanceDataError(`frames.json: bad word ${JSON.stringify(e?.word)}`);
    if (!KINDS.has(e.kind)) throw new StanceDataError(`frames.json: "${e.word}" needs kind noun, verb or adj`);
    if (typeof e.note !== 'string' || !e.note) throw new StanceDataError(`frames.json: "${e.word}" needs a note`);
    threat.set(e.word, e.kind);
  }
  return { threat };
}

let cached: FrameLexicon | undefined;
export function defaultFrames(): FrameLexicon {
  cached ??= compileFrames(readJson<RawFrames>('frames.json'));
  return cached;
}

const FRAME_WINDOW = 5;
/** Prepositions that make the target the one harmed ("a threat to X", "aggression against X"). */
const VICTIM_ADP = new Set(['to', 'against', 'on', 'for', 'towards', 'toward', 'into', 'at', 'upon']);
/** Prepositions that make the target the source ("the threat from X", "posed by X", "the expansion of X"). */
const AGENT_ADP = new Set(['from', 'by', 'of']);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'get', 'got', 'gets']);

/** Token index of the word that frames the target [from, to) as a threat, or -1. */
export function threatCue(s: SentenceInfo, from: number, to: number, frames: FrameLexicon): number {
  const { norm, clause, toks, negated } = s;
  const n = norm.length;
  if (from >= n) return -1;
  const tc = clause[from];
  // After the target: "X threatens", "X's expansion", "X poses a threat", "X is hostile" (not "X was threatened").
  let passive = false;
  for (let k = to; k < n && k < to + FRAME_WINDOW && clause[k] === tc; k++) {
    const w = norm[k];
    const kind = frames.threat.get(w);
    if (kind && !negated[k]) {
      if (kind === 'verb' && passive && /(?:ed|en)$/.test(w)) return -1;
      return k;
    }
    if (BE.has(w)) passive = true;
    if (toks[k].pos === 'ADP' && w !== "'s") break; // "X's response to threats": another phrase
    if (toks[k].pos === 'PUNCT' || toks[k].pos === 'CCONJ' || toks[k].pos === 'SCONJ') break;
  }
  // Before the target: "the threat from X", "danger posed by X", "expansion of X's influence", "the aggressive X".
  let agent = false;
  for (let k = from - 1; k >= 0 && k >= from - FRAME_WINDOW && clause[k] === tc; k--) {
    const w = norm[k];
    const kind = frames.threat.get(w);
    if (kind && !negated[k]) {
      if (kind === 'adj' && !agent) {
        let ok = true; // only determiners and adjectives between: the adjective describes the target
        for (let j = k + 1; j < from; j++) if (toks[j].pos !== 'DET' && toks[j].pos !== 'ADJ') ok = false;
        if (ok) return k;
      }
      return agent ? k : -1;
    }
    if (toks[k].pos === 'ADP') {
      if (VICTIM_ADP.has(w)) return -1;
      if (AGENT_ADP.has(w)) agent = true;
    }
    if (toks[k].pos === 'PUNCT' || toks[k].pos === 'CCONJ') return -1;
  }
  return -1;
}
