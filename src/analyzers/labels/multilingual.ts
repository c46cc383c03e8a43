/**
 * Labels in Persian, Arabic, Hebrew, Russian, Turkish and Azerbaijani text (issue 16).
 *
 * The English label logic reads English noun phrases (heads, premodifiers, of-complements, coreference); none of it
 * applies to these languages. Here a label is a listed term (data/ml/<lang>.json: names and the epithets each side
 * uses, each with its actor, an English gloss, its connotation, who uses it and a source), found in the raw text by
 * the per-language matcher of src/core/lang/terms.ts (folding, clitics, case endings, suffixes), so the span is the
 * article's own words. Each finding carries `data.gloss` and `data.language`, and the actor id of the English
 * gazetteer, so the corpus label matrix lines "رژیم صهیونیستی" up with "the Zionist regime" under Israel.
 *
 * Actor mentions from the `actors` product that no term covers become name labels as in English (neutral, linked
 * by the gazetteer). Not done here: epithets that are not listed (no noun-phrase discovery), coreference of a bare
 * "the regime" to its actor, and connotation cues on words next to a name.
 */
import type { Connotation, LabelType, ActorKind } from '../../core/finding.js';
import { lowerBound, type Span } from '../../core/span.js';
import { compileTermTable, findTerms, fold, foldTerm, quotations, type Folded, type TermMatch, type TermTable } from '../../core/lang/index.js';
import fa from './data/ml/fa.json' with { type: 'json' };
import ar from './data/ml/ar.json' with { type: 'json' };
import he from './data/ml/he.json' with { type: 'json' };
import ru from './data/ml/ru.json' with { type: 'json' };
import tr from './data/ml/tr.json' with { type: 'json' };
import az from './data/ml/az.json' with { type: 'json' };
import { LexiconError } from './lexicon.js';
import type { LabelDraft, LabelInput, LabelsProduct, QuoteRegionLike } from './types.js';

/** One listed term of data/ml/<lang>.json. */
export interface MlTerm {
  term: string;
  language: string;
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  labelType: LabelType;
  gloss: string;
  connotation: Connotation;
  usedBy: string;
  source: string;
  forms?: string[];
  notFollowedBy?: string[];
  notAfter?: string[];
  /** Match only with a prefix (clitic) on the word: for a name that alone is also a common word. */
  needsPrefix?: boolean;
  /**
   * An epithet any side may use for someone else ("occupying regime", "the hegemon"): linked to its actor only when
   * the article names that actor otherwise (another term or an actors mention); else not reported.
   */
  needsActor?: boolean;
}

export interface MlTermFile {
  language: string;
  languageName: string;
  source: string;
  /** The word for "regime" that makes a name next to it an epithet (رژیم + name; name + rejimi). */
  regimeHeads?: { forms: string[]; position: 'before' | 'after'; source: string };
  terms: MlTerm[];
}

/** The languages with a term file, in the order of the files. */
export const LABEL_LANGUAGES = ['fa', 'ar', 'he', 'ru', 'tr', 'az'] as const;

export const rawMlTerms: Record<string, MlTermFile> = { fa, ar, he, ru, tr, az } as unknown as Record<string, MlTermFile>;

const KINDS = new Set(['person', 'state', 'organisation', 'place']);
const ACTOR_ID = /^(?:state|person|org|place):[A-Za-z0-9-]+$/;
const CONNOTATIONS = new Set(['neutral', 'pejorative', 'favourable']);
const TYPES = new Set(['name', 'short-name', 'metonym', 'demonym', 'epithet', 'toponym-variant']);
const filled = (s: unknown): s is string => typeof s === 'string' && s.trim().length > 0;

/** Validates a term file (every entry needs its actor, gloss, connotation, users and source). */
export function validateMlTerms(file: MlTermFile, lang: string): string[] {
  const problems: string[] = [];
  if (file.language !== lang) problems.push(`ml/${lang}.json: language is "${String(file.language)}"`);
  if (!Array.isArray(file.terms)) return [...problems, `ml/${lang}.json: terms must be an array`];
  const h = file.regimeHeads;
  if (h !== undefined && (!Array.isArray(h.forms) || !h.forms.every(filled) || (h.position !== 'before' && h.position !== 'after') || !filled(h.source))) {
    problems.push(`ml/${lang}.json: regimeHeads needs forms, position (before or after) and a source`);
  }
  const seen = new Set<string>();
  file.terms.forEach((t, i) => {
    const where = `ml/${lang}.json term ${i} (${String(t?.term)})`;
    if (!filled(t?.term)) problems.push(`${where}: missing term`);
    if (t.language !== lang) problems.push(`${where}: language must be "${lang}"`);
    if (!ACTOR_ID.test(t.actorId ?? '')) problems.push(`${where}: bad actorId`);
    if (!KINDS.has(t.actorKind)) problems.push(`${where}: bad actorKind`);
    if (!CONNOTATIONS.has(t.connotation)) problems.push(`${where}: connotation must be neutral, pejorative or favourable`);
    if (!TYPES.has(t.labelType)) problems.push(`${where}: bad labelType`);
    for (const k of ['canonical', 'gloss', 'usedBy', 'source'] as const) if (!filled(t[k])) problems.push(`${where}: missing ${k}`);
    for (const f of [t.term, ...(t.forms ?? [])]) {
      if (!filled(f)) problems.push(`${where}: empty form`);
      else if (seen.has(f)) problems.push(`${where}: form "${f}" listed twice`);
      else seen.add(f);
    }
  });
  return problems;
}

