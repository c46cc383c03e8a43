// The chunk model: a small multinomial logistic regression that types the proper-name chunks no rule decided
// ("unknown" candidates of chunks.ts) as a person, organisation, place or nothing. Its features are general evidence
// about the chunk and its context — shape, part of speech, the words around it, what the same article says about
// the same words elsewhere — never the chunk's own words, so it cannot memorise the names it was trained on.
// Weights: data/chunk-model.json, trained on GUM news (CC BY) by scripts/train-actors.ts; eval/gum.ts retrains it
// per fold for leave-one-document-out scores.
import { readFileSync } from 'node:fs';
import { ParallaxError } from '../../core/errors.js';
import type { Cand, ActorReading } from './reading.js';
import { prevLower, sameSentence } from './reading.js';

export const CHUNK_CLASSES = ['none', 'person', 'organisation', 'place'] as const;
export type ChunkClass = (typeof CHUNK_CLASSES)[number];

/** A trained model: per feature, one weight per class (CHUNK_CLASSES order). */
export interface ChunkModel {
  classes: readonly string[];
  weights: Map<string, number[]>;
  /** A class other than none must reach this probability. */
  threshold: number;
}

/** The model file's shape. */
interface RawChunkModel {
  note: string;
  source: string;
  classes: string[];
  threshold: number;
  weights: Record<string, number[]>;
}

/** Turns the JSON form into a model, checking its shape (a bad file names itself and the problem). */
export function parseChunkModel(raw: unknown, where: string): ChunkModel {
  const r = raw as RawChunkModel;
  if (!r || typeof r !== 'object' || !Array.isArray(r.classes) || r.classes.join() !== CHUNK_CLASSES.join() || typeof r.weights !== 'object' || typeof r.threshold !== 'number') {
    throw new ParallaxError('E_CONFIG', `${where}: not a chunk model (needs classes ${CHUNK_CLASSES.join(', ')}, threshold and weights)`, { input: where });
  }
  const weights = new Map<string, number[]>();
  for (const [f, w] of Object.entries(r.weights)) {
    if (!Array.isArray(w) || w.length !== CHUNK_CLASSES.length || w.some((x) => typeof x !== 'number')) throw new ParallaxError('E_CONFIG', `${where}: weights of "${f}" must be ${CHUNK_CLASSES.length} numbers`, { input: where });
    weights.set(f, w);
  }
  return { classes: r.classes, weights, threshold: r.threshold };
}

let shipped: ChunkModel | null = null;
/** The model shipped in data/chunk-model.json (read once). */
export function shippedChunkModel(): ChunkModel {
  if (!shipped) {
    const url = new URL('./data/chunk-model.json', import.meta.url);
    shipped = parseChunkModel(JSON.parse(readFileSync(url, 'utf8')), 'actors data/chunk-model.json');
  }
  return shipped;
}

/** Kinds of the typed candidates by each capitalised word they contain, and by their whole text. */
export interface DocEvidence {
  byWord: Map<string, Set<string>>;
  byText: Map<string, Set<string>>;
}

const KIND_TAG: Record<string, string> = { person: 'person', organisation: 'org', place: 'place', state: 'state' };

/** Rules whose typing is strong evidence (a gazetteer entry, a head word, a title, a given name, an acronym). */
const STRONG = new Set(['gazetteer', 'keyword', 'acronym', 'title', 'first-name', 'family-name', 'age', 'demonym-noun']);

/** What the article's strongly typed candidates say about words and names (built once per article, before the model runs). */
export function docEvidence(r: ActorReading): DocEvidence {
  const byWord = new Map<string, Set<string>>();
  const byText = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, v: string): void => {
    const s = m.get(k);
    if (s) s.add(v);
    else m.set(k, new Set([v]));
  };
  for (const c of r.cands) {
    const tag = KIND_TAG[c.kind];
    if (!tag || c.labelType === 'demonym' || !STRONG.has(c.via)) continue;
    let text = '';
    for (let k = c.a; k < c.b; k++) {
      const w = r.words[k];
      if (w.cap) add(byWord, w.text, tag);
      text = k === c.a ? w.text : `${text} ${w.text}`;
    }
    add(byText, text, tag);
  }
  return { byWord, byText };
}

