// One article's reading for technique detection: its words (with part of speech, sentence and lexicon entry), the
// quotations that carry another voice, the targets, and the findings so far. Built once by readDocument; the
// passes (lexical.ts, rhetoric.ts, repetition.ts, bias.ts) read it and add their findings through addTechnique.
import type { Voice } from '../../core/finding.js';
import { lowerBound, type Span } from '../../core/span.js';
import type { TechniqueLexicon, WordEntry } from './lexicon.js';
import type { LabelLike, MentionLike, QuoteLike, QuoteRegionLike, TargetVia, TechniqueDraft, TechniqueInput } from './detect.js';

const WORD_RE = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const UPPER_RE = /^\p{Lu}/u;
const STOP = new Set(
  'the a an and or but of to in on at for with by from as is are was were be been being has have had that this these those it its they them their he she his her we our you your i not no than then so such which who whom whose what when where while will would could should can may might must shall do does did also into over about after before said says'.split(' '),
);
type Phrase = { rest: string[]; form: string; entry: WordEntry };
/** What one lower-cased word is to the lexicon and the repetition check (one Map lookup per word). */
interface WordInfo {
  entry: WordEntry | undefined;
  phrases: Phrase[] | undefined;
  stop: boolean;
}
const wordInfoCache = new WeakMap<TechniqueLexicon, Map<string, WordInfo>>();
/** lex.words, lex.phrases and STOP merged, once per (compiled, never changed) lexicon. */
function wordInfoOf(lex: TechniqueLexicon): Map<string, WordInfo> {
  let m = wordInfoCache.get(lex);
  if (m) return m;
  m = new Map();
  const at = (w: string): WordInfo => {
    let i = m!.get(w);
    if (!i) m!.set(w, (i = { entry: undefined, phrases: undefined, stop: false }));
    return i;
  };
  for (const [w, e] of lex.words) at(w).entry = e;
  // Inflected forms of the listed words ('smear' -> 'smears', 'smeared', 'smearing'; 'reckless' -> 'recklessly'),
  // unless the form is itself listed (with its own group) or is a stop word.
  for (const [w, e] of lex.words) {
    for (const v of inflections(w)) {
      if (lex.words.has(v) || STOP.has(v)) continue;
      const i = at(v);
      i.entry ??= e;
    }
  }
  for (const [w, p] of lex.phrases) at(w).phrases = p;
  for (const w of STOP) at(w).stop = true;
  wordInfoCache.set(lex, m);
  return m;
}
/**
 * Regular inflections of a listed word: plural or third person (-s, -es, -ies), past (-ed, -d, -ied, doubled final
 * consonant), -ing, and the -ly adverb of an adjective. Words of three letters or fewer are not inflected.
 */
export function inflections(w: string): string[] {
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return [];
  const out: string[] = [];
  const last = w[w.length - 1];
  const stemY = /[^aeiou]y$/.test(w) ? w.slice(0, -1) : null;
  if (stemY) out.push(`${stemY}ies`, `${stemY}ied`, `${w}ing`, `${stemY}ily`);
  else if (last === 'e') out.push(`${w}s`, `${w}d`, `${w.slice(0, -1)}ing`, `${w}ly`);
  else if (/(?:s|x|z|ch|sh)$/.test(w)) out.push(`${w}es`, `${w}ed`, `${w}ing`, `${w}ly`);
  else {
    out.push(`${w}s`, `${w}ed`, `${w}ing`, `${w}ly`);
    // One-syllable-final consonant doubling: 'slam' -> 'slammed', 'slamming'.
    if (/[^aeiou][aeiou][bdgmnprt]$/.test(w) && w.length <= 5) out.push(`${w}${last}ed`, `${w}${last}ing`);
  }
  return out.filter((x) => x !== w);
}

/** Only these actor kinds are targets of a technique (a place is where something happens, rarely its target). */
const TARGET_KINDS = new Set(['person', 'state', 'organisation']);

export interface Word {
  start: number;
  end: number;
  lower: string;
  cap: boolean;
  pos: string;
  sentence: number;
  /** First word of its sentence. */
  initial: boolean;
  info: WordInfo | undefined;
}

/** A lexicon entry matched on words [firstWord, lastWord]. */
export interface Match {
  start: number;
  end: number;
  entry: WordEntry;
  form: string;
  sentence: number;
  firstWord: number;
  lastWord: number;
}

/** Everything the passes share for one article. */
export interface TechReading {
  input: TechniqueInput;
  text: string;
  sentences: Span[];
  lex: TechniqueLexicon;
  words: Word[];
  /** Content words (the near-duplicate check) as per-article ids, listed per sentence in first-seen order. */
  sentenceWords: number[][];
  /** Number of distinct content words (the ids run from 0). */
  contentWords: number;
  /** Top-level quotations that are speech (not scare quotes), sorted by start. */
  speech: QuoteRegionLike[];
  mentions: MentionLike[];
  speakerCache: Map<QuoteRegionLike, Voice>;
  quotesList: QuoteLike[];
  labels: LabelLike[];
  targets: MentionLike[];
  /** The technique findings so far. */
  out: TechniqueDraft[];
}

