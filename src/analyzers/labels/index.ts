import { defineAnalyzer } from '../../core/pipeline.js';
import type { LabelFinding } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import { extractLabels } from './extract.js';
import { compileLexicon, rawDefaults, type RawLexicon } from './lexicon.js';
import type { ActorMentionLike, LabelsProduct, QuoteRegionLike, TokenLike } from './types.js';
import { compileMlTables, defaultMlTables, extractMultilingualLabels, readsLabelsIn, rawMlTerms, type MlTermFile } from './multilingual.js';

export { extractLabels, COREF_WINDOW } from './extract.js';
export { normalizeLabel, foldPlural } from './normalize.js';
export { compileLexicon, defaultLexicon, LexiconError, rawDefaults, type Lexicon, type RawLexicon } from './lexicon.js';
export { compileMlTables, extractMultilingualLabels, readsLabelsIn, termMatches, rawMlTerms, LABEL_LANGUAGES, type MlTerm, type MlTermFile } from './multilingual.js';
export type { ActorMentionLike, LabelDraft, LabelInput, LabelsProduct, QuoteRegionLike, TokenLike } from './types.js';

export interface LabelsOptions {
  /** Replace or extend the shipped data tables (validated the same way). */
  lexicon?: Partial<RawLexicon>;
  /** Drop labels below this confidence (default 0: keep everything, the confidence is in the finding). */
  minConfidence?: number;
  /** Replace or add term files for the languages read from term tables (data/ml/<lang>.json; validated the same way). */
  terms?: Record<string, MlTermFile>;
}

export const labelsAnalyzer = defineAnalyzer<LabelsOptions>({
  meta: {
    id: 'labels',
    version: '1.1.2',
    description:
      'The label each actor mention uses (name, short name, metonym, demonym, discovered epithet, contested toponym), its connotation and the cue that decided it, and how it was linked to the actor. Persian, Arabic, Hebrew, Russian, Turkish and Azerbaijani text: the listed names and epithets of data/ml/<lang>.json with their English gloss.',
    requires: ['sentences', 'tokens', 'quote-regions', 'actors'],
    provides: ['labels'],
    messages: {
      name: 'Names {canonical} “{label}” ({labelType})',
      epithet: 'Calls {canonical} “{label}” ({connotation}{cueText}; linked by {linkedBy})',
      toponym: 'Calls {canonical} “{label}” (variant used by {usedBy})',
      term: 'Calls {canonical} “{label}” ({gloss}; {connotation}, used by {usedBy})',
    },
  },
  create(options) {
    const lex = compileLexicon({ ...rawDefaults, ...(options?.lexicon ?? {}) });
    const minConfidence = options?.minConfidence ?? 0;
    const mlTables = options?.terms ? compileMlTables({ ...rawMlTerms, ...options.terms }) : defaultMlTables();
    return (ctx) => {
      const lang = ctx.doc.language;
      const out = readsLabelsIn(lang) ? extractMultilingualLabels(
        { text: ctx.doc.text, quoteRegions: ctx.get<QuoteRegionLike[]>('quote-regions'), mentions: ctx.get<ActorMentionLike[]>('actors') },
        lang!,
        mlTables,
      ) : extractLabels(
        {
          text: ctx.doc.text,
          sentences: ctx.get<Span[]>('sentences'),
          tokens: ctx.get<TokenLike[]>('tokens'),
          quoteRegions: ctx.get<QuoteRegionLike[]>('quote-regions'),
          mentions: ctx.get<ActorMentionLike[]>('actors'),
        },
        lex,
      );
      // Nothing to drop at the default threshold unless a confidence is below it; then the array is the same.
      const labels = out.labels.every((l) => l.confidence >= minConfidence) ? out.labels : out.labels.filter((l) => l.confidence >= minConfidence);
      const kept: LabelsProduct = { labels, unresolved: out.unresolved };
      ctx.provide('labels', kept);
      for (const l of labels) {
        const messageData = {
          canonical: l.canonical,
          label: l.label,
          labelType: l.labelType,
          connotation: l.connotation,
          cueText: l.cue ? `, cue “${l.cue}”` : '',
          linkedBy: l.linkedBy,
          usedBy: String(l.data.usedBy ?? (l.data.toponym as { usedBy?: string } | undefined)?.usedBy ?? 'some outlets'),
          ...(l.messageId === 'term' ? { gloss: String(l.data.gloss) } : {}),
        };
        // The draft's fields in the draft's order without messageId, then ruleId, messageId and messageData (what
        // `{ messageId, ...rest }` and a spread gave, without the generic copy). Only epithet drafts carry `related`.
        ctx.report<LabelFinding>(
          'related' in l
            ? {
                kind: l.kind, span: l.span, actorId: l.actorId, actorKind: l.actorKind, canonical: l.canonical, label: l.label,
                labelNormalized: l.labelNormalized, labelType: l.labelType, connotation: l.connotation, cue: l.cue, linkedBy: l.linkedBy,
                confidence: l.confidence, voice: l.voice, related: l.related, data: l.data, ruleId: l.linkedBy, messageId: l.messageId, messageData,
              }
            : {
                kind: l.kind, span: l.span, actorId: l.actorId, actorKind: l.actorKind, canonical: l.canonical, label: l.label,
                labelNormalized: l.labelNormalized, labelType: l.labelType, connotation: l.connotation, cue: l.cue, linkedBy: l.linkedBy,
                confidence: l.confidence, voice: l.voice, data: l.data, ruleId: l.linkedBy, messageId: l.messageId, messageData,
              },
        );
      }
    };
  },
});

export default labelsAnalyzer;
