// Technique of a given span (the TC task: the span is given, its technique is asked). Reads the span as a reader
// would: the analyzer's own findings inside it, its length and shape, the cue words it holds (the lexicon's word
// groups), and whether its words recur elsewhere in the article. Rules written from the technique definitions
// (Da San Martino et al. 2019); no weights were fitted to annotated data.
import type { Span } from '../../core/span.js';
import { defaultLexicon, isPersonNoun, type Technique } from './lexicon.js';

/** The article a span is read in: its text and the technique findings the analyzer made on it. */
export interface SpanContext {
  text: string;
  findings: ReadonlyArray<{ span: Span; technique: string; confidence?: number }>;
  /** Mentions of people, organisations and states (actor-mention findings), when known. */
  mentions?: ReadonlyArray<Span>;
  /** Filled on first use: the lower-cased text (when its length is the text's). */
  lowered?: string;
}

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** Findings below this confidence do not decide a span's technique. */
const WEAK = 0.4;

/** Up to this many words a span is read as a phrase rather than a claim. */
const MEDIUM = 9;

/** A crude stem: the word without a common inflection or derivation ending (at least four letters kept). */
function stem(w: string): string {
  const m = /^(.{4,}?)(?:ations?|ings?|ions?|ed|es|s|e|ly|ers?)$/.exec(w);
  return m ? m[1] : w;
}

/** Whether `needle` occurs in lowered[0, before) starting a word (and, unless `prefix`, ending one). */
function saidBefore(lowered: string, before: number, needle: string, prefix: boolean): boolean {
  if (!needle) return false;
  for (let i = lowered.indexOf(needle); i >= 0 && i + needle.length <= before; i = lowered.indexOf(needle, i + 1)) {
    const b = i > 0 ? lowered[i - 1] : ' ';
    const a = i + needle.length < lowered.length ? lowered[i + needle.length] : ' ';
    if (!/[\p{L}\p{N}]/u.test(b) && (prefix || !/[\p{L}\p{N}]/u.test(a))) return true;
  }
  return false;
}

/** Counts the places where `needle` occurs in `hay` as whole words. */
function occurrences(hay: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) {
    const before = i > 0 ? hay[i - 1] : ' ';
    const after = i + needle.length < hay.length ? hay[i + needle.length] : ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) n++;
  }
  return n;
}

