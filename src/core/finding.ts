import type { Span } from './span.js';

/**
 * Whose words a finding belongs to. Findings inside a quotation belong to the quoted speaker, so that
 * outlet comparisons don't blame an outlet for words it quotes.
 */
export type Voice = 'outlet' | { speaker: string | null; actorId?: string | null };

/** Another place in the text that decided a finding. */
export interface RelatedSpan {
  /** What the place is to the finding: 'cue', 'antecedent', 'speaker', 'content', 'measure', 'period', 'title', ... */
  role: string;
  span: Span;
  /** The words at `span`. */
  evidence?: string;
}

export type ActorKind = 'person' | 'state' | 'organisation' | 'place';
export type LabelType = 'name' | 'short-name' | 'metonym' | 'demonym' | 'epithet' | 'toponym-variant';
export type Connotation = 'neutral' | 'pejorative' | 'favourable';

/**
 * The fields every finding has. Plain serialisable data: `evidence === text.slice(span.start, span.end)` always
 * holds. Each kind adds its own `kind` literal and fields; see `Finding`.
 */
export interface FindingBase {
  /** Deterministic within the analysis: `<analyzer>:<kind>:<start>-<end>`, with `:<n>` for a repeat on the same span. */
  id: string;
  /** Id of the analyzer that reported it (`actors`, `labels`, ...). */
  analyzer: string;
  /** The rule or pattern that fired. */
  ruleId?: string;
  /** Id of the analyzer's message template. */
  messageId: string;
  /** The message rendered from the analyzer's template. */
  message?: string;
  /** Where, in UTF-16 code units of the cleaned text. */
  span: Span;
  /** The exact words: `text.slice(span.start, span.end)`. */
  evidence: string;
  /** Other places that decided the finding (the antecedent an epithet was linked to, a relation's cue). */
  related?: RelatedSpan[];
  /**
   * How sure the analyzer is, 0–1.
   * @minimum 0
   * @maximum 1
   */
  confidence?: number;
  /** Whose words these are: the outlet's or a quoted speaker's (src/core/voice.ts). */
  voice: Voice;
  /** Analyzer-specific extras (a label read in another language: `language`, `gloss`, `term`, `match`, ...). */
  data?: Record<string, unknown>;
}

/** One mention of an actor (person, state/government, organisation, place). */
export interface ActorMentionFinding extends FindingBase {
  kind: 'actor-mention';
  /** Corpus-stable key, e.g. "state:IL", "person:benjamin-netanyahu", "org:oic", "place:syunik". */
  actorId: string;
  /** person, state (a state or its government), organisation or place. */
  actorKind: ActorKind;
  /** Canonical display name: "Israel", "Benjamin Netanyahu". */
  canonical: string;
  /** Surface form as written. */
  label: string;
  /** Normalised label: lower case, leading article dropped, plural folded. */
  labelNormalized: string;
  /** How the words name the actor: name, short-name, metonym ("Tehran"), demonym, epithet, toponym-variant. */
  labelType: LabelType;
  /** For people: the state they belong to where the text says so ("state:IL"). */
  stateId?: string | null;
  /** Titles/roles attached in the text ("President", "Defense Minister"). */
  roles?: string[];
}

/** The label an outlet uses for an actor, with its connotation and the cue that decided it. */
export interface LabelFinding extends FindingBase {
  kind: 'label';
  /** The actor labelled (as in actor-mention). */
  actorId: string;
  /** person, state, organisation or place. */
  actorKind: ActorKind;
  /** The actor's canonical display name. */
  canonical: string;
  /** The label as written ("the occupying regime"). */
  label: string;
  /** Lower case, leading article dropped, plural folded: the form labels are counted by. */
  labelNormalized: string;
  /** name, short-name, metonym, demonym, epithet or toponym-variant. */
  labelType: LabelType;
  /** neutral, pejorative or favourable, decided by the cue. */
  connotation: Connotation;
  /** The word or phrase that decided the connotation ("regime", "occupying"), or null for neutral. */
  cue: string | null;
  /** How the label was linked to the actor: 'gazetteer', 'apposition', 'coreference', 'known-label', ... */
  linkedBy: string;
}

/** A propaganda technique (SemEval-2020 Task 11 classes) at a span, with the actor it is aimed at when linked. */
export interface TechniqueFinding extends FindingBase {
  kind: 'technique';
  /** One of the 14 task classes, spelled as in its label files ("Loaded_Language", "Name_Calling,Labeling", ...). */
  technique: string;
  /** The actor the technique is aimed at, or null when no target was linked. */
  actorId: string | null;
  /** That actor's canonical name, or null. */
  canonical: string | null;
  /** How the target was linked: 'label' (a label finding), 'mention', 'adjacent' (next words), 'sentence' (nearest in the sentence). */
  targetVia: 'label' | 'mention' | 'adjacent' | 'sentence' | null;
  /** Cue id (cues.json), lexicon group (loaded-words.json), 'label', 'repeated-phrase' or 'repeated-sentence'. */
  cue: string;
  /** One line a reader can check against the text. */
  reason: string;
}

