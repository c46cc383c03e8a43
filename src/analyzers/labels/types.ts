import type { Span } from '../../core/span.js';
import type { ActorKind, Connotation, LabelType, RelatedSpan, Voice } from '../../core/finding.js';

/** One token as the `nlp` analyzer provides it. Only `span` and `pos` are read (for part-of-speech hints). */
export interface TokenLike {
  span: Span;
  text?: string;
  pos?: string;
  lower?: string;
  sentence?: number;
}

/** A quotation as the `nlp` analyzer provides it (`quote-regions`). */
export interface QuoteRegionLike {
  span: Span;
  contentSpan: Span;
  style?: string;
  depth?: number;
}

/** One actor mention as the `actors` analyzer provides it (`actors`). */
export interface ActorMentionLike {
  span: Span;
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  label: string;
  labelNormalized?: string;
  labelType: LabelType;
  stateId?: string | null;
  roles?: string[];
  inQuote?: boolean;
}

/** Everything the label logic reads: plain data, so it can be tested without the pipeline. */
export interface LabelInput {
  text: string;
  /** Sentence spans; when empty, a simple splitter is used (tests, or a document the nlp analyzer could not split). */
  sentences?: Span[];
  tokens?: TokenLike[];
  quoteRegions?: QuoteRegionLike[];
  mentions: ActorMentionLike[];
}

/** A label finding before the pipeline adds id, analyzer, evidence and message. */
export interface LabelDraft {
  kind: 'label';
  messageId: 'name' | 'epithet' | 'toponym' | 'term';
  span: Span;
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  /** Surface form as written (equals text.slice(span)). */
  label: string;
  labelNormalized: string;
  labelType: LabelType;
  connotation: Connotation;
  cue: string | null;
  linkedBy: string;
  confidence: number;
  voice: Voice;
  related?: RelatedSpan[];
  data: Record<string, unknown>;
}

/** The analyzer's product `labels`: the drafts plus what was found but could not be linked to an actor. */
export interface LabelsProduct {
  labels: LabelDraft[];
  unresolved: Array<{ span: Span; label: string; reason: string }>;
}