/** The number of capitalised words in s. */
const capitalised = (s: string): number => (s.match(/\p{Lu}[\p{L}'’-]*/gu) ?? []).length;

/** Whether the line the span is in has most of its words capitalised (a headline). */
function titleCased(text: string, span: Span): boolean {
  const from = text.lastIndexOf('\n', span.start - 1) + 1;
  let to = text.indexOf('\n', span.end);
  if (to < 0) to = text.length;
  const line = text.slice(from, to);
  const n = (line.match(WORD) ?? []).length;
  return n > 0 && capitalised(line) >= 0.6 * n;
}

const CAUSAL = /\b(?:because|since|so|therefore|thus|hence|caused?|causing|led\s+to|leads?\s+to|result(?:s|ed)?\s+(?:of|in)|blame[sd]?|fault|due\s+to|thanks\s+to|the\s+reason|if\s+\w+\s+(?:had|hadn't|would)|would\s+not\s+have|wouldn't\s+have)\b/u;
const FEAR = /\b(?:threat|threaten\w*|danger\w*|destroy\w*|destruction|kill\w*|death|die|dying|fear\w*|terror\w*|war|invasion|invade\w*|attack\w*|catastroph\w*|disaster\w*|collapse|crisis|risk\w*|warn\w*|chaos|violen\w*|slaughter\w*|wipe\w*\s+out|end\s+of|doom\w*|jihad\w*|islamiz\w*|replace\w*|flood\w*|overrun)\b/u;
const AUTHORITY = /\b(?:said|says|according\s+to|told|stated|wrote|explained|expert\w*|scientist\w*|professor|dr\.?|doctor\w*|study|studies|research\w*|report(?:ed|s)?|official\w*|analyst\w*|pope|bishop\w*|cardinal|historian\w*|intelligence)\b/u;
const BLACK_WHITE = /\b(?:either|or\s+else|only\s+(?:way|option|choice|two)|no\s+(?:other\s+)?(?:choice|alternative|option)|there\s+is\s+no\s+(?:middle|third)|with\s+us\s+or|must\s+(?:choose|decide))\b/u;
const WHATABOUT = /\b(?:what\s+about|yet|but\s+when|while\s+(?:they|he|she)|same\s+(?:people|media|democrats|liberals)|never\s+(?:said|complained)|hypocri\w*|double\s+standard|instead)\b/u;
const FLAG = /\b(?:america\w*|nation\w*|patriot\w*|country|homeland|our\s+(?:people|flag|troops|soldiers|freedom|values|way\s+of\s+life)|freedom|liberty|sovereign\w*|flag|constitution|founding|europe\w*|british|western|civili[sz]ation|christendom)\b/u;
const EXAGGERATE = /\b(?:all|every\w*|never|always|nothing|no\s+one|nobody|entire\w*|whole|total\w*|complete\w*|absolute\w*|most|best|worst|biggest|greatest|largest|huge|massive|enormous|tremendous|incredibl\w*|unprecedented|ever|only|mere\w*|just\s+a|simply|literally|million\w*|billion\w*|thousands|countless|endless\w*|\w+est)\b/u;
const EXAGGERATE_STRONG = /\b(?:every\w*|never|always|nothing|no\s+one|nobody|entire\w*|total\w*|complete\w*|absolute\w*|biggest|greatest|worst|huge|massive|enormous|tremendous|unprecedented|ever|mere\w*|literally|countless|endless\w*)\b/u;
const BANDWAGON = /\b(?:hitler|nazi\w*|fascis\w*|stalin\w*|communis\w*|everyone|everybody|all\s+(?:americans|people)|the\s+majority|most\s+people|millions\s+of)\b/u;
const THOUGHT = /\b(?:it\s+is\s+what\s+it\s+is|that's\s+(?:it|all|that)|enough|period|end\s+of|move\s+on|nothing\s+to\s+see|the\s+fact\s+is|let's\s+be\s+(?:clear|honest)|make\s+no\s+mistake|so\s+be\s+it|at\s+the\s+end\s+of\s+the\s+day)\b/u;

/** Techniques found on words or short phrases: inside a longer span they do not name it. */
const PHRASE_LEVEL = new Set<string>(['Loaded_Language', 'Name_Calling,Labeling', 'Repetition']);

const CLAIM_FAMILIES: ReadonlyArray<[RegExp, Technique]> = [
  [FLAG, 'Flag-Waving'],
  [FEAR, 'Appeal_to_fear-prejudice'],
  [BANDWAGON, 'Bandwagon,Reductio_ad_hitlerum'],
  [CAUSAL, 'Causal_Oversimplification'],
  [AUTHORITY, 'Appeal_to_Authority'],
  [EXAGGERATE, 'Exaggeration,Minimisation'],
  [BLACK_WHITE, 'Black-and-White_Fallacy'],
  [WHATABOUT, 'Whataboutism,Straw_Men,Red_Herring'],
  [THOUGHT, 'Thought-terminating_Cliches'],
];

/**
 * The most likely technique of `span` in the article. A finding of the analyzer that covers most of the span
 * decides; else short spans (up to five words) are read as a phrase — recurring in the article: Repetition; a
 * lexicon name-calling word: Name_Calling; an extreme or total word: Exaggeration; a nation or patriotic word:
 * Flag-Waving; else Loaded_Language — and longer spans as a claim, by the first of the cue families it holds
 * (question → Doubt, cause, fear, authority, either-or, whataboutism, exaggeration), else Doubt.
 */
export function classifySpan(ctx: SpanContext, span: Span): Technique {
  const { text } = ctx;
  const body = text.slice(span.start, span.end);
  const lower = body.toLowerCase();
  const words = lower.match(WORD) ?? [];
  const n = words.length;
  // A finding of ours that covers most of the span.
  let best: { technique: string; score: number } | null = null;
  for (const f of ctx.findings) {
    // A weak cue (confidence under 0.4) does not name the technique of a span by itself.
    if ((f.confidence ?? 1) < WEAK) continue;
    const i = Math.min(f.span.end, span.end) - Math.max(f.span.start, span.start);
    if (i <= 0) continue;
    const u = Math.max(f.span.end, span.end) - Math.min(f.span.start, span.start);
    const score = i / u;
    if (!best || score > best.score) best = { technique: f.technique, score };
  }
  if (best && best.score >= 0.5) return best.technique as Technique;
  const lex = defaultLexicon();
  if (n <= 5) {
    ctx.lowered ??= text.toLowerCase();
    // The same words earlier in the article: the phrase is being repeated.
    if (ctx.lowered.length === text.length && n >= 1 && saidBefore(ctx.lowered, span.start, n === 1 ? stem(words[0]) : lower.trim(), n === 1)) return 'Repetition';
    // A phrase in title case or capitals, a hashtag or an exclamation: a slogan.
    // (Only where capitals stand out: not in a headline, whose every word is capitalised anyway.)
    if (n >= 2 && capitalised(body) >= n - (n >= 4 ? 1 : 0) && !FLAG.test(lower) && !titleCased(text, span)) return 'Slogans';
    if (body.includes('#')) return 'Slogans';
    for (const w of words) {
      const e = lex.words.get(w);
      if (e && e.technique === 'Name_Calling,Labeling') return 'Name_Calling,Labeling';
    }
    if (FLAG.test(lower)) return 'Flag-Waving';
    // A phrase ending on a noun that names people labels them ('a hateful man', 'zealous activists'); so does a
    // phrase on or right before a named person or group ('crooked Senator X').
    if (n >= 1 && isPersonNoun(lex, words[n - 1])) return 'Name_Calling,Labeling';
    if (ctx.mentions?.some((m) => m.start < span.end + 2 && m.end > span.start)) return 'Name_Calling,Labeling';
    if (n >= 2 && EXAGGERATE.test(lower)) return 'Exaggeration,Minimisation';
    if (best) return best.technique as Technique;
    return 'Loaded_Language';
  }
  if (body.trim().endsWith('?')) return 'Doubt';
  // A finding on part of a longer span names it only when it is a claim-level technique (not a loaded word in it).
  if (best && !PHRASE_LEVEL.has(best.technique)) return best.technique as Technique;
  if (n <= MEDIUM) {
    if (best) return best.technique as Technique;
    // Six to nine words: mostly a loaded phrase with its complement, unless it waves the flag or exaggerates.
    if (FLAG.test(lower)) return 'Flag-Waving';
    if (EXAGGERATE_STRONG.test(lower)) return 'Exaggeration,Minimisation';
    return 'Loaded_Language';
  }
  // A claim: the first cue family it holds, the narrowest vocabularies first (nation, harm, group comparison),
  // then the argument shapes (cause, authority), then absolutes; Doubt when none.
  for (const [re, technique] of CLAIM_FAMILIES) if (re.test(lower)) return technique;
  return 'Doubt';
}
