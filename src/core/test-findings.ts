/**
 * Findings for tests: `testFinding('stance', { actorId: 'state:x', score: -0.8 })` is a complete StanceFinding, the
 * fields a test does not care about filled with plain values, so tests build findings without casts and the
 * compiler checks the fields they do give.
 */
import type { FindingBase, FindingKind, FindingOf, StatedBy } from './finding.js';

type Own<K extends FindingKind> = Omit<FindingOf<K>, keyof FindingBase | 'kind'>;

const OUTLET: StatedBy = { type: 'outlet', name: null };
const PARTY = { actorId: 'state:x', actorKind: 'state', canonical: 'X', label: 'X', span: { start: 0, end: 1 }, resolvedBy: 'mention' } as const;

const DEFAULTS: { [K in FindingKind]: Own<K> } = {
  'actor-mention': { actorId: 'state:x', actorKind: 'state', canonical: 'X', label: 'X', labelNormalized: 'x', labelType: 'name' },
  label: { actorId: 'state:x', actorKind: 'state', canonical: 'X', label: 'X', labelNormalized: 'x', labelType: 'name', connotation: 'neutral', cue: null, linkedBy: 'gazetteer' },
  technique: { technique: 'Loaded_Language', actorId: null, canonical: null, targetVia: null, cue: 'test', reason: 'test' },
  'bias-sentence': { score: 0, words: [] },
  stance: { actorId: 'state:x', canonical: 'X', polarity: 'neutral', score: 0, cues: [] },
  relation: { relation: 'relations', source: PARTY, target: PARTY, symmetric: true, polarity: 0, negated: false, hedged: false, cue: 'cue', time: null },
  quote: { quoteType: 'direct', speaker: null, actorId: null, speakerKind: null, speakerVia: null, verb: null, verbStance: null },
  claim: { claimType: 'action', claimTypes: ['action'], actors: [], statedBy: OUTLET, figureIds: [], times: [] },
  figure: { figureKind: 'count', value: 1, unit: 'x', scale: 1, measure: null, period: null, statedBy: OUTLET, claimKey: 'k', claimId: 'c' },
  event: { eventType: 'other', trigger: 'x', triggerLemma: 'x', participants: [], time: null, timeSource: null, status: 'unknown', statusCue: null, reportedOn: null },
};

/** A complete finding of `kind`: base fields, then the kind's defaults, then `fields` (which win). */
export function testFinding<K extends FindingKind>(kind: K, fields: Partial<FindingOf<K>> = {}): FindingOf<K> {
  const base: FindingBase = { id: `test:${kind}`, analyzer: 'test', messageId: kind, span: { start: 0, end: 1 }, evidence: 'x', voice: 'outlet' };
  // The one cast: TypeScript cannot follow a spread of the defaults of a generic kind.
  return { ...base, kind, ...DEFAULTS[kind], ...fields } as unknown as FindingOf<K>;
}
