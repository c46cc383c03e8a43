import { valenceOf, type StanceLexicon } from './lexicon.js';

/**
 * Target-dependent features for one mention in one sentence. The same code builds the training vectors
 * (scripts/train-stance.ts, from NewsMTSC sentences run through the nlp analyzer) and the analyzer's, so the model
 * sees at run time exactly what it was trained on.
 *
 * Each feature remembers the token that fired it (or -1), so the words that drove a prediction can be shown.
 */

export interface FTok {
  lower: string;
  pos: string;
  start: number;
  end: number;
}

export interface Features {
  names: string[];
  values: number[];
  /** Index of the token behind each feature, -1 for features of the target or the sentence as a whole. */
  tok: number[];
}

export interface SentenceInfo {
  toks: FTok[];
  norm: string[];
  punct: boolean[];
  clause: number[];
  /** Per clause: 'point' (after "but", the main clause of "although"), 'conceded', or ''. */
  role: string[];
  negated: boolean[];
  /** Valence after negation, intensifiers and hedges, on VADER's -4..4 scale; 0 for most words. */
  val: number[];
  reporting: boolean[];
  /** Feature names of each token's bag-of-words and same-clause features, built once per sentence. */
  wName: string[];
  cName: string[];
  /** Per token: the lexicon's entry for its form. */
  words: WordInfo[];
}

const PUNCT_RE = /^[^\p{L}\p{N}]+$/u;
const BOUNDARY = new Set([',', ';', ':', '—', '–', '--', '(', ')', '"', '“', '”', '‘', '’', '«', '»', '?', '!']);
const PRON = new Set(['he', 'she', 'it', 'they', 'we', 'i', 'you', 'his', 'her', 'its', 'their', 'him', 'them', 'us', 'our']);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", 'get', 'got', 'gets']);
const NEG_SCOPE = 4;
const NEG_FACTOR = -0.74; // VADER's N_SCALAR

function normWord(lower: string): string {
  if (/\d/.test(lower)) return '<num>';
  return lower.replace(/’/g, "'");
}

/**
 * What the lexicon says about one token form (its lower-case text), looked up once per form and lexicon and then
 * shared by every sentence: the per-token work of prepareSentence is one Map lookup.
 */
export interface WordInfo {
  norm: string;
  punct: boolean;
  boundary: boolean;
  contrast: 'before' | 'after' | undefined;
  negator: boolean;
  intensifier: number | undefined;
  hedge: number | undefined;
  reporting: boolean;
  /** valenceOf(lex, norm) */
  valence: number;
  /** The form itself is in the valence lexicon (lex.valence.has(norm)). */
  listed: boolean;
  /** The bag-of-words and same-clause feature names, plain and negated. */
  wName: string;
  wNameNot: string;
  cName: string;
  cNameNot: string;
  /** For model.ts: the index of each of the word's features (per word table and negation) in `scorer`'s weights. */
  scorer: unknown;
  ix: Int32Array | null;
}

const WORD_CACHE_MAX = 200_000;
const wordCaches = new WeakMap<StanceLexicon, Map<string, WordInfo>>();

function wordInfo(cache: Map<string, WordInfo>, lex: StanceLexicon, lower: string): WordInfo {
  let e = cache.get(lower);
  if (e) return e;
  const w = normWord(lower);
  e = {
    norm: w,
    punct: PUNCT_RE.test(w),
    boundary: BOUNDARY.has(w),
    contrast: lex.contrast.get(w),
    negator: lex.negators.has(w),
    intensifier: lex.intensifiers.get(w),
    hedge: lex.hedges.get(w),
    reporting: lex.reporting.has(w),
    valence: valenceOf(lex, w),
    listed: lex.valence.has(w),
    wName: `w:${w}`,
    wNameNot: `w:NOT_${w}`,
    cName: `c:${w}`,
    cNameNot: `c:NOT_${w}`,
    scorer: undefined,
    ix: null,
  };
  if (cache.size >= WORD_CACHE_MAX) cache.clear();
  cache.set(lower, e);
  return e;
}