export type MlTables = Map<string, TermTable<MlTerm>> & { heads?: Map<string, { forms: Set<string>; position: 'before' | 'after'; source: string }> };

/** Compiles the term files (the shipped ones unless given), validating each; throws LexiconError on a bad entry. */
export function compileMlTables(files: Record<string, MlTermFile> = rawMlTerms): MlTables {
  const problems: string[] = [];
  const tables: MlTables = new Map();
  tables.heads = new Map();
  for (const [lang, file] of Object.entries(files)) {
    problems.push(...validateMlTerms(file, lang));
    const h = file.regimeHeads;
    if (h && Array.isArray(h.forms)) tables.heads.set(lang, { forms: new Set(h.forms.map((f) => foldTerm(f, lang))), position: h.position, source: h.source });
    const specs = file.terms.flatMap((t) => [t.term, ...(t.forms ?? [])].map((form) => ({ form, value: t, notFollowedBy: t.notFollowedBy, notAfter: t.notAfter, needsPrefix: t.needsPrefix })));
    tables.set(lang, compileTermTable(lang, specs));
  }
  if (problems.length) throw new LexiconError(problems);
  return tables;
}

let cached: MlTables | undefined;
export function defaultMlTables(): MlTables {
  return (cached ??= compileMlTables());
}

/** True when labels in `lang` are read from the term tables instead of the English noun-phrase logic. */
export function readsLabelsIn(lang: string | null | undefined): boolean {
  return !!lang && (LABEL_LANGUAGES as readonly string[]).includes(lang);
}

/**
 * The outermost quotation regions, sorted and not overlapping: the nlp analyzer's and those the language's own marks
 * show (« », „ “, ״ …). A label is in a quotation when an outermost one contains it.
 */
function outerQuotes(text: string, regions: readonly QuoteRegionLike[]): QuoteRegionLike[] {
  const all = [...regions, ...quotations(text)].sort((a, b) => a.contentSpan.start - b.contentSpan.start || b.contentSpan.end - a.contentSpan.end);
  const out: QuoteRegionLike[] = [];
  for (const q of all) {
    const last = out[out.length - 1];
    if (!last || q.contentSpan.start >= last.contentSpan.end) out.push(q);
  }
  return out;
}

function quoteData(text: string, outer: readonly QuoteRegionLike[], s: Span): { voice: LabelDraft['voice']; data: Record<string, unknown> } {
  const k = lowerBound(outer, s.start + 1, (q) => q.contentSpan.start) - 1;
  const q = k >= 0 ? outer[k]! : undefined;
  if (!q || s.end > q.contentSpan.end) return { voice: 'outlet', data: {} };
  // The quoted words are exactly the label: the outlet holding a name at arm's length, still its own voice.
  if (text.slice(q.contentSpan.start, q.contentSpan.end).trim() === text.slice(s.start, s.end)) return { voice: 'outlet', data: { scareQuotes: true } };
  return { voice: { speaker: null }, data: { quote: { start: q.span.start, end: q.span.end } } };
}

/**
 * The term matches of a document in `lang` whose actor is established: every match, except a `needsActor` epithet
 * whose actor the article does not name otherwise (by another term, or a mention of the actors analyzer).
 */
export function termMatches(text: string, lang: string, mentions: ReadonlyArray<{ actorId: string }>, tables: MlTables = defaultMlTables(), folded?: Folded): Array<TermMatch<MlTerm>> {
  const table = tables.get(lang);
  if (!table) return [];
  const all = findTerms(text, table, folded ?? fold(text, lang));
  if (!all.some((m) => m.value.needsActor)) return all;
  const named = new Set<string>(mentions.map((m) => m.actorId));
  for (const m of all) if (!m.value.needsActor) named.add(m.value.actorId);
  return all.filter((m) => !m.value.needsActor || named.has(m.value.actorId));
}

const normalized = (s: string, lang: string): string => s.normalize('NFC').toLocaleLowerCase(lang).replace(/\s+/gu, ' ').trim();

