/**
 * Exact and near-duplicate detection. Pure: text in, hashes and spans out.
 *
 * - Exact duplicates: `textHash` of a normalised text (case, whitespace and punctuation do not count), so a
 *   copy re-typeset with curly quotes or different line breaks is still the same article.
 * - Near duplicates across articles: a 64-bit SimHash over 4-word shingles; the store indexes its four 16-bit
 *   bands for candidate lookup, then `compareForRepublication` decides on the shingle sets.
 * - Repeats inside one article: `findRepeatedParagraphs`, with exact UTF-16 spans into the text.
 */
import { createHash } from 'node:crypto';
import type { RepeatedParagraph } from '../core/article.js';
import type { Span } from '../core/span.js';

// ---------------------------------------------------------------------------------------------------------
// Normalisation and tokens

const PUNCT_OR_SYMBOL = /[\p{P}\p{S}]+/gu;
const WHITESPACE = /\s+/gu;

/**
 * The normal form used for exact-duplicate detection: NFKC, lower case, punctuation and symbols replaced by a
 * space (so "don't" and "don’t", "a—b" and "a - b" agree), whitespace collapsed, trimmed.
 */
export function normalizeForHash(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(PUNCT_OR_SYMBOL, ' ').replace(WHITESPACE, ' ').trim();
}

/** sha256 hex of `normalizeForHash(text)`. Two texts that differ only in case, spacing or punctuation collide on purpose. */
export function textHash(text: string): string {
  return createHash('sha256').update(normalizeForHash(text), 'utf8').digest('hex');
}

/** The article id: the first 16 hex chars (64 bits) of the text hash. */
export function articleId(textHashHex: string): string {
  if (!/^[0-9a-f]{16,}$/.test(textHashHex)) throw new TypeError(`not a hex text hash: "${textHashHex}"`);
  return textHashHex.slice(0, 16);
}

/*
 * A word token is a run of letters, marks and digits. Han, Hiragana and Katakana characters are one token each,
 * since those scripts put no spaces between words; shingles of single characters still tell copies apart.
 */
// Set subtraction (the v flag) instead of a per-character lookahead: same tokens, about 3x faster. A run is matched
// in pieces of at most TOKEN_PIECE characters: V8 keeps one backtrack entry per repetition of this class (it has
// astral members), so an unbounded `+` over a 5 MB run without spaces overflowed the stack. Pieces of one run
// are joined again below, so the tokens are the same as with `+`.
const CJK_CLASS = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
const TOKEN_PIECE = 256;
const TOKEN = new RegExp(String.raw`([${CJK_CLASS}])|[[\p{L}\p{M}\p{N}]--[${CJK_CLASS}]]{1,${TOKEN_PIECE}}`, 'gv');

function matchTokens(text: string): string[] {
  const pieces = text.match(TOKEN) ?? [];
  if (!pieces.some((p) => p.length === TOKEN_PIECE)) return pieces;
  // A run of TOKEN_PIECE or more characters: join the pieces that continue one another.
  const out: string[] = [];
  const re = new RegExp(TOKEN.source, 'gv');
  let end = -1;
  let lastWasRun = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const run = m[1] === undefined;
    if (run && lastWasRun && m.index === end) out[out.length - 1] += m[0];
    else out.push(m[0]);
    lastWasRun = run;
    end = re.lastIndex;
  }
  return out;
}

// Ingest tokenises the same text for its hash, SimHash, fingerprints and repeated paragraphs: keep the last few.
const recentTokens: Array<[string, string[]]> = [];

/** Lower-cased word tokens (NFKC), the unit of shingles. Callers must not mutate the returned array. */
export function wordTokens(text: string): string[] {
  for (const [t, tokens] of recentTokens) if (t === text) return tokens;
  const tokens = matchTokens(text.normalize('NFKC').toLowerCase());
  if (text.length > 200) {
    recentTokens.unshift([text, tokens]);
    if (recentTokens.length > 3) recentTokens.pop();
  }
  return tokens;
}

/**
 * The set of k-word shingles ("w1 w2 w3 w4"). A text with fewer than k words yields one shingle of all its
 * words, so two short texts can still be compared; an empty text yields the empty set.
 */
