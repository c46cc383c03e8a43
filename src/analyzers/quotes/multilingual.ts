/**
 * Quotes in Persian, Arabic, Hebrew, Russian, Turkish and Azerbaijani text (issue 16), from the raw text: the
 * English extractor reads wink's English tokens and parts of speech, which these languages do not have.
 *
 * - Direct: a quotation in the language's marks (« », „ “, “ ”, ״ …; src/core/lang/quotation-marks.ts) whose
 *   sentence has a reporting verb of data/ml/<lang>.json outside the quotation (the nearest one), or that follows a
 *   colon. One or two quoted words count only right before their verb or after a colon (else a scare quote). The speaker is the actor mention nearest to the cue in the sentence, outside the quotation, a person
 *   first: «…», — заявил Лавров; Araghchi گفت: «…»; «…» dedi Fidan.
 * - Indirect: an "according to" form (по словам X, به گفته X, לדברי X, بحسب X; X'e göre, X-ə görə with the source
 *   before it), its content the rest of the sentence; or a reporting verb followed by the complementizer (заявил,
 *   что …; گفت که …; قال إن …; אמר כי …), its content the clause after it.
 *
 * Speakers come from the names and epithets of the labels term tables (the English gazetteer's actor ids) and,
 * where no term covers the words, from the `actors` product. Not done: pronoun speakers, speakers named only by a role noun, quotes that
 * run on over several paragraphs without a new cue.
 */
import { readFileSync } from 'node:fs';
import type { ActorKind } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import { compileTermTable, findTerms, fold, quotations, type Folded, type Quotation, type TermMatch, type TermTable } from '../../core/lang/index.js';
import { lowerBound } from '../../core/span.js';
import { termMatches } from '../labels/index.js';
import type { Quote } from './extract.js';
import type { VerbStance } from './lexicon.js';

export interface MlVerb {
  lemma: string;
  gloss: string;
  kind: 'verb' | 'according';
  stance: VerbStance;
  forms: string[];
  note: string;
  /** 'according' forms whose source comes before them (Turkish göre, Azerbaijani görə). */
  sourceBefore?: boolean;
}

export interface MlVerbFile {
  note: string;
  source: string;
  language: string;
  complementizers: string[];
  entries: MlVerb[];
}

export const QUOTE_LANGUAGES = ['fa', 'ar', 'he', 'ru', 'tr', 'az'] as const;

export interface MlQuoteTable {
  lang: string;
  verbs: TermTable<MlVerb>;
  complementizers: Set<string>;
}

const STANCES = new Set(['neutral', 'distancing', 'endorsing']);
/** Arabic verbs keep their و/ف prefixes (وقال); the other languages' verb forms are listed in full. */
const CLITIC_VERBS = new Set(['ar']);

/** Validates one verb file; throws an Error naming the file and the entry. */
export function compileMlQuoteTable(file: MlVerbFile, lang: string): MlQuoteTable {
  const where = `quotes/data/ml/${lang}.json`;
  if (file.language !== lang) throw new Error(`${where}: language is "${String(file.language)}"`);
  if (!file.note || !file.source) throw new Error(`${where}: needs a note and a source`);
  if (!Array.isArray(file.entries) || !Array.isArray(file.complementizers)) throw new Error(`${where}: entries and complementizers must be arrays`);
  const specs = file.entries.flatMap((e, i) => {
    if (!e.lemma || !e.gloss || !e.note) throw new Error(`${where} entry ${i}: needs lemma, gloss and note`);
    if (!STANCES.has(e.stance)) throw new Error(`${where} entry ${i} (${e.lemma}): stance must be neutral, distancing or endorsing`);
    if (e.kind !== 'verb' && e.kind !== 'according') throw new Error(`${where} entry ${i} (${e.lemma}): kind must be verb or according`);
    if (!Array.isArray(e.forms) || !e.forms.length || e.forms.some((f) => typeof f !== 'string' || !f.trim())) throw new Error(`${where} entry ${i} (${e.lemma}): needs forms`);
    return e.forms.map((form) => ({ form, value: e, exact: !CLITIC_VERBS.has(lang) }));
  });
  return { lang, verbs: compileTermTable(lang, specs), complementizers: new Set(file.complementizers.map((c) => fold(c, lang).text)) };
}