/** The labels of a document in one of LABEL_LANGUAGES. */
export function extractMultilingualLabels(input: LabelInput, lang: string, tables: MlTables = defaultMlTables()): LabelsProduct {
  const { text } = input;
  const quotes = outerQuotes(text, input.quoteRegions ?? []);
  const labels: LabelDraft[] = [];
  const matches = termMatches(text, lang, input.mentions, tables);
  for (const m of matches) {
    const t = m.value;
    const span = { start: m.start, end: m.end };
    const { voice, data } = quoteData(text, quotes, span);
    const pejOrFav = t.connotation !== 'neutral';
    labels.push({
      kind: 'label',
      messageId: 'term',
      span,
      actorId: t.actorId,
      actorKind: t.actorKind,
      canonical: t.canonical,
      label: text.slice(span.start, span.end),
      labelNormalized: normalized(t.term, lang),
      labelType: t.labelType,
      connotation: t.connotation,
      cue: pejOrFav ? t.term : null,
      linkedBy: 'term-table',
      confidence: m.how === 'exact' ? 0.9 : 0.85,
      voice,
      data: { language: lang, gloss: t.gloss, term: t.term, match: m.how, usedBy: t.usedBy, source: t.source, ...data },
    });
  }
  // Actor mentions no term covers: their names, neutral, as the actors analyzer found them.
  for (const mention of input.mentions) {
    const s = mention.span;
    if (s.start < 0 || s.end > text.length || s.end <= s.start) continue;
    // matches are sorted and do not overlap: the one that could overlap is the last starting before the mention's end
    const k = lowerBound(matches, s.end, (m) => m.start) - 1;
    if (k >= 0 && matches[k]!.end > s.start) continue;
    const { voice, data } = quoteData(text, quotes, s);
    // Hebrew and Arabic mention spans include clitic prefixes (בקרווניה); the label is the name the actors analyzer read
    const written = text.slice(s.start, s.end);
    const surface = mention.label && written.endsWith(mention.label) ? mention.label : written;
    labels.push({
      kind: 'label',
      messageId: mention.labelType === 'epithet' ? 'epithet' : 'name',
      span: { start: s.start, end: s.end },
      actorId: mention.actorId,
      actorKind: mention.actorKind,
      canonical: mention.canonical,
      label: surface,
      labelNormalized: normalized(surface, lang),
      labelType: mention.labelType,
      connotation: 'neutral',
      cue: null,
      linkedBy: 'gazetteer',
      confidence: 0.9,
      voice: mention.inQuote && voice === 'outlet' && !data.scareQuotes ? { speaker: null } : voice,
      data: { language: lang, ...data, ...(mention.roles?.length ? { roles: mention.roles } : {}) },
    });
  }
  const heads = tables.heads?.get(lang);
  if (heads) for (let i = 0; i < labels.length; i++) labels[i] = withRegimeHead(text, lang, labels[i]!, heads, quotes);
  labels.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { labels, unresolved: [] };
}

const WORD_CHAR = /[\p{L}\p{M}\u200C]/u;
const CLITIC = new Set(['و', 'ف', 'ב', 'ה', 'ו', 'ל', 'כ']);

/**
 * A name next to the language's word for "regime" (رژیم میراول, نظام الأسد, משטר אסד, режим Путина, Esad rejimi) is a
 * pejorative epithet of that actor: the label becomes the two words, glossed "the … regime". Places are left alone.
 */
function withRegimeHead(text: string, lang: string, l: LabelDraft, heads: { forms: Set<string>; position: 'before' | 'after'; source: string }, quotes: readonly QuoteRegionLike[]): LabelDraft {
  if (l.actorKind === 'place' || !['name', 'short-name', 'metonym'].includes(l.labelType)) return l;
  let start = l.span.start;
  let end = l.span.end;
  let head = '';
  if (heads.position === 'before') {
    let b = start;
    while (b > 0 && b > start - 3 && /\s/u.test(text[b - 1]!)) b--;
    if (b === start) return l;
    let a = b;
    while (a > 0 && WORD_CHAR.test(text[a - 1]!)) a--;
    const w = foldTerm(text.slice(a, b), lang);
    const bare = w.length > 1 && CLITIC.has(w[0]!) ? w.slice(1) : w;
    if (!heads.forms.has(w) && !heads.forms.has(bare)) return l;
    head = heads.forms.has(w) ? w : bare;
    start = heads.forms.has(w) ? a : a + (text.slice(a, b).length - bare.length > 0 ? 1 : 0);
  } else {
    let a = end;
    while (a < text.length && a < end + 3 && /\s/u.test(text[a]!)) a++;
    if (a === end) return l;
    let b = a;
    while (b < text.length && WORD_CHAR.test(text[b]!)) b++;
    const w = foldTerm(text.slice(a, b), lang);
    const h = [...heads.forms].find((f) => w.startsWith(f) && w.length - f.length <= 8);
    if (!h) return l;
    head = h;
    end = b;
  }
  const span = { start, end };
  const surface = text.slice(start, end);
  const { voice, data } = quoteData(text, quotes, span);
  const gloss = `the ${l.canonical} regime`;
  return {
    ...l,
    messageId: 'term',
    span,
    label: surface,
    // the head as listed and the name as written: "Putin rejiminin" and "Putin rejimi" are one label
    labelNormalized: normalized(heads.position === 'before' ? `${head} ${l.label}` : `${l.label} ${head}`, lang),
    labelType: 'epithet',
    connotation: 'pejorative',
    cue: text.slice(heads.position === 'before' ? start : l.span.end, heads.position === 'before' ? l.span.start : end).trim(),
    linkedBy: 'regime-head',
    confidence: 0.85,
    voice,
    data: { language: lang, gloss, term: surface, match: 'regime-head', usedBy: 'writers who reject the government named', source: heads.source, ...data },
  };
}
