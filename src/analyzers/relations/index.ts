import { defineAnalyzer } from '../../core/pipeline.js';
import type { RelationFinding } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import { gazetteer, normWord } from '../actors/index.js';
import { extractRelations, type ActorRef, type MentionLike, type RelationDraft, type TokenLike } from './extract.js';
import { compileLexicon, rawDefaults, type RawLexicon } from './lexicon.js';
import { isEnglishText } from '../../core/lang/index.js';

export { extractRelations, type ActorRef, type MentionLike, type RelationDraft, type RelationInput, type RelationParty } from './extract.js';
export { compileLexicon, defaultLexicon, LexiconError, rawDefaults, type Lexicon, type RawLexicon, type CueEntry } from './lexicon.js';
export { clauseTimes } from './extract.js';
export type { RelationTime } from '../../core/dates/index.js';

export interface RelationsOptions {
  /** Replace or extend the shipped data tables (validated the same way). */
  lexicon?: Partial<RawLexicon>;
  /** Drop relations below this confidence (default 0). */
  minConfidence?: number;
}

interface LabelsProductLike {
  labels: Array<MentionLike & { confidence?: number }>;
}

/** Gazetteer lookups for compound parts ("Baku" in "Baku-Tel Aviv") and state names. */
function gazetteerLookups(): { lookupName: (name: string) => ActorRef | null; stateName: (id: string) => string | null } {
  const g = gazetteer();
  return {
    lookupName(name) {
      const key = name.replace(/^the\s+/i, '').split(/\s+/).map(normWord).join(' ');
      const e = g.byKey.get(key);
      if (!e || e.role === 'demonym' || !/^\p{Lu}/u.test(name)) return null;
      return { actorId: e.actorId, actorKind: e.actorKind, canonical: e.canonical, ...(e.stateId ? { stateId: e.stateId } : {}) };
    },
    stateName(id) {
      return g.states.get(id.replace(/^state:/, ''))?.canonical ?? null;
    },
  };
}

export const relationsAnalyzer = defineAnalyzer<RelationsOptions>({
  meta: {
    id: 'relations',
    version: '1.3.1',
    description:
      'Actor–actor relations asserted in the text (allies, arms and energy supply, trade, threats, attacks, condemnation, support, opposition, talks, meetings, visits, mediation, relations good or bad), with direction, polarity, negation, time and voice.',
    requires: ['sentences', 'tokens', 'quote-regions', 'actors', 'labels'],
    provides: ['relations'],
    messages: {
      relation: '{source} {phrase} {target}{qualifier}',
    },
  },
  create(options) {
    const lex = compileLexicon({ ...rawDefaults, ...(options?.lexicon ?? {}) });
    const minConfidence = options?.minConfidence ?? 0;
    const lookups = gazetteerLookups();
    return (ctx) => {
      if (!isEnglishText(ctx.doc.language)) {
        // The relation cues and their frames are English (data/cues.json): say so rather than leave the graph
        // silently without this article's relations.
        ctx.provide('relations', []);
        ctx.diagnose('no-relation-cues', `no relation cues for language "${String(ctx.doc.language)}": relations between actors are not computed for this article (the graph shows its co-mentions)`);
        return;
      }
      const labels = ctx.get<LabelsProductLike>('labels');
      const drafts = extractRelations(
        {
          text: ctx.doc.text,
          sentences: ctx.get<Span[]>('sentences'),
          tokens: ctx.get<TokenLike[]>('tokens'),
          quoteRegions: ctx.get<Array<{ span: Span; contentSpan: Span; depth?: number }>>('quote-regions'),
          mentions: ctx.get<MentionLike[]>('actors'),
          labels: labels?.labels ?? [],
          published: ctx.doc.published ?? null,
          ...lookups,
        },
        lex,
      ).filter((d) => d.confidence >= minConfidence);
      ctx.provide('relations', drafts);
      for (const d of drafts) report(ctx, d, lex.types.get(d.relation)?.phrase ?? d.relation);
    };
  },
});

function report(ctx: Parameters<ReturnType<(typeof relationsAnalyzer)['create']>>[0], d: RelationDraft, phrase: string): void {
  const qualifier = [
    d.relation === 'relations' && d.polarity !== 0 ? (d.polarity > 0 ? ' (good)' : ' (bad)') : '',
    d.negated ? ' [negated]' : '',
    d.hedged ? ' [hedged]' : '',
    d.time ? ` (${d.time.text})` : '',
  ].join('');
  ctx.report<RelationFinding>({
    kind: 'relation',
    ruleId: d.cueId,
    messageId: 'relation',
    messageData: { source: d.source.canonical, target: d.target.canonical, phrase: d.negated ? `not: ${phrase}` : phrase, qualifier },
    span: d.span,
    voice: d.voice,
    confidence: d.confidence,
    related: d.related,
    relation: d.relation,
    source: d.source,
    target: d.target,
    symmetric: d.symmetric,
    polarity: d.polarity,
    negated: d.negated,
    hedged: d.hedged,
    cue: d.cue,
    time: d.time,
    data: d.data,
  });
}

export default relationsAnalyzer;