/** Builds the reading of one article: words, speech quotations, mentions, labels and targets sorted. */
export function readDocument(input: TechniqueInput, lex: TechniqueLexicon): TechReading {
  const { text } = input;
  const { words, sentenceWords, contentWords } = readWords(input, lex);
  const speech = input.quoteRegions
    .filter((q) => (q.depth ?? 0) === 0)
    .filter((q) => {
      // A quoted word or three without sentence punctuation is a scare quote: the outlet's own voice.
      const inner = text.slice(q.contentSpan.start, q.contentSpan.end).trim();
      return inner.split(/\s+/).length > 3 || /[.!?]/.test(inner);
    })
    .sort((a, b) => a.span.start - b.span.start);
  const mentions = [...input.mentions].sort((a, b) => a.span.start - b.span.start);
  const labels = [...input.labels].sort((a, b) => a.span.start - b.span.start);
  return {
    input,
    text,
    sentences: input.sentences,
    lex,
    words,
    sentenceWords,
    contentWords,
    speech,
    mentions,
    speakerCache: new Map(),
    quotesList: input.quotes ?? [],
    labels,
    targets: mentions.filter((m) => TARGET_KINDS.has(m.actorKind)),
    out: [],
  };
}

/** The words of the text with part of speech, sentence and lexicon entry, and the content words of each sentence. */
function readWords(input: TechniqueInput, lex: TechniqueLexicon): { words: Word[]; sentenceWords: number[][]; contentWords: number } {
  const { text, sentences } = input;
  const words: Word[] = [];
  const infos = wordInfoOf(lex);
  const idOf = new Map<string, number>();
  const lastSentenceOf: number[] = [];
  const sentenceWords: number[][] = [];
  for (let si = 0; si < sentences.length; si++) sentenceWords.push([]);
  const toks = input.tokens;
  const nToks = toks.length;
  const nSent = sentences.length;
  let ti = 0;
  let lastSentence = -2;
  // The last sentence starting at or before the word (word starts only grow): sentenceAt() without a search.
  let sp = -1;
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m; m = WORD_RE.exec(text)) {
    const w = m[0];
    const start = m.index;
    const end = start + w.length;
    while (ti < nToks && toks[ti].span.end <= start) ti++;
    const pos = ti < nToks && toks[ti].span.start < end ? (toks[ti].pos ?? '') : '';
    while (sp + 1 < nSent && sentences[sp + 1].start <= start) sp++;
    const sentence = sp >= 0 && start < sentences[sp].end ? sp : -1;
    let lower = w.toLowerCase();
    const n = lower.length;
    if (n > 1 && lower.charCodeAt(n - 1) === 115 /* s */) {
      const q = lower.charCodeAt(n - 2);
      if (q === 39 || q === 0x2019) lower = lower.slice(0, n - 2);
    }
    const c0 = w.charCodeAt(0);
    const cap = c0 < 128 ? c0 >= 65 && c0 <= 90 : UPPER_RE.test(w);
    const info = infos.get(lower);
    words.push({ start, end, lower, cap, pos, sentence, initial: sentence !== lastSentence, info });
    if (sentence >= 0 && lower.length > 2 && !(info && info.stop)) {
      let id = idOf.get(lower);
      if (id === undefined) {
        id = lastSentenceOf.length;
        idOf.set(lower, id);
        lastSentenceOf.push(-1);
      }
      // Word sentences never decrease, so this keeps one entry per word and sentence.
      if (lastSentenceOf[id] !== sentence) {
        lastSentenceOf[id] = sentence;
        sentenceWords[sentence].push(id);
      }
    }
    lastSentence = sentence;
  }
  return { words, sentenceWords, contentWords: lastSentenceOf.length };
}

export const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
export const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ');

/** The sentence containing `pos`, or -1. */
export function sentenceAt(rd: TechReading, pos: number): number {
  const sentences = rd.sentences;
  const i = lowerBound(sentences, pos + 1, (s) => s.start) - 1;
  return i >= 0 && pos < sentences[i].end ? i : -1;
}

