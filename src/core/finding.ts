import type { Span } from './span.js';

/**
 * Whose words a finding belongs to. Findings inside a quotation belong to the quoted speaker, so that
 * outlet comparisons don't blame an outlet for words it quotes.
 */
export type Voice = 'outlet' | { speaker: string | null; actorId?: string | null };

export interface RelatedSpan {
  role: string;
  span: Span;
  evidence?: string;
}

export type ActorKind = 'person' | 'state' | 'organisation' | 'place';
export type LabelType = 'name' | 'short-name' | 'metonym' | 'demonym' | 'epithet' | 'toponym-variant';
export type Connotation = 'neutral' | 'pejorative' | 'favourable';

/** Plain serialisable data. `evidence === text.slice(span.start, span.end)` always holds. */
export interface FindingBase {
  id: string;
  analyzer: string;
  kind: string;
  ruleId?: string;
  messageId: string;
  /** The message rendered from the analyzer's template. */
  message?: string;
  span: Span;
  evidence: string;
  related?: RelatedSpan[];
  confidence?: number;
  voice: Voice;
  data?: Record<string, unknown>;
}

/** One mention of an actor (person, state/government, organisation, place). */
export interface ActorMentionFinding extends FindingBase {
  kind: 'actor-mention';
  /** Corpus-stable key, e.g. "state:IL", "person:benjamin-netanyahu", "org:oic", "place:syunik". */
  actorId: string;
  actorKind: ActorKind;
  /** Canonical display name: "Israel", "Benjamin Netanyahu". */
  canonical: string;
  /** Surface form as written. */
  label: string;
  /** Normalised label: lower case, leading article dropped, plural folded. */
  labelNormalized: string;
  labelType: LabelType;
  /** For people: the state they belong to where the text says so ("state:IL"). */
  stateId?: string | null;
  /** Titles/roles attached in the text ("President", "Defense Minister"). */
  roles?: string[];
}

/** The label an outlet uses for an actor, with its connotation and the cue that decided it. */
export interface LabelFinding extends FindingBase {
  kind: 'label';
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  label: string;
  labelNormalized: string;
  labelType: LabelType;
  connotation: Connotation;
  /** The word or phrase that decided the connotation ("regime", "occupying"), or null for neutral. */
  cue: string | null;
  /** How the label was linked to the actor: 'gazetteer', 'apposition', 'coreference', 'known-label', ... */
  linkedBy: string;
}

export interface GenericFinding extends FindingBase {
  kind: string;
}

export type Finding = ActorMentionFinding | LabelFinding | GenericFinding;

/** A quote (direct, partial or indirect speech) with its speaker and cue verb; actorId is the speaker's actor. */
export interface QuoteFinding extends FindingBase {
  kind: 'quote';
  quoteType: 'direct' | 'indirect' | 'partial';
  /** Canonical name of the resolved speaker, or the speaker words ("sources"), or null. */
  speaker: string | null;
  actorId: string | null;
  canonical?: string;
  speakerKind: ActorKind | null;
  speakerVia: 'name' | 'pronoun' | 'role' | 'continuation' | 'colon' | 'unresolved' | null;
  /** Lemma of the cue ("say", "claim", "according to"), null without a cue. */
  verb: string | null;
  verbStance: 'neutral' | 'distancing' | 'endorsing' | null;
}

export interface Diagnostic {
  analyzer: string;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

/** The per-article output of the pipeline: the product's JSON contract (documented in docs/schema.md). */
export interface Analysis {
  schemaVersion: string;
  articleId: string;
  textHash: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** analyzer id -> version */
  versions: Record<string, string>;
  /** analyzer id -> milliseconds */
  timings: Record<string, number>;
}