/** Per-sentence analysis shared by every target in it: clauses, negation scopes and word valences. */
export function prepareSentence(toks: FTok[], lex: StanceLexicon): SentenceInfo {
  let cache = wordCaches.get(lex);
  if (!cache) wordCaches.set(lex, (cache = new Map()));
  const n = toks.length;
  // Arrays filled by push, in order, so they stay packed.
  const words: WordInfo[] = [];
  const norm: string[] = [];
  const punct: boolean[] = [];
  const clause: number[] = [];
  const negated: boolean[] = [];
  const val: number[] = [];
  const reporting: boolean[] = [];
  const starts: Array<{ kind: 'before' | 'after'; clause: number }> = [];
  let c = 0;
  for (let k = 0; k < n; k++) {
    const e = wordInfo(cache, lex, toks[k].lower);
    words.push(e);
    norm.push(e.norm);
    punct.push(e.punct);
    negated.push(false);
    val.push(0);
    reporting.push(false);
    const kind = e.contrast;
    const coordClause = (e.norm === 'and' || e.norm === 'or') && k + 1 < n && PRON.has(toks[k + 1].lower) && k > 0;
    if (e.boundary) {
      clause.push(c);
      if (k > 0) c++;
      continue;
    }
    if ((kind || coordClause) && k > 0 && clause[k - 1] === c && !words[k - 1].boundary) c++;
    if (kind) starts.push({ kind, clause: c });
    clause.push(c);
  }
  const nClauses = c + 1;
  const role = new Array<string>(nClauses).fill('');
  for (const s of starts) {
    if (s.kind === 'after') {
      role[s.clause] = 'point';
      for (let j = 0; j < s.clause; j++) if (!role[j]) role[j] = 'conceded';
    } else {
      role[s.clause] = 'conceded';
      const other = s.clause > 0 ? s.clause - 1 : s.clause + 1;
      if (other < nClauses && !role[other]) role[other] = 'point';
    }
  }
  // Negation: a negator flips the next NEG_SCOPE words of its clause.
  for (let k = 0; k < n; k++) {
    if (!words[k].negator) continue;
    for (let j = k + 1; j < n && j <= k + NEG_SCOPE && clause[j] === clause[k] && !punct[j]; j++) negated[j] = true;
  }
  // Hedges damp their clause; intensifiers boost the next two words.
  const hedge = new Array<number>(nClauses).fill(1);
  for (let k = 0; k < n; k++) {
    const h = words[k].hedge;
    if (h !== undefined) hedge[clause[k]] = Math.min(hedge[clause[k]], h);
    if (words[k].reporting) reporting[k] = true;
  }
  for (let k = 0; k < n; k++) {
    if (punct[k]) continue;
    const e = words[k];
    let v = e.valence;
    if (!v) continue;
    if (e.intensifier !== undefined || e.negator) continue;
    for (let j = k - 1; j >= 0 && j >= k - 2; j--) {
      const f = words[j].intensifier;
      if (f !== undefined) {
        v *= f;
        break;
      }
    }
    if (negated[k]) v *= NEG_FACTOR;
    v *= hedge[clause[k]];
    val[k] = v;
  }
  // Harm to a good thing is bad: a positive word governed by a negative one ("a threat to peace", "undermines
  // stability", "attacks on democracy") counts against, not for, what the clause is about.
  for (let k = 1; k < n; k++) {
    if (val[k] <= 0) continue;
    for (let j = k - 1, seen = 0; j >= 0 && seen < 3 && clause[j] === clause[k]; j--) {
      const p = toks[j].pos;
      if (p === 'DET' || p === 'ADP' || p === 'ADJ' || p === 'CCONJ') {
        if (val[j] < 0) {
          val[k] = -0.5 * val[k];
          break;
        }
        continue;
      }
      if (val[j] < 0 && !negated[j]) val[k] = -0.5 * val[k];
      seen++;
      break;
    }
  }
  const wName: string[] = [];
  const cName: string[] = [];
  for (let k = 0; k < n; k++) {
    wName.push(negated[k] ? words[k].wNameNot : words[k].wName);
    cName.push(negated[k] ? words[k].cNameNot : words[k].cName);
  }
  return { toks, norm, punct, clause, role, negated, val, reporting, wName, cName, words };
}