/** The word's shape: X for capitals, x for lower case, d for digits, other characters as written, runs collapsed. */
function shape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = /\p{Lu}/u.test(ch) ? 'X' : /\p{Ll}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    if (!out.endsWith(c)) out += c;
  }
  return out;
}

/**
 * The features of candidate c (an unknown chunk): strings, each present once. No feature names the chunk's own
 * words; the words around it and what the article says of its words elsewhere are the evidence.
 */
export function chunkFeatures(r: ActorReading, c: Cand, ev: DocEvidence): string[] {
  const { words, n, g } = r;
  const f: string[] = ['bias'];
  const len = c.b - c.a;
  f.push(`len=${Math.min(len, 4)}`);
  const first = words[c.a];
  const last = words[c.b - 1];
  const start = c.a === 0 || words[c.a - 1].sentence !== first.sentence;
  if (start) f.push('sentStart');
  f.push(`pos0=${first.pos}`, `posL=${last.pos}`);
  if (len === 1) f.push(`shape=${shape(first.text)}`);
  const p1 = prevLower(r, c.a);
  const p2 = c.a >= 2 && sameSentence(r, c.a - 2, c.a) ? words[c.a - 2] : undefined;
  if (p1 && !words[c.a - 1].cap) f.push(`prev=${p1}`);
  if (p1 && p2 && !words[c.a - 1].cap && !p2.cap) f.push(`prev2=${p2.lower} ${p1}`);
  const nx = c.b < n && sameSentence(r, c.a, c.b) ? words[c.b] : undefined;
  if (nx && !nx.cap) f.push(`next=${nx.lower}`);
  if (!nx) f.push('next=</s>');
  if (nx && nx.cap) f.push('nextCap');
  if (nx) f.push(`nextPos=${nx.pos}`);
  if (p1) f.push(`prevPos=${words[c.a - 1].pos}`);
  let lower = false;
  let head = '';
  let given = false;
  let title = false;
  const headOf = (w: string): string => (g.orgHeads.has(w) ? 'org' : g.placeHeads.has(w) ? 'place' : g.otherHeads.has(w) ? 'other' : g.stateHeads.has(w) ? 'state' : '');
  head = headOf(last.lower);
  for (let k = c.a; k < c.b; k++) {
    const w = words[k];
    if (r.lowerSeen.has(w.lower)) lower = true;
    if (k < c.b - 1 && headOf(w.lower)) f.push(`headIn=${headOf(w.lower)}`);
    if (g.firstNames.has(w.text)) given = true;
    if (g.titleHeads.has(w.text) || g.honorifics.has(w.text)) title = true;
  }
  if (lower) f.push('lowerSeen');
  if (head) f.push(`head=${head}`);
  if (given) f.push('givenName');
  if (title) f.push('titleWord');
  if (g.firstNames.has(first.text) && len >= 2) f.push('givenFirst');
  if (last.upper) f.push('upper');
  if (/-/.test(last.text)) f.push('hyphen');
  if (/\d/.test(last.text)) f.push('digit');
  if (len === 1 && /[^s]s$/.test(last.text) && !last.upper) f.push('plural');
  if (/(?:ans|ians|ese|ists|ites)$/.test(last.text)) f.push('groupSuffix');
  f.push(`suf=${last.lower.slice(-3)}`);
  const count = r.capCount.get(last.text) ?? 0;
  f.push(count >= 5 ? 'count>=5' : count >= 2 ? 'count>=2' : 'count=1');
  if (r.titleCase.has(first.sentence)) f.push('titleCase');
  if (g.roles.has(p1)) f.push('afterRole');
  contextCues(r, c, f);
  // what the article says of the same words elsewhere
  const same = ev.byText.get(textOfCand(r, c));
  if (same) for (const t of same) f.push(`sameText=${t}`);
  const seen = new Set<string>();
  for (let k = c.a; k < c.b; k++) for (const t of ev.byWord.get(words[k].text) ?? []) seen.add(t);
  for (const t of seen) f.push(`wordIn=${t}`);
  return f;
}