/** Lexical-bias score of one sentence (0..1) with the words that drove it. */
export interface BiasSentenceFinding extends FindingBase {
  kind: 'bias-sentence';
  /** 0..1: how strongly the sentence's words are loaded (0.5 and over counts as biased in the techniques view). */
  score: number;
  /** The loaded words: where, the word, its weight and the list it comes from (a lexicon group, a cue, 'scare-quote', 'exclamation'). */
  words: Array<{ span: Span; text: string; weight: number; source: string }>;
}

/** Stance toward one actor mention, from what its sentence says about that target (analyzer `stance`). */
export interface StanceFinding extends FindingBase {
  kind: 'stance';
  /** The target: the actor mentioned. */
  actorId: string;
  /** The target's canonical name. */
  canonical: string;
  /** What the sentence says of the target, all things weighed. */
  polarity: 'negative' | 'neutral' | 'positive';
  /** P(positive) - P(negative), in [-1, 1]. */
  score: number;
  /** The words that pulled the model hardest toward the polarity, with their pull on the score. */
  cues: Array<{ text: string; span: Span; pull: number }>;
  /** The score from the sentence alone, before the label-connotation prior. */
  modelScore?: number;
  /** The label's connotation when not neutral (evidence of its own in the stance matrix). */
  connotation?: 'pejorative' | 'favourable';
  /** The label around the mention when it is wider than it ("the Karvenian junta" around "Karvenian"; stance 1.3.2). */
  label?: { text: string; span: Span };
  /** The word framing the target as a threat ("the threat from X"), if any. */
  threat?: { text: string; span: Span };
  /** Target-directed score (stance 1.2.0): the model's call kept only when its words are about this target; 0 when neutral. */
  directed?: number;
  /** Share of the model's evidence that is about this target (stance 1.2.0). */
  locality?: number;
  /** The role the sentence casts the target in (stance 1.2.0), with its cue word. */
  role?: { role: 'aggressor' | 'liar' | 'victim' | 'ally' | 'peace-maker'; as: string; text: string; span: Span };
}

/** One party of a relation: an actor as the text names it here (analyzer `relations`). */
export interface RelationPartyRef {
  /** The actor (as in actor-mention). */
  actorId: string;
  actorKind: ActorKind;
  /** The actor's canonical name. */
  canonical: string;
  /** For a person: their state, where known (the graph can draw relations between states). */
  stateId?: string | null;
  /** The words as written (a mention, an anaphor like "the two neighbours", a pronoun). */
  label: string;
  /** Where those words are. */
  span: Span;
  /** mention, label, compound, pronoun, relative, pair-anaphor, place-state */
  resolvedBy: string;
}

/** An actor–actor relation asserted in a sentence (analyzer `relations`); span = the sentence. */
export interface RelationFinding extends FindingBase {
  kind: 'relation';
  /** allies, supplies-arms, supplies-energy, trades-with, threatens, attacks, condemns, supports, opposes, negotiates, meets, visits, mediates, relations */
  relation: string;
  /** The party that acts (for a symmetric relation: the first named). */
  source: RelationPartyRef;
  /** The party acted on (for a symmetric relation: the second named). */
  target: RelationPartyRef;
  /** No direction (allies, relations, talks): source/target are in text order. */
  symmetric: boolean;
  /** +1 cooperative, -1 hostile, 0 neutral; for 'relations' decided by the evaluative words ("solid", "strained"). */
  polarity: -1 | 0 | 1;
  /** The text negates the relation ("would never lead to a strategic relationship"). */
  negated: boolean;
  /** Planned, expected or possible rather than asserted ("is expected to visit"). */
  hedged: boolean;
  /** The cue word(s) as written ("supplied"); their span is the `related` entry with role "cue". */
  cue: string;
  /** When, where the sentence says so: the words, their span, the ISO value if resolved ("2019/2023"), and a qualifier ("between", "since"). */
  time: { text: string; span: Span; value: string | null; qualifier?: string } | null;
}

