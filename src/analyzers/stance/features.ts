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

/** Per-sentence analysis shared by every target in it: clauses, negation scopes and word valences. */
export function prepareSentence(toks: FTok[], lex: StanceLexicon): SentenceInfo {
  const n = toks.length;
  const norm = new Array<string>(n);
  const punct = new Array<boolean>(n);
  const clause = new Array<number>(n);
  const negated = new Array<boolean>(n).fill(false);
  const val = new Array<number>(n).fill(0);
  const reporting = new Array<boolean>(n).fill(false);
  const starts: Array<{ word: string; clause: number }> = [];
  let c = 0;
  for (let k = 0; k < n; k++) {
    const w = normWord(toks[k].lower);
    norm[k] = w;
    punct[k] = PUNCT_RE.test(w);
    const kind = lex.contrast.get(w);
    const coordClause = (w === 'and' || w === 'or') && k + 1 < n && PRON.has(toks[k + 1].lower) && k > 0;
    if (BOUNDARY.has(w)) {
      clause[k] = c;
      if (k > 0) c++;
      continue;
    }
    if ((kind || coordClause) && k > 0 && clause[k - 1] === c && !BOUNDARY.has(norm[k - 1])) c++;
    if (kind) starts.push({ word: w, clause: c });
    clause[k] = c;
  }
  const nClauses = c + 1;
  const role = new Array<string>(nClauses).fill('');
  for (const s of starts) {
    if (lex.contrast.get(s.word) === 'after') {
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
    if (!lex.negators.has(norm[k])) continue;
    for (let j = k + 1; j < n && j <= k + NEG_SCOPE && clause[j] === clause[k] && !punct[j]; j++) negated[j] = true;
  }
  // Hedges damp their clause; intensifiers boost the next two words.
  const hedge = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const h = lex.hedges.get(norm[k]);
    if (h !== undefined) hedge.set(clause[k], Math.min(hedge.get(clause[k]) ?? 1, h));
    if (lex.reporting.has(norm[k])) reporting[k] = true;
  }
  for (let k = 0; k < n; k++) {
    if (punct[k]) continue;
    let v = valenceOf(lex, norm[k]);
    if (!v) continue;
    if (lex.intensifiers.has(norm[k]) || lex.negators.has(norm[k])) continue;
    for (let j = k - 1; j >= 0 && j >= k - 2; j--) {
      const f = lex.intensifiers.get(norm[j]);
      if (f !== undefined) {
        v *= f;
        break;
      }
    }
    if (negated[k]) v *= NEG_FACTOR;
    v *= hedge.get(clause[k]) ?? 1;
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
  const wName = norm.map((w, k) => `w:${negated[k] ? 'NOT_' : ''}${w}`);
  const cName = norm.map((w, k) => `c:${negated[k] ? 'NOT_' : ''}${w}`);
  return { toks, norm, punct, clause, role, negated, val, reporting, wName, cName };
}

export interface TargetExtras {
  /** The mention is inside a direct quotation. */
  inQuote?: boolean;
  /** The sentence contains (part of) a direct quotation. */
  sentenceQuoted?: boolean;
}

function bucket(d: number): string {
  return d === 1 ? '1' : d <= 3 ? '2' : d <= 6 ? '3' : '';
}

/** Features of the target spanning tokens [from, to) of the prepared sentence. */
export function targetFeatures(s: SentenceInfo, from: number, to: number, extras: TargetExtras = {}): Features {
  const names: string[] = [];
  const values: number[] = [];
  const tok: number[] = [];
  const add = (name: string, value = 1, k = -1): void => {
    names.push(name);
    values.push(value);
    tok.push(k);
  };
  const { toks, norm, punct, clause, role, negated, val } = s;
  const n = toks.length;
  const tc = clause[Math.min(from, n - 1)] ?? 0;
  const tRole = role[tc] ?? '';
  // The target itself: its words, its own valence (the "corrupt senator") and the label's connotation.
  let mPos = 0;
  let mNeg = 0;
  for (let k = from; k < to; k++) add(`m:${norm[k]}`, 1, k);
  if (to - from === 1 && PRON.has(norm[from])) add('pron');
  for (let k = from; k < to; k++) {
    if (val[k] > 0) mPos += val[k];
    else if (val[k] < 0) mNeg -= val[k];
  }
  if (mPos) add('mv+', mPos / 4, from);
  if (mNeg) add('mv-', mNeg / 4, from);
  if (extras.inQuote) add('inq');
  if (extras.sentenceQuoted) add('sq');
  if (from === 0) add('first');
  if (tRole) add(`role:${tRole}`);

  for (let k = 0; k < n; k++) {
    if (k >= from && k < to) continue;
    const w = norm[k];
    const left = k < from;
    const d = left ? from - k : k - to + 1;
    const b = bucket(d);
    if (b) add(`${left ? 'L' : 'R'}${b}:${w}`, 1, k);
    if (punct[k]) continue;
    const same = clause[k] === tc;
    add(s.wName[k], 1, k);
    if (same) add(s.cName[k], 1, k);
    const v = val[k];
    if (!v) continue;
    const sign = v > 0 ? '+' : '-';
    const a = Math.abs(v) / 4;
    add(`ls${sign}`, a, k);
    if (same) {
      add(`lc${sign}`, a, k);
      if (tRole) add(`lc${sign}:${tRole}`, a, k);
    } else {
      add(`lo${sign}`, a, k);
      const r = role[clause[k]];
      if (r) add(`lo${sign}:${r}`, a, k);
    }
    if (d <= 3) add(`ln${sign}:${left ? 'L' : 'R'}`, a, k);
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
      const passive = aux && /(?:ed|en)$/.test(norm[k]);
      const rel = s.reporting[k] ? 'spk' : passive ? 'pv' : 'sv';
      verbRel(rel, k);
    }
    break;
  }
  if (to < n && (norm[to] === 'said' || norm[to] === 'says') && toks[to].pos !== 'VERB') verbRel('spk', to);
  for (let k = from - 1, steps = 0; k >= 0 && steps < 5 && clause[k] === tc; k--, steps++) {
    const p = toks[k].pos;
    if (p === 'DET' || p === 'ADJ' || p === 'NUM' || (p === 'PROPN' && steps === 0) || norm[k] === "'s") continue;
    if (p === 'VERB') verbRel(s.reporting[k] ? 'spk' : 'ov', k);
    else if (p === 'ADP') {
      if (norm[k] === 'to' && k > 0 && norm[k - 1] === 'according') verbRel('spk', k - 1);
      else if (norm[k] === 'by' && k > 0 && toks[k - 1].pos === 'VERB') verbRel('ag', k - 1);
      else if (k > 0 && (toks[k - 1].pos === 'NOUN' || toks[k - 1].pos === 'VERB')) verbRel(toks[k - 1].pos === 'NOUN' ? 'pn' : 'ov', k - 1);
    }
    break;
  }
  // Possessor of an evaluated noun: "Israel's aggression", "the regime's crimes".
  if (to < n && norm[to] === "'s") {
    for (let k = to + 1; k < n && k < to + 4 && clause[k] === tc; k++) {
      if (toks[k].pos === 'NOUN') {
        verbRel('ps', k);
        break;
      }
    }
  }
  // The nearest evaluative word on each side of the target within its clause: its sign and distance bucket
  // (conjunction features: "nl-1" = a negative word right before the target).
  for (let k = from - 1; k >= 0 && clause[k] === tc; k--) {
    if (!val[k]) continue;
    add(`nl${val[k] > 0 ? '+' : '-'}${bucket(from - k) || '4'}`, 1, k);
    break;
  }
  for (let k = to; k < n && clause[k] === tc; k++) {
    if (!val[k]) continue;
    add(`nr${val[k] > 0 ? '+' : '-'}${bucket(k - to + 1) || '4'}`, 1, k);
    break;
  }
  // One signed total for the target's clause, so a negated positive word ("don't like") counts against it.
  let signed = 0;
  for (let k = 0; k < n; k++) if (clause[k] === tc && (k < from || k >= to)) signed += val[k];
  if (signed) add('lcs', Math.max(-2, Math.min(2, signed / 4)));
  // Reported speech: a reporting verb elsewhere in the sentence that is not the target's own.
  for (let k = 0; k < n; k++) {
    if (s.reporting[k] && (k < from - 3 || k >= to + 3)) {
      add('rep', 1, k);
      break;
    }
  }
  return { names, values, tok };

  function verbRel(rel: string, k: number): void {
    add(`${rel}:${negated[k] ? 'NOT_' : ''}${norm[k]}`, 1, k);
    add(rel, 1, k);
    const v = val[k];
    if (v) add(`${rel}${v > 0 ? '+' : '-'}`, Math.abs(v) / 4, k);
  }
}