export interface TargetExtras {
  /** The mention is inside a direct quotation. */
  inQuote?: boolean;
  /** The sentence contains (part of) a direct quotation. */
  sentenceQuoted?: boolean;
}

/**
 * Where the features of a target go: to a list of names (targetFeatures, for training) or straight into the model's
 * logits (model.ts predictTarget, at run time), so both are built by the same code. Feature names are either a word
 * table's prefix plus a token's normalised word (`word`) or one of this module's constant names (`fixed`, by id).
 */
export interface FeatureSink {
  /** The feature WORD_PREFIX[table] + ('NOT_' if table >= T_W and token k is negated) + norm[k], value 1, fired by token k. */
  word(table: number, k: number): void;
  /** The feature FIXED_NAMES[id]. */
  fixed(id: number, value: number, k: number): void;
  /** A feature with any other name (only for role names other than 'point' and 'conceded'). */
  named(name: string, value: number, k: number): void;
}

/** Word tables: the target's words, position buckets left and right, bag of words, same clause, verb relations. */
export const T_M = 0;
const T_L = 0; // + bucket 1..3
const T_R = 3; // + bucket 1..3
export const T_W = 7;
const T_C = 8;
const T_REL = 9;
const RELS = ['spk', 'pv', 'sv', 'ov', 'ag', 'pn', 'ps'];
const SPK = 0;
const PV = 1;
const SV = 2;
const OV = 3;
const AG = 4;
const PN = 5;
const PS = 6;
export const WORD_PREFIX: readonly string[] = ['m:', 'L1:', 'L2:', 'L3:', 'R1:', 'R2:', 'R3:', 'w:', 'c:', ...RELS.map((r) => `${r}:`)];

/** Constant feature names, by id: sink.fixed(id) is the feature FIXED_NAMES[id]. */
export const FIXED_NAMES: string[] = [];
const fx = (name: string): number => FIXED_NAMES.push(name) - 1;
/** Ids by sign (0 '+', 1 '-'), role (0 'point', 1 'conceded'), side (0 'L', 1 'R') or bucket (1-4). */
const SIGNS = ['+', '-'];
const ROLES = ['point', 'conceded'];
const F_PRON = fx('pron');
const F_MV_POS = fx('mv+');
const F_MV_NEG = fx('mv-');
const F_INQ = fx('inq');
const F_SQ = fx('sq');
const F_FIRST = fx('first');
const F_LCS = fx('lcs');
const F_REP = fx('rep');
const ROLE_F = ROLES.map((r) => fx(`role:${r}`));
const LS = SIGNS.map((g) => fx(`ls${g}`));
const LC = SIGNS.map((g) => fx(`lc${g}`));
const LO = SIGNS.map((g) => fx(`lo${g}`));
const LC_ROLE = SIGNS.map((g) => ROLES.map((r) => fx(`lc${g}:${r}`)));
const LO_ROLE = SIGNS.map((g) => ROLES.map((r) => fx(`lo${g}:${r}`)));
const LN = SIGNS.map((g) => ['L', 'R'].map((side) => fx(`ln${g}:${side}`)));
const NL = SIGNS.map((g) => ['', '1', '2', '3', '4'].map((b) => fx(`nl${g}${b}`)));
const NR = SIGNS.map((g) => ['', '1', '2', '3', '4'].map((b) => fx(`nr${g}${b}`)));
const REL_F = RELS.map((r) => fx(r));
const REL_SIGNED = RELS.map((r) => SIGNS.map((g) => fx(`${r}${g}`)));
const roleIx = (r: string): number => (r === 'point' ? 0 : r === 'conceded' ? 1 : -1);

