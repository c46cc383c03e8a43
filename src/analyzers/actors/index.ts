import { defineAnalyzer } from '../../core/pipeline.js';
import type { ActorMentionFinding } from '../../core/finding.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import { compiledExtra, detectActors, type ActorMention, type DetectOptions } from './detect.js';
import { gazetteer } from './gazetteer.js';

export { detectActors, normalizeLabel, type ActorMention, type DetectOptions } from './detect.js';
export { gazetteer, kebab } from './gazetteer.js';
export { compileExtra, xStateId, type ExtraActor } from './lexicon.js';

export const actorsAnalyzer = defineAnalyzer<DetectOptions>({
  meta: {
    id: 'actors',
    version: '1.1.0',
    description: 'Mentions of people, states and governments, organisations and places, with the label used and a within-article actor id.',
    requires: ['sentences', 'tokens', 'quote-regions'],
    provides: ['actors'],
    messages: {
      mention: '{kindName} “{label}” ({labelType}) refers to {canonical}',
    },
  },
  create(options) {
    gazetteer(); // build the lookup tables once, when the pipeline is built
    const opts = options ?? {};
    compiledExtra(opts.extra); // configured actors are compiled (and checked) once, when the pipeline is built
    return (ctx) => {
      const tokens = ctx.get<Token[]>('tokens');
      const regions = ctx.get<QuoteRegion[]>('quote-regions');
      const mentions: ActorMention[] = detectActors(ctx.doc.text, tokens, regions, opts);
      ctx.provide('actors', mentions);
      for (const m of mentions) {
        ctx.report<ActorMentionFinding>({
          kind: 'actor-mention',
          ruleId: m.via,
          messageId: 'mention',
          messageData: { kindName: KIND_NAMES[m.actorKind], label: m.label, labelType: m.labelType, canonical: m.canonical },
          span: m.span,
          voice: m.inQuote ? { speaker: null } : 'outlet',
          actorId: m.actorId,
          actorKind: m.actorKind,
          canonical: m.canonical,
          label: m.label,
          labelNormalized: m.labelNormalized,
          labelType: m.labelType,
          ...(m.stateId ? { stateId: m.stateId } : {}),
          ...(m.roles ? { roles: m.roles } : {}),
          ...(m.titleSpan ? { related: [{ role: 'title', span: m.titleSpan, evidence: ctx.doc.text.slice(m.titleSpan.start, m.titleSpan.end) }] } : {}),
        });
      }
    };
  },
});

const KIND_NAMES = { person: 'Person', state: 'State', organisation: 'Organisation', place: 'Place' } as const;

export default actorsAnalyzer;