export function shingles(text: string, k = 4): Set<string> {
  return shinglesOfTokens(wordTokens(text), k);
}

function shinglesOfTokens(tokens: string[], k: number): Set<string> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`shingle size must be a positive integer, got ${k}`);
  const out = new Set<string>();
  if (tokens.length === 0) return out;
  if (tokens.length < k) {
    out.add(tokens.join(' '));
    return out;
  }
  for (let i = 0; i + k <= tokens.length; i++) out.add(tokens.slice(i, i + k).join(' '));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// SimHash

const FNV_OFFSET_A = 0x811c9dc5;
const FNV_OFFSET_B = 0x050c5d1f; // a second, independent basis for the other 32 bits
const FNV_PRIME = 0x01000193;

/** murmur3's 32-bit finaliser: spreads every input bit over the output so adjacent shingles look unrelated. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units with the given basis (the tokens are already NFKC, so units are stable). */
function fnv1a32(s: string, basis: number): number {
  let h = basis;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/**
 * 64-bit SimHash of the text's 4-word shingles, as 16 lower-case hex chars. Each token is hashed once (two
 * 32-bit FNV-1a halves); a shingle's hash is an order-sensitive mix of its four token hashes, so no shingle
 * string is ever built. Shingles are weighted by occurrence. Texts with fewer than 4 words hash their
 * one all-words shingle; the empty text hashes to 0.
 */
export function simhash64(text: string): string {
  const tokens = wordTokens(text);
  return simhashOfTokens(tokens, tokenHashes(tokens));
}

/** FNV-1a (basis A) of every token: shared by the SimHash and the fingerprints. */
function tokenHashes(tokens: string[]): Uint32Array {
  const ta = new Uint32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) ta[i] = fnv1a32(tokens[i], FNV_OFFSET_A);
  return ta;
}

/**
 * `simhash64(text)` and `shingleFingerprints(text)` from one tokenisation (ingest needs both for every article).
 */
export function textSignatures(text: string): { simhash: string; fingerprints: number[] } {
  const tokens = wordTokens(text);
  const ta = tokenHashes(tokens);
  return { simhash: simhashOfTokens(tokens, ta), fingerprints: fingerprintsOfTokens(ta) };
}