/** Distance bucket: 1, 2 (2-3), 3 (4-6) or 0 (farther). */
function bucket(d: number): number {
  return d === 1 ? 1 : d <= 3 ? 2 : d <= 6 ? 3 : 0;
}

const PASSIVE_RE = /(?:ed|en)$/;

/** Features of the target spanning tokens [from, to) of the prepared sentence. */
export function targetFeatures(s: SentenceInfo, from: number, to: number, extras: TargetExtras = {}): Features {
  const names: string[] = [];
  const values: number[] = [];
  const tok: number[] = [];
  const { norm, negated } = s;
  emitFeatures(s, from, to, extras, {
    word(table, k) {
      names.push(`${WORD_PREFIX[table]}${table >= T_W && negated[k] ? 'NOT_' : ''}${norm[k]}`);
      values.push(1);
      tok.push(k);
    },
    fixed(id, value, k) {
      names.push(FIXED_NAMES[id]);
      values.push(value);
      tok.push(k);
    },
    named(name, value, k) {
      names.push(name);
      values.push(value);
      tok.push(k);
    },
  });
  return { names, values, tok };
}

/** The features of targetFeatures, in the same order, given to `sink`. */
export function emitFeatures(s: SentenceInfo, from: number, to: number, extras: TargetExtras, sink: FeatureSink): void {
  const { toks, norm, punct, clause, role, negated, val } = s;
  const n = toks.length;
  const tc = clause[Math.min(from, n - 1)] ?? 0;
  const tRole = role[tc] ?? '';
  const tr = roleIx(tRole);
  // The target itself: its words, its own valence (the "corrupt senator") and the label's connotation.
  let mPos = 0;
  let mNeg = 0;
  for (let k = from; k < to; k++) sink.word(T_M, k);
  if (to - from === 1 && PRON.has(norm[from])) sink.fixed(F_PRON, 1, -1);
  for (let k = from; k < to; k++) {
    if (val[k] > 0) mPos += val[k];
    else if (val[k] < 0) mNeg -= val[k];
  }
  if (mPos) sink.fixed(F_MV_POS, mPos / 4, from);
  if (mNeg) sink.fixed(F_MV_NEG, mNeg / 4, from);
  if (extras.inQuote) sink.fixed(F_INQ, 1, -1);
  if (extras.sentenceQuoted) sink.fixed(F_SQ, 1, -1);
  if (from === 0) sink.fixed(F_FIRST, 1, -1);
  if (tr >= 0) sink.fixed(ROLE_F[tr], 1, -1);
  else if (tRole) sink.named(`role:${tRole}`, 1, -1);

  for (let k = 0; k < n; k++) {
    if (k >= from && k < to) continue;
    const left = k < from;
    const d = left ? from - k : k - to + 1;
    const b = bucket(d);
    if (b) sink.word((left ? T_L : T_R) + b, k);
    if (punct[k]) continue;
    const same = clause[k] === tc;
    sink.word(T_W, k);
    if (same) sink.word(T_C, k);
    const v = val[k];
    if (!v) continue;
    const g = v > 0 ? 0 : 1;
    const a = Math.abs(v) / 4;
    sink.fixed(LS[g], a, k);
    if (same) {
      sink.fixed(LC[g], a, k);
      if (tr >= 0) sink.fixed(LC_ROLE[g][tr], a, k);
      else if (tRole) sink.named(`lc${SIGNS[g]}:${tRole}`, a, k);
    } else {
      sink.fixed(LO[g], a, k);
      const r = role[clause[k]];
      const ri = roleIx(r);
      if (ri >= 0) sink.fixed(LO_ROLE[g][ri], a, k);
      else if (r) sink.named(`lo${SIGNS[g]}:${r}`, a, k);
    }
    if (d <= 3) sink.fixed(LN[g][left ? 0 : 1], a, k);
  }

  // Grammatical relation to a nearby verb: subject ("Israel attacked"), passive subject ("Israel was condemned"),
  // object ("condemned Israel") or complement of a noun ("support for Israel", "crimes of the regime").
  let aux = false;
  for (let k = to; k < n && k < to + 6 && clause[k] === tc; k++) {
    const p = toks[k].pos;
    if (p === 'AUX' || p === 'PART' || p === 'ADV') {
      if (BE.has(norm[k])) aux = true;
      continue;
    }
    if (p === 'VERB') {
      const passive = aux && PASSIVE_RE.test(norm[k]);
      const rel = s.reporting[k] ? SPK : passive ? PV : SV;
      verbRel(rel, k);
    }
    break;
  }
  if (to < n && (norm[to] === 'said' || norm[to] === 'says') && toks[to].pos !== 'VERB') verbRel(SPK, to);
  for (let k = from - 1, steps = 0; k >= 0 && steps < 5 && clause[k] === tc; k--, steps++) {
    const p = toks[k].pos;
    if (p === 'DET' || p === 'ADJ' || p === 'NUM' || (p === 'PROPN' && steps === 0) || norm[k] === "'s") continue;
    if (p === 'VERB') verbRel(s.reporting[k] ? SPK : OV, k);
    else if (p === 'ADP') {
      if (norm[k] === 'to' && k > 0 && norm[k - 1] === 'according') verbRel(SPK, k - 1);
      else if (norm[k] === 'by' && k > 0 && toks[k - 1].pos === 'VERB') verbRel(AG, k - 1);
      else if (k > 0 && (toks[k - 1].pos === 'NOUN' || toks[k - 1].pos === 'VERB')) verbRel(toks[k - 1].pos === 'NOUN' ? PN : OV, k - 1);
    }
    break;
  }
  // Possessor of an evaluated noun: "Israel's aggression", "the regime's crimes".
  if (to < n && norm[to] === "'s") {
    for (let k = to + 1; k < n && k < to + 4 && clause[k] === tc; k++) {
      if (toks[k].pos === 'NOUN') {
        verbRel(PS, k);
        break;
      }
    }
  }
  // The nearest evaluative word on each side of the target within its clause: its sign and distance bucket
  // (conjunction features: "nl-1" = a negative word right before the target).
  for (let k = from - 1; k >= 0 && clause[k] === tc; k--) {
    if (!val[k]) continue;
    sink.fixed(NL[val[k] > 0 ? 0 : 1][bucket(from - k) || 4], 1, k);
    break;
  }
  for (let k = to; k < n && clause[k] === tc; k++) {
    if (!val[k]) continue;
    sink.fixed(NR[val[k] > 0 ? 0 : 1][bucket(k - to + 1) || 4], 1, k);
    break;
  }
  // One signed total for the target's clause, so a negated positive word ("don't like") counts against it.
  let signed = 0;
  for (let k = 0; k < n; k++) if (clause[k] === tc && (k < from || k >= to)) signed += val[k];
  if (signed) sink.fixed(F_LCS, Math.max(-2, Math.min(2, signed / 4)), -1);
  // Reported speech: a reporting verb elsewhere in the sentence that is not the target's own.
  for (let k = 0; k < n; k++) {
    if (s.reporting[k] && (k < from - 3 || k >= to + 3)) {
      sink.fixed(F_REP, 1, k);
      break;
    }
  }

  function verbRel(rel: number, k: number): void {
    sink.word(T_REL + rel, k);
    sink.fixed(REL_F[rel], 1, k);
    const v = val[k];
    if (v) sink.fixed(REL_SIGNED[rel][v > 0 ? 0 : 1], Math.abs(v) / 4, k);
  }
}
