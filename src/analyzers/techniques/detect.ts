// Techniques: the public types, the bias score and the entry point. The passes live beside it: reading.ts (the
// words, voices and targets of one article), lexical.ts (labels and the lexicon), rhetoric.ts (cue patterns),
// repetition.ts and bias.ts (the sentence score).
import type { RelatedSpan, Voice } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { Technique, TechniqueLexicon } from './lexicon.js';
import { sentenceBias } from './bias.js';
import { labelTechniques, lexiconMatches, matchTechniques } from './lexical.js';
import { readDocument } from './reading.js';
import { repetitions } from './repetition.js';
import { cueTechniques } from './rhetoric.js';

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


/** Propaganda techniques and per-sentence bias scores of one article, every finding with its evidence, target and voice. */
export function detectTechniques(input: TechniqueInput, lex: TechniqueLexicon, biasScale = 1): TechniqueOutput {
  const rd = readDocument(input, lex);
  const labelSpans = labelTechniques(rd);
  const matches = lexiconMatches(rd);
  matchTechniques(rd, matches, labelSpans);
  const cueFindings = cueTechniques(rd);
  const out = rd.out;
  out.push(...repetitions(rd));
  out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.technique.localeCompare(b.technique));
  return { techniques: out, sentences: sentenceBias(rd, matches, cueFindings, biasScale) };
}