function simhashOfTokens(tokens: string[], ta: Uint32Array): string {
  const n = tokens.length;
  if (n === 0) return '0000000000000000';
  const tb = new Uint32Array(n);
  for (let i = 0; i < n; i++) tb[i] = fnv1a32(tokens[i], FNV_OFFSET_B);
  const k = Math.min(4, n);
  // Set bits per position; a position's vote (+1 per set bit, -1 per clear one) is positive when more than half
  // of the shingles set it. Counting only the set bits, without a branch, gives the same hash faster.
  const ones = new Int32Array(64);
  let shingleCount = 0;
  for (let i = 0; i + k <= n; i++) {
    let a = FNV_OFFSET_A;
    let b = FNV_OFFSET_B;
    for (let j = i; j < i + k; j++) {
      a = Math.imul(a ^ ta[j], FNV_PRIME);
      b = Math.imul(b ^ tb[j], FNV_PRIME);
      // rotate so that the order of tokens matters beyond the multiply
      a = (a << 5) | (a >>> 27);
      b = (b << 7) | (b >>> 25);
    }
    const hi = fmix32(a);
    const lo = fmix32(b ^ hi);
    shingleCount++;
    for (let bit = 0; bit < 32; bit++) {
      ones[bit] += (hi >>> (31 - bit)) & 1;
      ones[32 + bit] += (lo >>> (31 - bit)) & 1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (2 * ones[bit] > shingleCount) hi |= 1 << (31 - bit);
    if (2 * ones[32 + bit] > shingleCount) lo |= 1 << (31 - bit);
  }
  return hex8(hi >>> 0) + hex8(lo >>> 0);
}

/** One in this many shingles is kept as a fingerprint (content-defined, so two copies keep the same ones). */
const FINGERPRINT_SAMPLE = 16;

/**
 * A content-defined sample of the text's 4-word shingle hashes (about one in 16), distinct and sorted: unsigned
 * 32-bit integers. Two texts that share a passage share the fingerprints of that passage whatever surrounds it,
 * so a copy cut to its first paragraphs, which SimHash bands miss, is still found through them (the store
 * indexes them; see nearDuplicateCandidates).
 */
export function shingleFingerprints(text: string): number[] {
  return fingerprintsOfTokens(tokenHashes(wordTokens(text)));
}

function fingerprintsOfTokens(th: Uint32Array): number[] {
  const n = th.length;
  if (n < 4) return [];
  const out = new Set<number>();
  for (let i = 0; i + 4 <= n; i++) {
    let h = FNV_OFFSET_B;
    for (let j = i; j < i + 4; j++) h = Math.imul(((h << 5) | (h >>> 27)) ^ th[j], FNV_PRIME);
    const f = fmix32(h);
    if (f % FINGERPRINT_SAMPLE === 0) out.add(f);
  }
  return [...out].sort((a, b) => a - b);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

const SIMHASH_RE = /^[0-9a-f]{16}$/i;

function halves(simhash: string): [number, number] {
  if (!SIMHASH_RE.test(simhash)) throw new TypeError(`not a 64-bit simhash (16 hex chars): "${simhash}"`);
  return [parseInt(simhash.slice(0, 8), 16) >>> 0, parseInt(simhash.slice(8), 16) >>> 0];
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of differing bits between two 16-hex-char SimHashes (0..64). */
export function hamming(a: string, b: string): number {
  const [ah, al] = halves(a);
  const [bh, bl] = halves(b);
  return popcount32((ah ^ bh) >>> 0) + popcount32((al ^ bl) >>> 0);
}

/**
 * The four 16-bit bands of a SimHash, most significant first. Two hashes within Hamming distance 3 always
 * share a band (pigeonhole), which is what the store's band indexes rely on for candidate lookup.
 */
export function bands(simhash: string): [number, number, number, number] {
  const [hi, lo] = halves(simhash);
  return [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff];
}

// ---------------------------------------------------------------------------------------------------------
// Set similarity

/** |A ∩ B| / |A ∪ B|; two empty sets are identical (1). */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const inter = intersectionSize(a, b);
  return inter / (a.size + b.size - inter);
}

/** |A ∩ B| / |A|: how much of A is found in B. An empty A is contained in anything (1). */
export function containment<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0) return 1;
  return intersectionSize(a, b) / a.size;
}

function intersectionSize<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n++;
  return n;
}

/**
 * Recommended threshold for `compareForRepublication`: at or above it, treat the pair as one text published
 * twice (a wire story and its copy). Pinned by dedup.test.ts on pairs we wrote:
 *   identical copy 1.0 · copy trimmed to its first 60% ≈ 1.0 (containment) · retitled copy with a rewritten
 *   first paragraph ≈ 0.88 · an unrelated article on the same event, same names and places, 0.00.
 * Unrelated reporting on one event shares names, not runs of four words, so the gap is wide; 0.6 leaves room
 * for a copy that was lightly edited in several places. The ingest runner uses this value.
 */
export const REPUBLICATION_THRESHOLD = 0.6;

/**
 * Similarity of two texts for republication linking: the larger of the shingle Jaccard and the containment of
 * the shorter text's shingles in the longer's, so a copy cut to its first paragraphs still scores high.
 * 0..1; see REPUBLICATION_THRESHOLD. A text with fewer than 8 words on either side is too short to
 * call a copy and scores 0 unless both texts are identical in their shingles.
 */
export function compareForRepublication(a: { text: string }, b: { text: string }): number {
  const ta = wordTokens(a.text);
  const tb = wordTokens(b.text);
  const sa = shinglesOfTokens(ta, 4);
  const sb = shinglesOfTokens(tb, 4);
  if (sa.size === 0 || sb.size === 0) return 0;
  const j = jaccard(sa, sb);
  if (Math.min(ta.length, tb.length) < MIN_NEAR_WORDS) return j === 1 ? 1 : 0;
  const c = sa.size <= sb.size ? containment(sa, sb) : containment(sb, sa);
  return Math.max(j, c);
}

