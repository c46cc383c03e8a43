import type { SentenceInfo } from './features.js';
import { CLASSES, type Polarity } from './model.js';
import { defaultRoles } from './roles.js';

/**
 * Target-directed sentiment: how much of what the model read in a sentence is about this target.
 *
 * The model's call for a target mixes words about it ("the corrupt senator") with the sentence's general tone (a
 * war that killed thousands, criticism of another actor). Every word's pull on the score is known (model.ts), so
 * each is weighed by how close it stands to this target compared with the sentence's other actor mentions:
 *
 * | the word is … | weight |
 * |---|---|
 * | part of the target, or in the target's clause with no other mention of that clause nearer | 1 |
 * | in another clause that has no mention | 0.6 |
 * | nearer to another mention of its clause, or in another mention's clause | 0.2 |
 *
 * locality = Σ weight × pull / Σ pull over the words pulling toward the model's call. A call whose locality is below
 * 0.3 — most of its evidence is about something else — becomes neutral; a kept call's score is the model's score ×
 * locality. A neutral call stays neutral (score 0): hard news that names an actor without judging it is neutral,
 * whatever the sentence's tone. A negative call is neutral, too, when the target is the object of someone else's
 * charge ("Y accuses X of stealing", "stories that X does not pay"): the outlet reports the charge (accusedIn).
 */

/** Weight of a word nearer to another mention (or in another mention's clause), of one in another clause. */
const W_OTHER = 0.2;
const W_FAR = 0.6;
/** Below this locality the call becomes neutral (chosen among 0.3/0.4/0.5 on NewsMTSC dev: see docs). */
export const LOCALITY_MIN = 0.3;

/** Verbs whose object is the target of someone else's charge: "Y accuses X of …", "Y blamed X for …". */
const ACCUSE = new Set(['accuse', 'accuses', 'accused', 'accusing', 'blame', 'blames', 'blamed', 'blaming', 'charge', 'charges', 'charged', 'charging', 'allege', 'alleges', 'alleged', 'alleging', 'smear', 'smears', 'smeared', 'slander', 'slandered', 'slanders', 'demonise', 'demonize', 'demonised', 'demonized', 'vilify', 'vilified']);
/** Nouns that introduce someone else's claim in a that-clause: "spreading stories that X does not pay". */
const CLAIM_NOUNS = new Set(['stories', 'story', 'claims', 'claim', 'allegations', 'allegation', 'accusations', 'accusation', 'rumours', 'rumors', 'rumour', 'rumor', 'lies', 'narrative', 'narratives', 'charges', 'insinuations', 'myth', 'myths']);
const ACCUSE_WINDOW = 3;
const CLAIM_WINDOW = 6;

/**
 * The target is the object of someone else's charge ("Vessanian politicians accuse X of stealing", "stories that X
 * does not pay its bills"): the negative words are the accuser's, which the outlet reports, not its own judgement
 * of X. Only the words before the target in its clause are looked at.
 */
export function accusedIn(s: SentenceInfo, from: number): boolean {
  const tc = s.clause[from];
  for (let k = from - 1; k >= 0 && k >= from - CLAIM_WINDOW; k--) {
    const w = s.norm[k];
    if (k >= from - ACCUSE_WINDOW && s.clause[k] === tc && ACCUSE.has(w) && !s.negated[k]) return true;
    if (w === 'that' && k > 0 && CLAIM_NOUNS.has(s.norm[k - 1])) return true;
    if (s.punct[k] && w !== ',' && w !== '"' && w !== '“' && w !== '”') break;
  }
  return false;
}

const FAVOUR_ADP = new Set(['toward', 'towards', 'to', 'for', 'with']);
const FAVOUR_WINDOW = 3;

/**
 * The target receives someone's favour: "maintains a friendly stance toward X", "support for X", "helped X" (an
 * ally or peace-maker word of data/roles.json, not negated, just before the target or before a preposition that
 * introduces it, in its clause). A negative call there reads the favour's words wrongly (the model's weak point in
 * composition): the sentence tells of friendliness toward the target, not of the target.
 */
export function favouredIn(s: SentenceInfo, from: number): boolean {
  const tc = s.clause[from];
  const forms = defaultRoles().forms;
  const favour = (k: number): boolean => !s.negated[k] && (forms.get(s.norm[k]) ?? []).some((e) => e.role === 'ally' || e.role === 'peace-maker');
  let k = from - 1;
  while (k >= 0 && s.clause[k] === tc && (s.toks[k].pos === 'DET' || s.norm[k] === "'s" || s.norm[k] === '’s')) k--;
  if (k < 0 || s.clause[k] !== tc) return false;
  if (s.toks[k].pos === 'VERB') return favour(k); // "helped X", "supported X"
  if (!FAVOUR_ADP.has(s.norm[k])) return false;
  for (let j = k - 1; j >= 0 && j >= k - FAVOUR_WINDOW && s.clause[j] === tc; j--) {
    if (favour(j)) return true;
    if (s.toks[j].pos === 'VERB' || s.punct[j]) return false;
  }
  return false;
}

export interface Directed {
  polarity: Polarity;
  /** The model's P(positive) − P(negative) × locality for a non-neutral call; 0 for a neutral one. */
  score: number;
  /** Share of the pull toward the call that comes from words about this target (1 when no word pulled). */
  locality: number;
  /** A negative call made neutral because the target is the object of someone else's charge (accusedIn). */
  accused?: boolean;
}

function weightOf(s: SentenceInfo, k: number, from: number, to: number, ranges: ReadonlyArray<readonly [number, number]>): number {
  if (k >= from && k < to) return 1;
  const own = s.clause[k] === s.clause[from];
  const d = k < from ? from - k : k - to + 1;
  for (const [a, b] of ranges) {
    if (a === from && b === to) continue;
    const e = k >= a && k < b ? 0 : k < a ? a - k : k - b + 1;
    const theirs = s.clause[a] === s.clause[k];
    if ((theirs && !own) || (theirs === own && e < d)) return W_OTHER;
  }
  return own ? 1 : W_FAR;
}

/**
 * `probs` and `score` are the model's output for the target without outside offsets; `pullTok`/`pullVal` its
 * per-token pulls (model.ts scoreTarget); `ranges` the token ranges of every actor mention in the sentence (the
 * target's own included).
 */
export function directedOf(s: SentenceInfo, from: number, to: number, ranges: ReadonlyArray<readonly [number, number]>, probs: readonly number[], score: number, pullTok: readonly number[], pullVal: readonly number[]): Directed {
  let best = 1;
  if (probs[0] > probs[best]) best = 0;
  if (probs[2] > probs[best]) best = 2;
  const polarity = CLASSES[best];
  if (polarity === 'neutral') return { polarity, score: 0, locality: 1 };
  const dir = polarity === 'positive' ? 1 : -1;
  let total = 0;
  let local = 0;
  for (let i = 0; i < pullTok.length; i++) {
    const v = pullVal[i] * dir;
    if (v <= 0) continue;
    total += v;
    local += v * weightOf(s, pullTok[i], from, to, ranges);
  }
  const locality = total > 0 ? local / total : 1;
  const r = (x: number): number => Math.round(x * 1000) / 1000 || 0;
  if (locality < LOCALITY_MIN) return { polarity: 'neutral', score: 0, locality: r(locality) };
  if (polarity === 'negative' && accusedIn(s, from)) return { polarity: 'neutral', score: 0, locality: r(locality), accused: true };
  if (polarity === 'negative' && favouredIn(s, from)) return { polarity: 'neutral', score: 0, locality: r(locality) };
  return { polarity, score: r(score * locality), locality: r(locality) };
}