/** Cue words around a name that say what it names, grouped so that few examples suffice to weigh them. */
const PERSON_NOUNS = new Set('man woman boy girl mother father son daughter wife husband resident student teacher member leader official spokesman spokeswoman spokesperson director founder artist actor musician singer writer author professor curator player coach candidate lawmaker activist lawyer attorney detective officer'.split(' '));
const ORG_NEXT = new Set('officials official organization organisation spokesman spokeswoman spokesperson members member staff employees headquarters leadership party group company agency church'.split(' '));
const ORG_PREV2 = new Set(['member of', 'members of', 'leader of', 'head of', 'chairman of', 'spokesman for', 'spokeswoman for', 'founder of', 'joined the', 'left the']);
const LOC_PREV = new Set(['in', 'at', 'near', 'from', 'to', 'into', 'across', 'outside', 'throughout', 'around']);
const PRONOUNS = new Set(['he', 'she', 'his', 'her', 'him', 'hers', 'himself', 'herself']);

/**
 * Context cues: a speech verb, an apposition ("X, an Australian woman", "X, Ontario"), organisation words
 * ("X officials", "members of X"), a locative before, a personal pronoun soon after, and the name's last word used
 * alone elsewhere in the article (people are named again by their surname).
 */
function contextCues(r: ActorReading, c: Cand, f: string[]): void {
  const { words, n, g } = r;
  const nx = c.b < n && sameSentence(r, c.a, c.b) ? words[c.b] : undefined;
  const p1 = prevLower(r, c.a);
  if ((nx && g.speechVerbs.has(nx.lower)) || p1 === 'said' || p1 === 'says' || p1 === 'told') f.push('cue=speech');
  if (nx && nx.text === ',' && sameSentence(r, c.a, c.b + 1)) {
    const w1 = words[c.b + 1];
    if (w1.cap && r.lex.get(w1.lower)?.role === 'actor') f.push('cue=commaKnown');
    if (['a', 'an', 'the'].includes(w1.lower)) {
      for (let k = c.b + 2; k < Math.min(n, c.b + 6) && sameSentence(r, c.a, k); k++) {
        const w = words[k];
        if (PERSON_NOUNS.has(w.lower) || g.roles.has(w.lower)) {
          f.push('cue=apposPerson');
          break;
        }
        if (g.orgHeads.has(w.lower)) {
          f.push('cue=apposOrg');
          break;
        }
        if (g.placeHeads.has(w.lower)) {
          f.push('cue=apposPlace');
          break;
        }
      }
    }
  }
  if (nx && ORG_NEXT.has(nx.lower)) f.push('cue=orgNext');
  const p2 = c.a >= 2 && sameSentence(r, c.a - 2, c.a) ? `${words[c.a - 2].lower} ${p1}` : '';
  if (ORG_PREV2.has(p2)) f.push('cue=orgPrev');
  if (LOC_PREV.has(p1)) f.push('cue=locPrev');
  for (let k = c.b; k < Math.min(n, c.b + 12); k++) {
    if (PRONOUNS.has(words[k].lower)) {
      f.push('cue=pronoun');
      break;
    }
  }
  if (c.b - c.a >= 2) {
    const last = words[c.b - 1].text;
    for (const k of capPositions(r).get(last) ?? []) {
      if (k >= c.a && k < c.b) continue;
      const alone = !(k > 0 && sameSentence(r, k - 1, k) && words[k - 1].cap && words[k - 1].sentence === words[k].sentence && k - 1 !== sentenceStart(r, k)) && !(k + 1 < n && sameSentence(r, k, k + 1) && words[k + 1].cap);
      if (alone) {
        f.push('cue=lastAlone');
        break;
      }
    }
  }
}

const positionsCache = new WeakMap<ActorReading, Map<string, number[]>>();
/** Where each capitalised word occurs (built once per article, when the model first asks). */
function capPositions(r: ActorReading): Map<string, number[]> {
  let m = positionsCache.get(r);
  if (!m) {
    m = new Map();
    for (let k = 0; k < r.n; k++) {
      const w = r.words[k];
      if (!w.cap) continue;
      const l = m.get(w.text);
      if (l) l.push(k);
      else m.set(w.text, [k]);
    }
    positionsCache.set(r, m);
  }
  return m;
}

function sentenceStart(r: ActorReading, k: number): number {
  let i = k;
  while (i > 0 && r.words[i - 1].sentence === r.words[k].sentence) i--;
  return i;
}

function textOfCand(r: ActorReading, c: Cand): string {
  let s = '';
  for (let k = c.a; k < c.b; k++) s = k === c.a ? r.words[k].text : `${s} ${r.words[k].text}`;
  return s;
}