// ---------------------------------------------------------------------------------------------------------
// Repeated paragraphs inside one article

/** Paragraphs shorter than this are compared only for exact repeats. */
const MIN_NEAR_WORDS = 8;
const MIN_EXACT_WORDS = 4;
const NEAR_JACCARD = 0.5;
const NEAR_CONTAINMENT = 0.7;
/**
 * Paraphrase tier: a long paragraph restating an earlier one in other words (an outlet quoting a source and then
 * paraphrasing it) keeps most word pairs but few 4-word runs. Measured on an invented pair and a real report
 * that quotes then paraphrases: 4-shingle containment 0.36, 2-shingle containment 0.59; distinct paragraphs on one
 * topic in our examples stay below 0.3.
 */
const MIN_PARAPHRASE_WORDS = 20;
const PARAPHRASE_BIGRAM_CONTAINMENT = 0.5;
/** Earlier paragraphs a shingle or word pair may be found in before it stops counting as evidence. */
const POSTING_CAP = 64;
/** Han/kana text is tokenised per character, where shared pairs are the norm: no paraphrase tier there. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** A shingle: a number when the article's vocabulary is small enough to pack ids exactly, else the joined words. */
type ShingleKey = number | string;

interface Paragraph {
  span: Span;
  norm: string;
  tokens: string[];
  /** The tokens as ids into the article's vocabulary (see ShingleKeys). */
  ids: number[];
  shingles: Set<ShingleKey>;
  bigrams?: Set<ShingleKey>;
}

/** Ids below 2^13: four of them pack into one integer below 2^52, exactly representable as a double. */
const PACK_BITS = 13;
const PACK = 2 ** PACK_BITS;

/**
 * k-word shingles of one article's paragraphs as set keys. Tokens never contain a space, so the joined shingle
 * "w1 w2 w3 w4" and the tuple of its token ids are interchangeable; while the article has at most 2^13 distinct
 * tokens (every news article) a shingle is its ids packed into one number, which hashes and compares far faster
 * than a string. Sets built either way have the same sizes, intersections and insertion order.
 */
class ShingleKeys {
  private readonly vocab = new Map<string, number>();

  ids(tokens: string[]): number[] {
    const out = new Array<number>(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      let id = this.vocab.get(tokens[i]);
      if (id === undefined) {
        id = this.vocab.size;
        this.vocab.set(tokens[i], id);
      }
      out[i] = id;
    }
    return out;
  }

  /** Whether ids pack exactly (decided once every paragraph is interned, before any shingle is built). */
  get packed(): boolean {
    return this.vocab.size <= PACK;
  }

  /** Same members as shinglesOfTokens(p.tokens, k) for k ≤ 4 and at least k tokens, keyed as described above. */
  of(p: Paragraph, k: number): Set<ShingleKey> {
    if (!this.packed) return shinglesOfTokens(p.tokens, k);
    const ids = p.ids;
    const out = new Set<ShingleKey>();
    for (let i = 0; i + k <= ids.length; i++) {
      let key = ids[i];
      for (let j = i + 1; j < i + k; j++) key = key * PACK + ids[j];
      out.add(key);
    }
    return out;
  }
}

/** Every non-blank line of `text` as a trimmed span. Blank lines and single newlines both end a paragraph. */
function paragraphs(text: string, keys: ShingleKeys): Paragraph[] {
  const out: Paragraph[] = [];
  const line = /[^\r\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = line.exec(text))) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const start = m.index + lead;
    const norm = normalizeForHash(trimmed);
    if (!norm) continue; // a line of punctuation (a "* * *" divider) repeats by design
    const tokens = wordTokens(trimmed);
    out.push({ span: { start, end: start + trimmed.length }, norm, tokens, ids: keys.ids(tokens), shingles: new Set() });
  }
  return out;
}

/**
 * Paragraphs that repeat an earlier one in the same text: exact repeats after normalisation (similarity 1) and,
 * for paragraphs of at least 8 words, near repeats whose 4-word shingles have Jaccard ≥ 0.5 or whose shorter
 * paragraph is ≥ 0.7 contained in the other (similarity = the Jaccard, rounded to 3 places). Each later
 * paragraph is reported once, pointing at the earliest exact copy or else the most similar earlier paragraph.
 * Candidates are found through an inverted shingle index, so a long text is not compared pairwise.
 */