/** The voice of a quotation: its resolved speaker (quotes analyzer), else the nearest actor named around it. */
function speakerOf(rd: TechReading, q: QuoteRegionLike): Voice {
  const { text, mentions, speakerCache } = rd;
  const hit = speakerCache.get(q);
  if (hit) return hit;
  for (const x of rd.quotesList) {
    if (x.type !== 'indirect' && x.speakerName && overlaps(x.contentSpan, q.contentSpan)) {
      const v: Voice = { speaker: x.speakerName, actorId: x.speakerActorId };
      speakerCache.set(q, v);
      return v;
    }
  }
  // The nearest person (else organisation or state) named outside the quotation in its own paragraph, within
  // a short window: "X said: «…»" or "«…», X said".
  const lineStart = text.lastIndexOf('\n', q.span.start) + 1;
  let lineEnd = text.indexOf('\n', q.span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const from = Math.max(lineStart, q.span.start - 250);
  const to = Math.min(lineEnd, q.span.end + 150);
  let best: MentionLike | null = null;
  let bestScore = Infinity;
  for (let i = lowerBound(mentions, from, (m) => m.span.start); i < mentions.length && mentions[i].span.start < to; i++) {
    const m = mentions[i];
    if (m.span.end > q.span.start && m.span.start < q.span.end) continue;
    if (m.actorKind === 'place') continue;
    const d = m.span.start < q.span.start ? q.span.start - m.span.end : m.span.start - q.span.end;
    const score = d + (m.actorKind === 'person' ? 0 : 60);
    if (score < bestScore) {
      bestScore = score;
      best = m;
    }
  }
  const v: Voice = best ? { speaker: best.canonical, actorId: best.actorId } : { speaker: null, actorId: null };
  speakerCache.set(q, v);
  return v;
}

/** The speech quotation whose content contains s, if any. */
function quoteAt(rd: TechReading, s: Span): QuoteRegionLike | undefined {
  const speech = rd.speech;
  const i = lowerBound(speech, s.start + 1, (q) => q.contentSpan.start) - 1;
  for (let k = i; k >= 0 && k >= i - 2; k--) {
    const q = speech[k];
    if (q.contentSpan.start <= s.start && s.end <= q.contentSpan.end) return q;
  }
  return undefined;
}

/** Whose voice the span is in: the speaker of the quotation around it, or the outlet. */
export function voiceAt(rd: TechReading, s: Span): Voice {
  const q = quoteAt(rd, s);
  return q ? speakerOf(rd, q) : 'outlet';
}

/** The actor a technique on s is aimed at: a label or mention on it, the mention right after, or (allowSentence) the nearest in its sentence. */
function targetOf(rd: TechReading, s: Span, sentence: number, allowSentence: boolean): { actorId: string; canonical: string; via: TargetVia } | null {
  const { text, labels, targets } = rd;
  for (let i = Math.max(0, lowerBound(labels, s.start, (l) => l.span.start) - 3); i < labels.length && labels[i].span.start < s.end; i++) {
    if (overlaps(labels[i].span, s) && labels[i].labelType !== 'name') return { actorId: labels[i].actorId, canonical: labels[i].canonical, via: 'label' };
  }
  const k = lowerBound(targets, s.start, (m) => m.span.start);
  for (let i = Math.max(0, k - 2); i < targets.length && targets[i].span.start < s.end; i++) {
    if (overlaps(targets[i].span, s)) return { actorId: targets[i].actorId, canonical: targets[i].canonical, via: 'mention' };
  }
  // "criminal Netanyahu", "brutal Israeli forces": the next mention within a word or two.
  const next = targets[lowerBound(targets, s.end, (m) => m.span.start)];
  if (next && next.span.start - s.end <= 25 && /^[\s\p{L}-]*$/u.test(text.slice(s.end, next.span.start)) && text.slice(s.end, next.span.start).trim().split(/\s+/).filter(Boolean).length <= 2) {
    return { actorId: next.actorId, canonical: next.canonical, via: 'adjacent' };
  }
  if (!allowSentence || sentence < 0) return null;
  const sent = rd.sentences[sentence];
  let best: MentionLike | null = null;
  let bestD = Infinity;
  for (let i = lowerBound(targets, sent.start, (m) => m.span.start); i < targets.length && targets[i].span.start < sent.end; i++) {
    const m = targets[i];
    const d = m.span.end <= s.start ? s.start - m.span.end : m.span.start - s.end;
    if (d < bestD) {
      bestD = d;
      best = m;
    }
  }
  return best ? { actorId: best.actorId, canonical: best.canonical, via: 'sentence' } : null;
}

/** A technique finding as a pass describes it; the target and voice are found when not given. */
export type TechniqueParts = Omit<TechniqueDraft, 'kind' | 'messageId' | 'actorId' | 'canonical' | 'targetVia' | 'voice'> &
  Partial<Pick<TechniqueDraft, 'actorId' | 'canonical' | 'targetVia' | 'voice'>>;

/** Adds a technique finding (target found unless given, confidence to two decimals, voice of its span unless given) and returns it. */
export function addTechnique(rd: TechReading, d: TechniqueParts, allowSentence = true): TechniqueDraft {
  let { actorId = null, canonical = null, targetVia = null } = d;
  if (!actorId) {
    const t = targetOf(rd, d.span, sentenceAt(rd, d.span.start), allowSentence);
    if (t) ({ actorId, canonical, via: targetVia } = t);
  }
  const draft: TechniqueDraft = {
    ...d,
    kind: 'technique',
    messageId: 'technique',
    actorId,
    canonical,
    targetVia,
    confidence: Math.round(d.confidence * 100) / 100,
    voice: d.voice ?? voiceAt(rd, d.span),
  };
  rd.out.push(draft);
  return draft;
}