/** Class probabilities for a feature list. */
export function chunkProbabilities(model: ChunkModel, feats: readonly string[]): number[] {
  const z = new Array<number>(CHUNK_CLASSES.length).fill(0);
  for (const f of feats) {
    const w = model.weights.get(f);
    if (!w) continue;
    for (let k = 0; k < z.length; k++) z[k] += w[k];
  }
  return softmax(z);
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** The class the model gives the features, or 'none' below the threshold. */
export function classifyChunk(model: ChunkModel, feats: readonly string[]): ChunkClass {
  return classOf(model, chunkProbabilities(model, feats));
}

/** The most probable class, or 'none' when it is below the model's threshold (raised by `margin`). */
export function classOf(model: ChunkModel, p: readonly number[], margin = 0): ChunkClass {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
  return best > 0 && p[best] >= model.threshold + margin ? CHUNK_CLASSES[best] : 'none';
}

/** One training example: the features of an unknown chunk and the gold class. */
export interface ChunkExample {
  feats: string[];
  label: ChunkClass;
}

export const CHUNK_HYPER = { epochs: 30, learningRate: 0.1, l2: 1e-3, minCount: 2, prune: 0.01, threshold: 0.5 };

/**
 * Trains the model: multinomial logistic regression, AdaGrad, L2, examples in the given order (deterministic: the
 * same examples give the same weights). Features seen in fewer than minCount examples are left out; weights are
 * rounded to 3 decimals and features whose weights all round to less than `prune` are dropped.
 */
export function trainChunkModel(examples: readonly ChunkExample[], hyper = CHUNK_HYPER): ChunkModel {
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of new Set(e.feats)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const K = CHUNK_CLASSES.length;
  const w = new Map<string, number[]>();
  const g2 = new Map<string, number[]>();
  for (const [f, c] of counts) {
    if (c < hyper.minCount && f !== 'bias') continue;
    w.set(f, new Array<number>(K).fill(0));
    g2.set(f, new Array<number>(K).fill(1e-8));
  }
  for (let epoch = 0; epoch < hyper.epochs; epoch++) {
    for (const e of examples) {
      const feats = e.feats.filter((f) => w.has(f));
      const z = new Array<number>(K).fill(0);
      for (const f of feats) for (let k = 0; k < K; k++) z[k] += w.get(f)![k];
      const p = softmax(z);
      const y = CHUNK_CLASSES.indexOf(e.label);
      for (const f of feats) {
        const wf = w.get(f)!;
        const gf = g2.get(f)!;
        for (let k = 0; k < K; k++) {
          const grad = p[k] - (k === y ? 1 : 0) + hyper.l2 * wf[k];
          gf[k] += grad * grad;
          wf[k] -= (hyper.learningRate * grad) / Math.sqrt(gf[k]);
        }
      }
    }
  }
  const weights = new Map<string, number[]>();
  for (const [f, wf] of [...w].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const rounded = wf.map((x) => Math.round(x * 1000) / 1000);
    if (rounded.some((x) => Math.abs(x) >= hyper.prune)) weights.set(f, rounded);
  }
  return { classes: [...CHUNK_CLASSES], weights, threshold: hyper.threshold };
}

/** The JSON form of a model (what data/chunk-model.json holds). */
/** The weights are made from GUM's CC BY annotations: shipped under CC BY 4.0 with the attribution in `source`. */
export const CHUNK_MODEL_LICENCE = 'CC BY 4.0: weights trained by scripts/train-actors.ts on the GUM news annotations (CC BY 4.0; texts CC BY 2.5); attribution in source';

export function chunkModelJson(model: ChunkModel, note: string, source: string): string {
  const weights: Record<string, number[]> = {};
  for (const [f, w] of model.weights) weights[f] = w;
  const body = Object.entries(weights).map(([f, w]) => `    ${JSON.stringify(f)}: ${JSON.stringify(w)}`).join(',\n');
  return `{\n  "note": ${JSON.stringify(note)},\n  "source": ${JSON.stringify(source)},\n  "licence": ${JSON.stringify(CHUNK_MODEL_LICENCE)},\n  "classes": ${JSON.stringify(model.classes)},\n  "threshold": ${model.threshold},\n  "weights": {\n${body}\n  }\n}\n`;
}