export function findRepeatedParagraphs(text: string): RepeatedParagraph[] {
  const keys = new ShingleKeys();
  const paras = paragraphs(text, keys);
  const out: RepeatedParagraph[] = [];
  const firstByNorm = new Map<string, number>();
  const index = new Map<ShingleKey, number[]>();
  // Word pairs of the earlier paragraphs long enough for the paraphrase tier, and how many pairs each has.
  const pairIndex = new Map<ShingleKey, number[]>();
  const pairCount = new Map<number, number>();
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i];
    const exact = firstByNorm.get(p.norm);
    if (p.tokens.length >= MIN_NEAR_WORDS) p.shingles = keys.of(p, 4);
    if (exact !== undefined) {
      // A repeated one-to-three-word line ("Advertisement", "Share") is page furniture, not a repeated paragraph.
      if (p.tokens.length >= MIN_EXACT_WORDS) out.push({ span: p.span, repeatOf: paras[exact].span, similarity: 1, kind: 'exact' });
      continue; // its shingles are already indexed under the first copy
    }
    firstByNorm.set(p.norm, i);
    if (p.tokens.length < MIN_NEAR_WORDS) continue;

    const shared = new Map<number, number>();
    for (const s of p.shingles) {
      const owners = index.get(s);
      // A shingle in more than POSTING_CAP earlier paragraphs is a formula of the page, not evidence of a copy:
      // skipping it keeps a text of thousands of formulaic paragraphs linear. News articles never reach the cap.
      if (!owners || owners.length > POSTING_CAP) continue;
      for (const j of owners) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    let best = -1;
    let bestJ = 0;
    for (const [j, inter] of shared) {
      const q = paras[j];
      const jac = inter / (p.shingles.size + q.shingles.size - inter);
      const cont = inter / Math.min(p.shingles.size, q.shingles.size);
      if (jac < NEAR_JACCARD && cont < NEAR_CONTAINMENT) continue;
      if (best < 0 || jac > bestJ || (jac === bestJ && j < best)) {
        best = j;
        bestJ = jac;
      }
    }
    if (best >= 0) {
      out.push({ span: p.span, repeatOf: paras[best].span, similarity: Math.round(bestJ * 1000) / 1000, kind: 'near' });
    } else if (p.tokens.length >= MIN_PARAPHRASE_WORDS && !CJK.test(text.slice(p.span.start, p.span.end))) {
      // Containment of the smaller pair set in the larger, counted through an index of earlier paragraphs' pairs
      // rather than against every earlier paragraph (which was quadratic in the number of paragraphs).
      const mine = (p.bigrams ??= keys.of(p, 2));
      const common = new Map<number, number>();
      for (const pair of mine) {
        const owners = pairIndex.get(pair);
        if (!owners || owners.length > POSTING_CAP) continue;
        for (const j of owners) common.set(j, (common.get(j) ?? 0) + 1);
      }
      let bestC = 0;
      let bestK = -1;
      for (const [j, inter] of common) {
        const c = inter / Math.min(mine.size, pairCount.get(j)!);
        if (c > bestC || (c === bestC && j < bestK)) {
          bestC = c;
          bestK = j;
        }
      }
      if (bestK >= 0 && bestC >= PARAPHRASE_BIGRAM_CONTAINMENT) {
        out.push({ span: p.span, repeatOf: paras[bestK].span, similarity: Math.round(bestC * 1000) / 1000, kind: 'paraphrase' });
      }
    }

    for (const s of p.shingles) {
      const owners = index.get(s);
      if (owners) owners.push(i);
      else index.set(s, [i]);
    }
    if (p.tokens.length >= MIN_PARAPHRASE_WORDS) {
      p.bigrams ??= keys.of(p, 2);
      pairCount.set(i, p.bigrams.size);
      for (const pair of p.bigrams) {
        const owners = pairIndex.get(pair);
        if (owners) owners.push(i);
        else pairIndex.set(pair, [i]);
      }
    }
  }
  return out;
}
