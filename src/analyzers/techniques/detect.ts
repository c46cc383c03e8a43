import type { RelatedSpan, Voice } from '../../core/finding.js';
import { lowerBound, type Span } from '../../core/span.js';
import type { CompiledCue, Technique, TechniqueLexicon, WordEntry } from './lexicon.js';

/** One token as the nlp analyzer provides it (only span and pos are read). */
export interface TokenLike {
  span: Span;
  pos?: string;
}
export interface QuoteRegionLike {
  span: Span;
  contentSpan: Span;
  depth?: number;
}
export interface MentionLike {
  span: Span;
  actorId: string;
  actorKind: string;
  canonical: string;
  inQuote?: boolean;
}
export interface LabelLike {
  span: Span;
  actorId: string;
  canonical: string;
  label: string;
  labelType: string;
  connotation: string;
  cue: string | null;
  confidence: number;
  voice: Voice;
}

export interface TechniqueInput {
  text: string;
  sentences: Span[];
  tokens: TokenLike[];
  quoteRegions: QuoteRegionLike[];
  mentions: MentionLike[];
  labels: LabelLike[];
  /** Quotes with resolved speakers (the quotes analyzer); when absent or unresolved, a nearby mention is used. */
  quotes?: QuoteLike[];
}

export interface QuoteLike {
  contentSpan: Span;
  type?: string;
  speakerName: string | null;
  speakerActorId: string | null;
}

export type TargetVia = 'label' | 'mention' | 'adjacent' | 'sentence';

export interface TechniqueDraft {
  kind: 'technique';
  messageId: 'technique';
  span: Span;
  technique: Technique;
  /** The actor the technique is aimed at, when one can be linked (per-article id; corpus views remap it). */
  actorId: string | null;
  canonical: string | null;
  targetVia: TargetVia | null;
  /** Cue id (cues.json) or lexicon group (loaded-words.json) or 'label' / 'repeated-phrase' / 'repeated-sentence'. */
  cue: string;
  /** One line a reader can check against the text. */
  reason: string;
  confidence: number;
  voice: Voice;
  related?: RelatedSpan[];
  data: Record<string, unknown>;
}

export interface BiasWord {
  span: Span;
  text: string;
  weight: number;
  /** Lexicon group, or the cue id for a rhetorical cue. */
  source: string;
}

export interface BiasSentenceDraft {
  kind: 'bias-sentence';
  messageId: 'bias';
  span: Span;
  /** 0..1: 1 − exp(−Σ weights × length factor). 0.5 (Σ ≈ ln 2 ≈ 0.7) is the default "biased" threshold. */
  score: number;
  words: BiasWord[];
  voice: Voice;
  confidence: number;
  data: Record<string, unknown>;
}

export interface TechniqueOutput {
  techniques: TechniqueDraft[];
  sentences: BiasSentenceDraft[];
}

/** The length-normalised evidence of a sentence: Σ weights × √(20 / max(20, words)). */
export function biasEvidence(weights: number[], wordCount: number): number {
  const sum = weights.reduce((a, b) => a + b, 0);
  return sum * Math.sqrt(20 / Math.max(20, wordCount));
}

/**
 * Score of a sentence from its word weights: 1 − exp(−scale × evidence), so long sentences need more cues.
 * `scale` comes from data/bias-calibration.json (fitted on neutral news copy, not on the evaluation sets); 0.5 is
 * the "biased" threshold.
 */
export function biasScore(weights: number[], wordCount: number, scale = 1): number {
  return Math.round((1 - Math.exp(-scale * biasEvidence(weights, wordCount))) * 1000) / 1000;
}

/** A word or three in quotation marks in the outlet's voice: distance from the quoted word (weak alone). */
const SCARE_QUOTE_WEIGHT = 0.3;
/** An exclamation mark in the outlet's voice: emphasis that neutral copy avoids. */
const EXCLAMATION_WEIGHT = 0.3;

const WORD_RE = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const UPPER_RE = /^\p{Lu}/u;
/** Groups whose words keep their meaning when capitalised mid-sentence ("Zionist", "Islamist"). */
const CAPS_OK = new Set(['name-calling-modifiers']);
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
  for (const [w, p] of lex.phrases) at(w).phrases = p;
  for (const w of STOP) at(w).stop = true;
  wordInfoCache.set(lex, m);
  return m;
}
/** Only these actor kinds are targets of a technique (a place is where something happens, rarely its target). */
const TARGET_KINDS = new Set(['person', 'state', 'organisation']);

