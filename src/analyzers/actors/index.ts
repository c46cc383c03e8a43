import { defineAnalyzer, type ReportInput } from '../../core/pipeline.js';
import type { ActorMentionFinding } from '../../core/finding.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import { compiledExtra, detectActors, type ActorMention, type DetectOptions } from './detect.js';
import { gazetteer } from './gazetteer.js';
import { detectActorsMl } from './ml/detect.js';
import { mlLexicon, ML_LANGUAGES, type MlLang } from './ml/lexicon.js';
import type { Span } from '../../core/span.js';
import { primaryLanguage } from '../../core/lang/index.js';
import { insideOutletName, outletNameSpans } from './outlet-names.js';

export { detectActors, normalizeLabel, type ActorMention, type DetectOptions } from './detect.js';
export { gazetteer, kebab, normWord } from './gazetteer.js';
export { compileExtra, xStateId, type ExtraActor } from './lexicon.js';
export { detectActorsMl } from './ml/detect.js';
export { ML_LANGUAGES, type MlLang } from './ml/lexicon.js';

/** The language whose multilingual path reads `lang`, or null for English (and unknown languages). */
export function mlLanguageOf(lang: string | null | undefined): MlLang | null {
  const p = primaryLanguage(lang);
  return (ML_LANGUAGES as readonly string[]).includes(p) ? (p as MlLang) : null;
}

export const actorsAnalyzer = defineAnalyzer<DetectOptions>({
  meta: {
    id: 'actors',
    version: '1.5.1',
    description: 'Mentions of people, states and governments, organisations and places, with the label used and a within-article actor id (English; and Persian, Arabic, Hebrew, Russian, Turkish, Azerbaijani through the multilingual lexicon).',
    requires: ['sentences', 'tokens', 'quote-regions'],
    provides: ['actors'],
    messages: {
      mention: '{kindName} “{label}” ({labelType}) refers to {canonical}',
    },
  },
  create(options) {
    gazetteer(); // build the lookup tables once, when the pipeline is built
    for (const l of ML_LANGUAGES) mlLexicon(l);
    const opts = options ?? {};
    compiledExtra(opts.extra); // configured actors are compiled (and checked) once, when the pipeline is built
    const mention = compileTemplate(actorsAnalyzer.meta.messages.mention);
    return (ctx) => {
      const tokens = ctx.get<Token[]>('tokens');
      const regions = ctx.get<QuoteRegion[]>('quote-regions');
      const ml = mlLanguageOf(ctx.doc.language);
      let mentions: ActorMention[] = ml
        ? detectActorsMl(ctx.doc.text, ml, ctx.get<Span[]>('sentences'), regions, opts.places !== false, compiledExtra(opts.extra).entries)
        : detectActors(ctx.doc.text, tokens, regions, opts);
      // "Israel" in "The Times of Israel" is the outlet's name, not a mention of the state (English path).
      if (!ml) {
        const outlets = outletNameSpans(tokens);
        if (outlets.length) mentions = mentions.filter((m) => !insideOutletName(m.span, outlets));
      }
      ctx.provide('actors', mentions);
      for (const m of mentions) {
        // the message is the 'mention' template filled in here (what the pipeline would render from messageData)
        const data: Record<string, string> = { kindName: KIND_NAMES[m.actorKind], label: m.label, labelType: m.labelType, canonical: m.canonical };
        const f: ReportInput<ActorMentionFinding> = {
          kind: 'actor-mention',
          ruleId: m.via,
          messageId: 'mention',
          message: mention(data),
          span: m.span,
          voice: m.inQuote ? { speaker: null } : 'outlet',
          actorId: m.actorId,
          actorKind: m.actorKind,
          canonical: m.canonical,
          label: m.label,
          labelNormalized: m.labelNormalized,
          labelType: m.labelType,
        };
        if (m.stateId) f.stateId = m.stateId;
        if (m.roles) f.roles = m.roles;
        if (m.titleSpan) f.related = [{ role: 'title', span: m.titleSpan, evidence: ctx.doc.text.slice(m.titleSpan.start, m.titleSpan.end) }];
        ctx.report<ActorMentionFinding>(f);
      }
    };
  },
});

const KIND_NAMES = { person: 'Person', state: 'State', organisation: 'Organisation', place: 'Place' } as const;

/**
 * A message template compiled once: the same text as the pipeline's renderMessage ({name} replaced by data[name],
 * unknown placeholders left as written), without a regular expression per finding.
 */
function compileTemplate(template: string): (data: Record<string, string>) => string {
  const parts: string[] = []; // literal, name, literal, name, ..., literal
  const re = /\{([A-Za-z0-9_]+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    parts.push(template.slice(last, m.index), m[1]);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return (data) => {
    let s = parts[0];
    for (let k = 1; k < parts.length; k += 2) s += (parts[k] in data ? String(data[parts[k]]) : `{${parts[k]}}`) + parts[k + 1];
    return s;
  };
}

export default actorsAnalyzer;