const here = new URL('./data/ml/', import.meta.url);
let cached: Map<string, MlQuoteTable> | undefined;
export function defaultMlQuoteTables(): Map<string, MlQuoteTable> {
  if (!cached) {
    cached = new Map();
    for (const lang of QUOTE_LANGUAGES) {
      const file = JSON.parse(readFileSync(new URL(`${lang}.json`, here), 'utf8')) as MlVerbFile;
      cached.set(lang, compileMlQuoteTable(file, lang));
    }
  }
  return cached;
}

/** True when quotes in `lang` are read by this module. */
export function readsQuotesIn(lang: string | null | undefined): boolean {
  return !!lang && (QUOTE_LANGUAGES as readonly string[]).includes(lang);
}

/** An actor mention as the quotes need it. */
export interface MlMention {
  span: Span;
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
}

export interface MlQuoteInput {
  text: string;
  lang: string;
  /** The `actors` product (may be empty until the actors analyzer reads the language). */
  mentions: readonly MlMention[];
}

/** Quote plus what the finding adds for these languages. */
export interface MlQuote extends Quote {
  verbGloss: string | null;
}

const SENTENCE_END = /[.!?\u061F\u06D4\n]/u;
const CLOSING = /[»”“"\u05F4›]/u;
/** After a quotation that ends with its own terminator, the sentence goes on: «Мы не отступим!» — заявил он. */
const GOES_ON = /^\s*(?:[,،\-–—]|\p{Ll})/u;

/**
 * The text's sentences, once: a terminator ends a sentence outside quotations, and so does a closing mark right after
 * one («… است.» Then …) unless a comma, a dash or a lower-case word follows it («…!» — заявил он). Returned as sorted spans covering the text (leading spaces trimmed).
 */
function sentencesOf(text: string, inQuote: Uint8Array): Span[] {
  const out: Span[] = [];
  let a = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuote[i] || !(SENTENCE_END.test(ch) || (CLOSING.test(ch) && SENTENCE_END.test(text[i - 1] ?? '') && !GOES_ON.test(text.slice(i + 1, i + 4))))) continue;
    out.push({ start: a, end: i + 1 });
    a = i + 1;
  }
  if (a < text.length) out.push({ start: a, end: text.length });
  for (const s of out) while (s.start < s.end && /\s/u.test(text[s.start]!)) s.start++;
  return out;
}

/**
 * Speakers: the term tables' actor names (known actors, the English gazetteer's ids), and the actors product's
 * mentions where no term covers the words (a mention the English reading found in Latin or Cyrillic script may carry
 * an id made from the local spelling: "Ceyhun Bayramov" is the gazetteer's Jeyhun Bayramov).
 */