interface Word {
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

interface Match {
  start: number;
  end: number;
  entry: WordEntry;
  form: string;
  sentence: number;
  firstWord: number;
  lastWord: number;
}

/** Whether the character code is JavaScript white space (the set of /\s/ and String.prototype.trim). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE_RE.test(String.fromCharCode(c));
}
const SPACE_RE = /\s/;
/** The end of text.slice(start, end).trimEnd() in text. */
function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}
/** body.split(/\s+/).filter((x) => /\p{L}/u.test(x)).length */
function countLetterPieces(body: string): number {
  return body.split(/\s+/).filter((x) => /\p{L}/u.test(x)).length;
}

/** /[\s"'”’»)]/ on one character. */
function closesSentence(c: number): boolean {
  return c === 34 || c === 39 || c === 41 || c === 0x201d || c === 0x2019 || c === 0xbb || isSpace(c);
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ');

export function detectTechniques(input: TechniqueInput, lex: TechniqueLexicon, biasScale = 1): TechniqueOutput {
  const { text, sentences } = input;
  const sentenceAt = (pos: number): number => {
    const i = lowerBound(sentences, pos + 1, (s) => s.start) - 1;
    return i >= 0 && pos < sentences[i].end ? i : -1;
  };

  // ---- words with part of speech and sentence --------------------------------------------------------------
  const words: Word[] = [];
  const infos = wordInfoOf(lex);
  // Content words (the near-duplicate check) as per-article ids, listed per sentence in first-seen order.
  const idOf = new Map<string, number>();
  const lastSentenceOf: number[] = [];
  const sentenceWords: number[][] = [];
  for (let si = 0; si < sentences.length; si++) sentenceWords.push([]);
  {
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
  }

  // ---- quotations and voice --------------------------------------------------------------------------------
  const speech = input.quoteRegions
    .filter((q) => (q.depth ?? 0) === 0)
    .filter((q) => {
      // A quoted word or three without sentence punctuation is a scare quote: the outlet's own voice.
      const inner = text.slice(q.contentSpan.start, q.contentSpan.end).trim();
      return inner.split(/\s+/).length > 3 || /[.!?]/.test(inner);
    })
    .sort((a, b) => a.span.start - b.span.start);
  const mentions = [...input.mentions].sort((a, b) => a.span.start - b.span.start);
  const speakerCache = new Map<QuoteRegionLike, Voice>();
  const quotesList = input.quotes ?? [];
  const speakerOf = (q: QuoteRegionLike): Voice => {
    const hit = speakerCache.get(q);
    if (hit) return hit;
    for (const x of quotesList) {
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
  };
  const quoteAt = (s: Span): QuoteRegionLike | undefined => {
    const i = lowerBound(speech, s.start + 1, (q) => q.contentSpan.start) - 1;
    for (let k = i; k >= 0 && k >= i - 2; k--) {
      const q = speech[k];
      if (q.contentSpan.start <= s.start && s.end <= q.contentSpan.end) return q;
    }
    return undefined;
  };
  const voiceAt = (s: Span): Voice => {
    const q = quoteAt(s);
    return q ? speakerOf(q) : 'outlet';
  };

  // ---- targets --------------------------------------------------------------------------------------------
  const labels = [...input.labels].sort((a, b) => a.span.start - b.span.start);
  const targets = mentions.filter((m) => TARGET_KINDS.has(m.actorKind));
  const targetOf = (s: Span, sentence: number, allowSentence: boolean): { actorId: string; canonical: string; via: TargetVia } | null => {
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
    const sent = sentences[sentence];
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
  };

  const out: TechniqueDraft[] = [];
  const add = (d: Omit<TechniqueDraft, 'kind' | 'messageId' | 'actorId' | 'canonical' | 'targetVia' | 'voice'> & Partial<Pick<TechniqueDraft, 'actorId' | 'canonical' | 'targetVia' | 'voice'>>, allowSentence = true): TechniqueDraft => {
    let { actorId = null, canonical = null, targetVia = null } = d;
    if (!actorId) {
      const t = targetOf(d.span, sentenceAt(d.span.start), allowSentence);
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
      voice: d.voice ?? voiceAt(d.span),
    };
    out.push(draft);
    return draft;
  };

  // ---- name-calling from the labels analyzer ----------------------------------------------------------------
  const labelSpans: Span[] = [];
  for (const l of labels) {
    // Only epithets: a contested place name (toponym variant) or a name in scare quotes is not name-calling.
    if (l.connotation !== 'pejorative' || l.labelType !== 'epithet') continue;
    labelSpans.push(l.span);
    add({
      span: l.span,
      technique: 'Name_Calling,Labeling',
      actorId: l.actorId,
      canonical: l.canonical,
      targetVia: 'label',
      cue: 'label',
      reason: `“${clip(l.label)}” is a pejorative label for ${l.canonical} (labels analyzer${l.cue ? `, cue “${l.cue}”` : ''})`,
      confidence: Math.max(0.6, Math.min(0.95, l.confidence)),
      voice: l.voice,
      related: [{ role: 'label', span: l.span }],
      data: { labelId: `labels:label:${l.span.start}-${l.span.end}`, labelType: l.labelType },
    });
  }
  const inLabel = (s: Span): boolean => {
    const i = lowerBound(labelSpans, s.end, (x) => x.start) - 1;
    for (let k = i; k >= 0 && k >= i - 3; k--) if (overlaps(labelSpans[k], s)) return true;
    return false;
  };

  // ---- lexicon matches ---------------------------------------------------------------------------------------
  const matches: Match[] = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    let hit: { entry: WordEntry; form: string; last: number } | null = null;
    const ph = word.info?.phrases;
    if (ph) {
      for (const p of ph) {
        if (w + p.rest.length >= words.length) continue;
        let ok = true;
        for (let k = 0; k < p.rest.length && ok; k++) {
          const nw = words[w + 1 + k];
          ok = nw.lower === p.rest[k] && nw.sentence === word.sentence && /^\s+$/.test(text.slice(words[w + k].end, nw.start));
        }
        if (ok) {
          hit = { entry: p.entry, form: p.form, last: w + p.rest.length };
          break;
        }
      }
    }
    if (!hit) {
      const e = word.info?.entry;
      if (e) hit = { entry: e, form: word.lower, last: w };
    }
    if (!hit) continue;
    const { entry } = hit;
    if (entry.pos && word.pos && !entry.pos.has(word.pos)) continue;
    const after = words[hit.last + 1];
    if (entry.notFollowedBy && after && after.sentence === word.sentence && entry.notFollowedBy.has(after.lower)) continue;
    // A capitalised word mid-sentence is a name ("Brave", "Hope"), unless the group is ideological tags.
    if (word.cap && !word.initial && !CAPS_OK.has(entry.group) && word.pos === 'PROPN') continue;
    matches.push({ start: word.start, end: words[hit.last].end, entry, form: hit.form, sentence: word.sentence, firstWord: w, lastWord: hit.last });
    w = hit.last;
  }

  const matchAtWord = new Map<number, Match>();
  for (const m of matches) matchAtWord.set(m.firstWord, m);
  const consumed = new Set<Match>();
  const gapIsSpace = (a: Word, b: Word): boolean => /^[ \t]+$/.test(text.slice(a.end, b.start));
  for (const m of matches) {
    if (consumed.has(m)) continue;
    const { entry } = m;
    if (!entry.technique) continue;
    const span0: Span = { start: m.start, end: m.end };
    if (inLabel(span0)) continue;
    if (entry.findingPos && !entry.findingPos.has(words[m.firstWord].pos)) continue;
    if (entry.technique === 'Loaded_Language') {
      if (entry.joinNext) {
        // 'utterly shameful', 'extremely dangerous': the intensifier and the word it heightens are one phrase.
        const nw = words[m.lastWord + 1];
        if (!nw || nw.sentence !== m.sentence || !gapIsSpace(words[m.lastWord], nw) || (nw.pos !== 'ADJ' && nw.pos !== 'ADV' && nw.pos !== 'VERB')) continue;
        const nm = matchAtWord.get(m.lastWord + 1);
        if (nm) consumed.add(nm);
        const span: Span = { start: m.start, end: nm ? nm.end : nw.end };
        add({ span, technique: 'Loaded_Language', cue: nm?.entry.technique ? nm.entry.group : entry.group, reason: `“${text.slice(span.start, span.end)}” is loaded language (lexicon: ${entry.group}${nm ? ` + ${nm.entry.group}` : ''})`, confidence: Math.max(entry.weight, nm?.entry.weight ?? 0), data: { form: m.form } });
        continue;
      }
      add({ span: span0, technique: 'Loaded_Language', cue: entry.group, reason: `“${text.slice(m.start, m.end)}” is loaded language (lexicon: ${entry.group})`, confidence: entry.weight, data: { form: m.form } });
      continue;
    }
    // Name-calling: a modifier needs a noun phrase to sit on; a noun takes its premodifiers along.
    if (entry.group === 'name-calling-modifiers') {
      // The run of adjectives and nouns after the tag ("radical Islamist groups"), ending at its last noun.
      let last = m.lastWord;
      for (let k = m.lastWord + 1; k < words.length && k <= m.lastWord + 3; k++) {
        const nw = words[k];
        if (nw.sentence !== m.sentence || !gapIsSpace(words[k - 1], nw)) break;
        if (nw.pos !== 'NOUN' && nw.pos !== 'PROPN' && nw.pos !== 'ADJ') break;
        if (nw.pos !== 'ADJ') last = k;
      }
      for (let k = m.lastWord + 1; k <= last; k++) {
        const nm = matchAtWord.get(k);
        if (nm) consumed.add(nm);
      }
      if (last === m.lastWord) continue;
      const span: Span = { start: m.start, end: words[last].end };
      if (inLabel(span)) continue;
      add({ span, technique: 'Name_Calling,Labeling', cue: entry.group, reason: `“${clip(text.slice(span.start, span.end))}” tags a person or group with “${text.slice(m.start, m.end)}” (lexicon: ${entry.group})`, confidence: entry.weight, data: { form: m.form } }, false);
      continue;
    }
    let first = m.firstWord;
    for (let k = m.firstWord - 1; k >= 0 && k >= m.firstWord - 3; k--) {
      const pw = words[k];
      if (pw.sentence !== m.sentence || !gapIsSpace(pw, words[k + 1])) break;
      const pm = matchAtWord.get(k);
      if (pw.pos === 'ADJ' || (pm && pm.entry.technique)) first = k;
      else break;
    }
    const span: Span = { start: words[first].start, end: m.end };
    add({ span, technique: 'Name_Calling,Labeling', cue: entry.group, reason: `“${text.slice(m.start, m.end)}” is a pejorative label (lexicon: ${entry.group})`, confidence: entry.weight, data: { form: m.form } }, true);
  }

  // ---- rhetorical cue patterns ------------------------------------------------------------------------------
  const cueFindings: TechniqueDraft[] = [];
  const emitCue = (cue: CompiledCue, span: Span): void => {
    if (span.end <= span.start) return;
    const voice = voiceAt(span);
    if (cue.voice === 'outlet' && voice !== 'outlet') return;
    // The same technique twice on overlapping text: keep the first (patterns are listed strongest first).
    if (cueFindings.some((f) => f.technique === cue.technique && overlaps(f.span, span))) return;
    const m = text.slice(span.start, span.end);
    cueFindings.push(
      add({ span, technique: cue.technique, cue: cue.id, reason: cue.reason.replace('{m}', clip(m)), confidence: cue.confidence, voice, data: {} }),
    );
  };
  const lowered = text.toLowerCase();
  const sameLength = lowered.length === text.length;
  // Where each gated cue pattern can start in the lower-cased text (one trie walk for all cues).
  const candidates = sameLength ? lex.gate.candidates(lowered) : null;
  for (let ci = 0; ci < lex.cues.length; ci++) {
    const cue = lex.cues[ci];
    if (cue.re && cue.reI) {
      const at = candidates && cue.reY ? candidates[ci] : null;
      const re = at ? cue.reY! : sameLength ? cue.re : cue.reI;
      const hay = sameLength ? lowered : text;
      // Gated: the sticky pattern at each candidate at or after the previous match's end (the global scan's
      // matches: no match starts anywhere else). Else the global scan itself.
      let k = 0;
      const next = (): RegExpExecArray | null => {
        if (!at) return re.exec(hay);
        const from = re.lastIndex;
        while (k < at.length) {
          const p = at[k++];
          if (p < from) continue;
          re.lastIndex = p;
          const m = re.exec(hay);
          if (m) return m;
        }
        return null;
      };
      re.lastIndex = 0;
      for (let m = next(); m; m = next()) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        let start = m.index;
        let end = m.index + m[0].length;
        const g = m.groups?.s;
        if (g !== undefined) {
          start = m.index + m[0].indexOf(g);
          end = start + g.length;
        }
        while (end > start && /[\s.,;:!?]/.test(text[end - 1])) end--;
        while (start < end && /\s/.test(text[start])) start++;
        const si = sentenceAt(start);
        if (cue.extend && si >= 0) {
          const sent = sentences[si];
          if (cue.extend === 'sentence') ({ start, end } = sent);
          else {
            const rest = /[,;:.!?]/.exec(text.slice(end, sent.end));
            end = rest ? end + rest.index : sent.end;
          }
        }
        emitCue(cue, { start, end });
      }
    } else {
      // Only a sentence whose trimmed body ends with '?' or '!' can match: its word count is counted then.
      const mark = cue.kind === 'question' ? 63 /* ? */ : cue.kind === 'exclamation' ? 33 /* ! */ : -1;
      if (mark < 0) continue;
      for (let si = 0; si < sentences.length; si++) {
        const s = sentences[si];
        const e = trimmedEnd(text, s.start, s.end);
        if (e === s.start || text.charCodeAt(e - 1) !== mark) continue;
        const n = countLetterPieces(text.slice(s.start, e));
        if (mark === 63 ? n >= 4 : n >= 1 && n <= 6) emitCue(cue, { start: s.start, end: e });
      }
    }
  }

  // ---- repetition ------------------------------------------------------------------------------------------
  const norm = (s: string): string =>
    s.toLowerCase().replace(/['’]s\b/g, '').replace(/^(?:the|a|an|this|that|these|those)\s+/, '').replace(/\s+/g, ' ').trim();
  const groups = new Map<string, TechniqueDraft[]>();
  for (const f of out) {
    if (f.technique !== 'Loaded_Language' && f.technique !== 'Name_Calling,Labeling') continue;
    const key = `${f.voice === 'outlet' ? 'o' : 'q'}|${norm(text.slice(f.span.start, f.span.end))}`;
    const g = groups.get(key) ?? [];
    g.push(f);
    groups.set(key, g);
  }
  const repeated: TechniqueDraft[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.sort((a, b) => a.span.start - b.span.start);
    const first = g[0];
    for (let i = 1; i < g.length; i++) {
      const f = g[i];
      if (f.span.start === g[i - 1].span.start) continue;
      repeated.push({
        ...f,
        technique: 'Repetition',
        cue: 'repeated-phrase',
        reason: `“${clip(text.slice(f.span.start, f.span.end))}” is repeated (${g.length} times in this article)`,
        confidence: Math.min(0.85, 0.45 + 0.1 * (g.length - 1)),
        related: [{ role: 'first-occurrence', span: first.span }],
        data: { occurrences: g.length },
      });
    }
  }
  // Near-duplicate sentences (a claim restated): content-word Jaccard >= 0.7 with at least six content words.
  {
    const sets = sentenceWords;
    const index: Array<number[] | undefined> = new Array<number[] | undefined>(lastSentenceOf.length).fill(undefined);
    // Shared-word counts per earlier sentence, and the sentences in first-touched order (a Map's order).
    const sharedCount = new Int32Array(sentences.length);
    const touched: number[] = [];
    for (let si = 0; si < sentences.length; si++) {
      const set = sets[si];
      if (set.length < 6) continue;
      touched.length = 0;
      for (const w of set) {
        const list = index[w];
        if (list) {
          for (const j of list) {
            if (sharedCount[j]++ === 0) touched.push(j);
          }
        }
      }
      let best = -1;
      let bestJ = 0;
      for (const j of touched) {
        const c = sharedCount[j];
        sharedCount[j] = 0;
        const jac = c / (set.length + sets[j].length - c);
        if (jac > bestJ) {
          bestJ = jac;
          best = j;
        }
      }
      if (best >= 0 && bestJ >= 0.7) {
        const s = sentences[si];
        const body = text.slice(s.start, s.end).trimEnd();
        repeated.push({
          kind: 'technique',
          messageId: 'technique',
          span: { start: s.start, end: s.start + body.length },
          technique: 'Repetition',
          actorId: null,
          canonical: null,
          targetVia: null,
          cue: 'repeated-sentence',
          reason: `this sentence restates an earlier one (${Math.round(bestJ * 100)}% of its content words)`,
          confidence: 0.5,
          voice: voiceAt(s),
          related: [{ role: 'first-occurrence', span: sentences[best] }],
          data: { similarity: Math.round(bestJ * 100) / 100 },
        });
      }
      for (const w of set) {
        const list = index[w];
        if (!list) index[w] = [si];
        else if (list.length < 40) list.push(si);
      }
    }
  }
  out.push(...repeated);
  out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.technique.localeCompare(b.technique));

  // ---- sentence bias score ---------------------------------------------------------------------------------
  const perSentence = new Map<number, BiasWord[]>();
  const push = (si: number, w: BiasWord): void => {
    if (si < 0) return;
    const list = perSentence.get(si) ?? [];
    list.push(w);
    perSentence.set(si, list);
  };
  for (const m of matches) push(m.sentence, { span: { start: m.start, end: m.end }, text: text.slice(m.start, m.end), weight: m.entry.weight, source: m.entry.group });
  for (const f of cueFindings) {
    const si = sentenceAt(f.span.start);
    const covered = (perSentence.get(si) ?? []).some((w) => overlaps(w.span, f.span) && f.span.end - f.span.start < 40);
    if (!covered) push(si, { span: f.span, text: text.slice(f.span.start, f.span.end), weight: Math.round(f.confidence * 50) / 100, source: f.cue });
  }
  // Scare quotes ('so-called' by punctuation: the outlet distances itself from a word) and exclamations.
  for (const q of input.quoteRegions) {
    if ((q.depth ?? 0) !== 0) continue;
    const inner = text.slice(q.contentSpan.start, q.contentSpan.end).trim();
    if (!inner || /[.!?,;:]/.test(inner) || inner.split(/\s+/).length > 3) continue;
    const si = sentenceAt(q.span.start);
    if (si < 0 || voiceAt(q.span) !== 'outlet') continue;
    push(si, { span: q.span, text: text.slice(q.span.start, q.span.end), weight: SCARE_QUOTE_WEIGHT, source: 'scare-quote' });
  }
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    let e = s.end;
    while (e > s.start && closesSentence(text.charCodeAt(e - 1))) e--;
    if (text[e - 1] === '!' && voiceAt({ start: e - 1, end: e }) === 'outlet') push(si, { span: { start: e - 1, end: e }, text: '!', weight: EXCLAMATION_WEIGHT, source: 'exclamation' });
  }
  const wordsPerSentence = new Array<number>(sentences.length).fill(0);
  for (const w of words) if (w.sentence >= 0) wordsPerSentence[w.sentence]++;
  const biasOut: BiasSentenceDraft[] = [];
  for (const [si, ws] of [...perSentence.entries()].sort((a, b) => a[0] - b[0])) {
    ws.sort((a, b) => a.span.start - b.span.start);
    const s = sentences[si];
    const weights = ws.map((w) => w.weight);
    const score = biasScore(weights, wordsPerSentence[si], biasScale);
    const body = text.slice(s.start, s.end).trimEnd();
    biasOut.push({
      kind: 'bias-sentence',
      messageId: 'bias',
      span: { start: s.start, end: s.start + body.length },
      score,
      words: ws,
      voice: voiceAt({ start: s.start, end: s.start + body.length }),
      confidence: score,
      data: { wordCount: wordsPerSentence[si], evidence: Math.round(biasEvidence(weights, wordsPerSentence[si]) * 1000) / 1000 },
    });
  }
  return { techniques: out, sentences: biasOut };
}