/** A quote (direct, partial or indirect speech) with its speaker and cue verb; actorId is the speaker's actor. */
export interface QuoteFinding extends FindingBase {
  kind: 'quote';
  /** direct (in quotation marks), partial (a quoted phrase inside the outlet's sentence) or indirect (reported speech). */
  quoteType: 'direct' | 'indirect' | 'partial';
  /** Canonical name of the resolved speaker, or the speaker words ("sources"), or null. */
  speaker: string | null;
  /** The speaker's actor, or null when the speaker is not a known actor. */
  actorId: string | null;
  /** The speaker actor's canonical name, when resolved. */
  canonical?: string;
  /** The speaker actor's kind, or null. */
  speakerKind: ActorKind | null;
  /** How the speaker was found: named at the cue, a pronoun, a role ("the minister"), a continuation of the previous quote, a colon introduction, or not at all. */
  speakerVia: 'name' | 'pronoun' | 'role' | 'continuation' | 'colon' | 'unresolved' | null;
  /** Lemma of the cue ("say", "claim", "according to"), null without a cue. */
  verb: string | null;
  /** What the cue verb does to the quote: neutral ("said"), distancing ("claimed") or endorsing ("admitted"). */
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

/** A time expression normalised against the publication date (src/core/dates/resolve.ts). */
export interface TimeValue {
  /** The words as written ("last Tuesday", "in 2019"). */
  text: string;
  span: Span;
  /** How precise the value is. */
  precision: 'day' | 'week' | 'month' | 'year' | 'decade' | 'range' | 'open-range' | 'imprecise';
  /** ISO prefix of a point: '2023-05-31', '2022-11', '2016'. */
  value?: string;
  /** Start of a range or open range (ISO prefix); an open range has only one bound. */
  from?: string;
  /** End of a range or open range (ISO prefix). */
  to?: string;
  /** Where the expression points relative to the publication date, when the words say so. */
  direction?: 'past' | 'future' | 'present';
  /** 'absolute' (the text gives it), 'publication' (resolved against the publication date), 'unresolved'. */
  anchor: 'absolute' | 'publication' | 'unresolved';
  /** For relative expressions: what the words say ("2 week ago", "last month", "weekday Tuesday"). */
  relative?: string;
  /** Why a value is approximate or missing. */
  note?: string;
}

/** Who states a claim or a figure: the outlet, a quoted speaker, or a cited source ("according to SIPRI"). */
export interface StatedBy {
  /** The outlet itself, a quoted speaker, or a source the sentence cites. */
  type: 'outlet' | 'speaker' | 'source';
  /** The outlet's, speaker's or source's name, or null when unnamed. */
  name: string | null;
  /** The speaker's or source's actor, when it is one. */
  actorId?: string | null;
  /** Where the speaker or source is named. */
  span?: Span;
}

/** A check-worthy sentence: it has figures, a stated source, or an actor acting on another. */
export interface ClaimFinding extends FindingBase {
  kind: 'claim';
  /** The strongest type: it has figures, a stated source, or an actor acting on another. */
  claimType: 'figure' | 'attributed' | 'action';
  /** Every type that applies, strongest first. */
  claimTypes: Array<'figure' | 'attributed' | 'action'>;
  /** The actors the sentence names, with their role in an action claim. */
  actors: Array<{ actorId: string; canonical: string; role?: 'agent' | 'patient' | 'other' }>;
  /** Who states it: the outlet, a quoted speaker or a cited source. */
  statedBy: StatedBy;
  /** Ids of this sentence's figure findings. */
  figureIds: string[];
  /** The verb of an action claim ("provided", "invade"). */
  verb?: string;
  /** The time expressions of the sentence, resolved against the publication date. */
  times: TimeValue[];
}

/** One figure, normalised, with what it measures and who states it. */
export interface FigureFinding extends FindingBase {
  kind: 'figure';
  /** percent, money, quantity (with a unit) or count (of a noun). */
  figureKind: 'percent' | 'money' | 'quantity' | 'count';
  /** The number as stated, scale applied ("$4.85 billion" -> 4850000000, "69%" -> 69). */
  value: number;
  /** '%', 'pp', ISO 4217 code, unit ('km', 'MW', 'm3') or the counted noun ('drone'). */
  unit: string;
  /** Multiplier applied to the written number (1e9 for "billion"), 1 when none. */
  scale: number;
  /** "about", "more than", "at least", "nearly"... and what it does to the value. */
  qualifier?: { text: string; bound: 'approx' | 'lower' | 'upper' };
  /** The figure is a change ("rose 22%", "fell by 15 per cent", "+22%"). */
  change?: 'increase' | 'decrease' | 'change';
  /** What the figure measures, where the sentence says so ("Azerbaijan's arms imports"). */
  measure: { text: string; span: Span; relation: 'share-of' | 'worth-of' | 'of' | 'subject' | 'counted' } | null;
  /** The owner of a share when the sentence names one ("Israel accounted for 69% of ..."). */
  holder?: { text: string; actorId?: string | null } | null;
  /** The time the figure is for ("in 2023", "last year"), or null. */
  period: TimeValue | null;
  /** Who states it: the outlet, a quoted speaker or a cited source. */
  statedBy: StatedBy;
  /** Aligns the same quantity across outlets: normalised measure + unit + period. */
  claimKey: string;
  /** Id of the claim finding of the same sentence. */
  claimId: string;
}

/** A typed event with participants, time and status. */
export interface EventFinding extends FindingBase {
  kind: 'event';
  /** visit, meeting, phone-call, agreement, sale, purchase, supply, attack, statement, vote, appointment, embassy-opening, election or other. */
  eventType: string;
  /** The trigger word(s) as written. */
  trigger: string;
  /** The trigger's lemma from the lexicon. */
  triggerLemma: string;
  /** The actors taking part, with their role and where they are named. */
  participants: Array<{ role: 'agent' | 'patient' | 'location' | 'participant'; actorId: string; canonical: string; actorKind: string; span: Span }>;
  /** When it happened or will, resolved against the publication date, or null. */
  time: TimeValue | null;
  /** Where the time came from: the clause, the publication date (lead of a news report), or nowhere. */
  timeSource: 'text' | 'publication' | null;
  /** Whether the text says it happened, is going on, is planned, is only possible, is denied, or does not say. */
  status: 'happened' | 'ongoing' | 'planned' | 'hypothetical' | 'denied' | 'unknown';
  /** The words that decided the status ("is expected to", "did not"). */
  statusCue: string | null;
  /** Publication date of the article (reported no later than), for sorting events without a time. */
  reportedOn: string | null;
}

/**
 * A finding: one of the kinds Parallax's analyzers report, discriminated by `kind`. Narrow on `kind` (a `switch`,
 * `f.kind === 'quote'` or `isKind`) to read a kind's own fields.
 */
export type Finding =
  | ActorMentionFinding
  | LabelFinding
  | TechniqueFinding
  | BiasSentenceFinding
  | StanceFinding
  | RelationFinding
  | QuoteFinding
  | ClaimFinding
  | FigureFinding
  | EventFinding;

/** Every finding kind: 'actor-mention' | 'label' | ... */
export type FindingKind = Finding['kind'];

/** The finding type of one kind: `FindingOf<'quote'>` is `QuoteFinding`. */
export type FindingOf<K extends FindingKind> = Extract<Finding, { kind: K }>;

/** The kinds in the order of the pipeline's analyzers (docs/schema.md documents each). */
export const FINDING_KINDS = ['actor-mention', 'label', 'technique', 'bias-sentence', 'stance', 'relation', 'quote', 'claim', 'figure', 'event'] as const satisfies readonly FindingKind[];

// Compile-time check that FINDING_KINDS lists every kind of the union: `true` only when none is missing.
type UnlistedKind = Exclude<FindingKind, (typeof FINDING_KINDS)[number]>;
export const ALL_KINDS_LISTED: [UnlistedKind] extends [never] ? true : never = true;

/** Type guard: `isKind(f, 'quote')` narrows `f` to a QuoteFinding. */
export function isKind<K extends FindingKind>(f: Finding, kind: K): f is FindingOf<K> {
  return f.kind === kind;
}

const KIND_SET: ReadonlySet<string> = new Set(FINDING_KINDS);

/**
 * Whether a value read back from storage or JSON is a finding of a known kind: an object whose `kind` is one of
 * `FINDING_KINDS`. Only the discriminant is checked; the rest is what the pipeline wrote.
 */
export function isFinding(x: unknown): x is Finding {
  return typeof x === 'object' && x !== null && 'kind' in x && typeof x.kind === 'string' && KIND_SET.has(x.kind);
}

/** The actor a finding is about, for the kinds that name one at the top level (mention, label, stance, technique, quote). */
export function actorIdOf(f: Finding): string | null {
  return 'actorId' in f && typeof f.actorId === 'string' ? f.actorId : null;
}

/** The findings of one kind, typed: `ofKind(analysis.findings, 'label')` is `LabelFinding[]`. */
export function ofKind<K extends FindingKind>(findings: readonly Finding[], kind: K): Array<FindingOf<K>> {
  const out: Array<FindingOf<K>> = [];
  for (const f of findings) if (isKind(f, kind)) out.push(f);
  return out;
}

/**
 * A finding of an analyzer you add to your own pipeline (docs/pipeline.md): a kind of your own, not one of
 * `FindingKind`. It is not part of `Finding`: Parallax's views, export and JSON Schema know only the
 * built-in kinds.
 */
export interface ExtensionFinding extends FindingBase {
  kind: string;
}