function speakersOf(input: MlQuoteInput, folded: Folded): MlMention[] {
  const terms: MlMention[] = [];
  for (const m of termMatches(input.text, input.lang, input.mentions, undefined, folded)) {
    if (m.value.actorKind === 'place' || m.value.labelType === 'toponym-variant') continue;
    terms.push({ span: { start: m.start, end: m.end }, actorId: m.value.actorId, actorKind: m.value.actorKind, canonical: m.value.canonical });
  }
  const out = [...terms];
  for (const m of input.mentions) {
    if (m.actorKind === 'place') continue;
    // terms do not overlap each other: the one that could overlap m is the last starting before m's end
    const k = lowerBound(terms, m.span.end, (t) => t.span.start) - 1;
    if (k >= 0 && terms[k]!.span.end > m.span.start) continue;
    out.push(m);
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** How many mentions on each side of `at` are looked at: speakers are near their cue. */
const SPEAKER_SCAN = 24;

/**
 * The mention in [from, to) nearest to `at`, outside `skip`; a person wins over a state or organisation at up to
 * twice the distance. `mentions` sorted by start.
 */
function nearestSpeaker(mentions: readonly MlMention[], from: number, to: number, at: number, skip: Span | null): MlMention | undefined {
  let best: { m: MlMention; d: number } | undefined;
  const mid = lowerBound(mentions, at, (m) => m.span.start);
  const lo = Math.max(0, mid - SPEAKER_SCAN);
  const hi = Math.min(mentions.length, mid + SPEAKER_SCAN);
  for (let k = lo; k < hi; k++) {
    const m = mentions[k]!;
    if (m.span.start < from || m.span.end > to) continue;
    if (skip && m.span.start < skip.end && skip.start < m.span.end) continue;
    const d0 = m.span.end <= at ? at - m.span.end : Math.max(0, m.span.start - at);
    const d = m.actorKind === 'person' ? d0 / 2 : d0;
    if (!best || d < best.d) best = { m, d };
  }
  return best?.m;
}

function quoteOf(type: Quote['type'], span: Span, content: Span, cue: { span: Span; verb: MlVerb } | null, sp: MlMention | undefined, via: Quote['speakerVia']): MlQuote {
  return {
    span,
    contentSpan: content,
    cueSpan: cue ? cue.span : null,
    verb: cue ? cue.verb.lemma : null,
    speakerSpan: sp ? { ...sp.span } : null,
    speakerActorId: sp ? sp.actorId : null,
    speakerKind: sp ? sp.actorKind : null,
    speakerName: sp ? sp.canonical : null,
    speakerVia: sp ? via : null,
    type,
    verbStance: cue ? cue.verb.stance : null,
    verbGloss: cue ? cue.verb.gloss : null,
  };
}

type Cue = TermMatch<MlVerb>;

/** The reporting verb nearest to quotation `q` inside `sent` (first after it, else last before it; 'according' forms skipped). */
function nearestVerb(cues: readonly Cue[], q: Quotation, sent: Span): { k: number; d: number } | undefined {
  let best: { k: number; d: number } | undefined;
  for (let k = lowerBound(cues, q.span.end, (c) => c.start); k < cues.length && cues[k]!.end <= sent.end; k++) {
    if (cues[k]!.value.kind !== 'verb') continue;
    best = { k, d: cues[k]!.start - q.span.end };
    break;
  }
  for (let k = lowerBound(cues, q.span.start, (c) => c.start) - 1; k >= 0 && cues[k]!.start >= sent.start; k--) {
    if (cues[k]!.value.kind !== 'verb') continue;
    const d = q.span.start - cues[k]!.end;
    if (!best || d < best.d) best = { k, d };
    break;
  }
  return best;
}

/** Direct and indirect quotes of a document in one of QUOTE_LANGUAGES, sorted by start. */
export function extractMultilingualQuotes(input: MlQuoteInput, tables: Map<string, MlQuoteTable> = defaultMlQuoteTables()): MlQuote[] {
  const { text, lang } = input;
  const table = tables.get(lang);
  if (!table) return [];
  const regions = quotations(text);
  // Outermost quotations do not overlap: marking their contents marks every quoted character.
  const inQuote = new Uint8Array(text.length);
  for (const q of regions) if (q.depth === 0) inQuote.fill(1, q.contentSpan.start, q.contentSpan.end);
  const sentences = sentencesOf(text, inQuote);
  const sentenceAt = (i: number): Span => sentences[Math.max(0, lowerBound(sentences, i + 1, (s) => s.end))] ?? { start: 0, end: text.length };
  const hasQuote = new Set<Span>();
  for (const q of regions) if (q.depth === 0) hasQuote.add(sentenceAt(q.span.start));
  // One folding of the text for the verbs, the speakers' names and the complementizers.
  const folded = fold(text, lang);
  const cues = findTerms(text, table.verbs, folded).filter((c) => !inQuote[c.start]);
  const mentions = speakersOf(input, folded);
  const out: MlQuote[] = [];
  const used = new Set<number>();

  // Direct quotes: outermost quotations with a cue in their sentence, or after a colon.
  for (const q of regions) {
    if (q.depth > 0 || !/[\p{L}\p{N}]/u.test(text.slice(q.contentSpan.start, q.contentSpan.end))) continue;
    const s0 = sentenceAt(q.span.start);
    const sent = { start: s0.start, end: Math.max(s0.end, sentenceAt(Math.max(q.span.start, q.span.end - 1)).end) };
    const best = nearestVerb(cues, q, sent);
    const colon = /[:：]\s*[-–—]?\s*$/u.test(text.slice(Math.max(sent.start, q.span.start - 4), q.span.start));
    if (!best && !colon) continue; // a title or a word held at arm's length, not speech
    // One or two quoted words are speech only right before their verb («Нет», — сказал он) or after a colon; elsewhere
    // they are a name held at arm's length (так называемый «Арцах») or a title.
    const short = text.slice(q.contentSpan.start, q.contentSpan.end).trim().split(/\s+/u).length <= 2;
    if (short && !colon && !(best && cues[best.k]!.start >= q.span.end && best.d <= 6)) continue;
    const cue = best ? cues[best.k]! : undefined;
    if (best) used.add(best.k);
    const at = cue ? cue.start : q.span.start;
    const sp = nearestSpeaker(mentions, sent.start, sent.end, at, q.contentSpan);
    out.push(quoteOf('direct', { ...q.span }, { ...q.contentSpan }, cue ? { span: { start: cue.start, end: cue.end }, verb: cue.value } : null, sp, cue ? 'name' : 'colon'));
  }

  // Indirect speech: "according to" forms and verbs with a complementizer, outside quotations.
  cues.forEach((c, k) => {
    if (used.has(k)) return;
    const sent = sentenceAt(c.start);
    if (hasQuote.has(sent)) return;
    const cue = { span: { start: c.start, end: c.end }, verb: c.value };
    if (c.value.kind === 'according') {
      if (c.value.sourceBefore) {
        const sp = nearestSpeaker(mentions, sent.start, c.start, c.start, null);
        const from = skipPunct(text, c.end, sent.end);
        if (from < sent.end) out.push(quoteOf('indirect', { start: sent.start, end: sent.end }, { start: from, end: trimEnd(text, sent.end) }, cue, sp, 'name'));
      } else {
        const sp = nearestSpeaker(mentions, c.end, Math.min(sent.end, c.end + 80), c.end, null);
        const comma = text.slice(c.end, Math.min(sent.end, c.end + 120)).search(/[,،]/u);
        const from = comma >= 0 ? skipPunct(text, c.end + comma + 1, sent.end) : sp ? skipPunct(text, sp.span.end, sent.end) : -1;
        if (from >= 0 && from < sent.end) out.push(quoteOf('indirect', { start: sent.start, end: sent.end }, { start: from, end: trimEnd(text, sent.end) }, cue, sp, 'name'));
      }
      return;
    }
    if (lang === 'tr' || lang === 'az') {
      // Verb last: "Fidan, İsrail'in … olduğunu söyledi." The subject opens the sentence and a comma follows it.
      if (trimEnd(text, sent.end) !== c.end) return;
      const sp = mentions[lowerBound(mentions, sent.start, (m) => m.span.start)];
      if (!sp || sp.span.end > c.start || !/^['’]?\p{L}{0,4}\s*,/u.test(text.slice(sp.span.end, Math.min(c.start, sp.span.end + 12)))) return;
      const from = skipPunct(text, text.indexOf(',', sp.span.end) + 1, c.start);
      if (from < c.start) out.push(quoteOf('indirect', { start: sent.start, end: sent.end }, { start: from, end: trimEnd(text, c.start) }, cue, sp, 'name'));
      return;
    }
    const comp = complementizerAfter(text, folded.text, folded.map, c.end, sent.end, table.complementizers);
    if (comp < 0) return;
    const sp = nearestSpeaker(mentions, sent.start, comp, c.start, null);
    out.push(quoteOf('indirect', { start: sent.start, end: sent.end }, { start: comp, end: trimEnd(text, sent.end) }, cue, sp, 'name'));
  });
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

function skipPunct(text: string, i: number, end: number): number {
  while (i < end && /[\s,،:;\-–—]/u.test(text[i]!)) i++;
  return i;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /[\s.!?\u061F\u06D4]/u.test(text[end - 1]!)) end--;
  return end;
}

/**
 * Where the complementizer clause after a verb starts (the offset of the complementizer), or -1: it must come within
 * the next few words (Arabic puts the subject between: قال الوزير إن …).
 */
function complementizerAfter(text: string, ft: string, map: Int32Array, from: number, to: number, comps: ReadonlySet<string>): number {
  if (!comps.size) return -1;
  let words = 0;
  const re = /[\p{L}\p{M}]+/gu;
  // the folded offset of `from`: the first folded character at or after it
  let lo = 0;
  let hi = ft.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  re.lastIndex = lo;
  for (let m = re.exec(ft); m && words < 6; m = re.exec(ft)) {
    const start = map[m.index]!;
    if (start >= to) break;
    if (comps.has(m[0])) return start;
    words++;
  }
  return -1;
}
