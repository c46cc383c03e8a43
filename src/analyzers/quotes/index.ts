import { defineAnalyzer, type ReportInput } from '../../core/pipeline.js';
import type { QuoteFinding } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import { gazetteer, type ActorMention } from '../actors/index.js';
import { extractQuotes, type Quote } from './extract.js';
import { quoteLexicon } from './lexicon.js';
import { defaultMlQuoteTables, extractMultilingualQuotes, readsQuotesIn, type MlQuote } from './multilingual.js';

export { extractQuotes, speakerAt, type Quote, type QuoteType, type SpeakerVia } from './extract.js';
export { extractMultilingualQuotes, compileMlQuoteTable, readsQuotesIn, QUOTE_LANGUAGES, type MlQuote, type MlVerb, type MlVerbFile } from './multilingual.js';
export { buildLexicon, quoteLexicon, type VerbStance, type SpeechVerb, type QuoteLexicon } from './lexicon.js';

export const quotesAnalyzer = defineAnalyzer({
  meta: {
    id: 'quotes',
    version: '1.3.0',
    description:
      'Direct, partial and indirect quotes with cue verb (and its stance), speaker span and resolved speaker actor; in Persian, Arabic, Hebrew, Russian, Turkish and Azerbaijani from the languages\' quotation marks, reporting verbs and "according to" forms (data/ml/<lang>.json).',
    requires: ['sentences', 'tokens', 'paragraphs', 'quote-regions', 'actors'],
    provides: ['quotes'],
    messages: {
      direct: '{speaker} quoted directly ({verb})',
      partial: 'Partial quote of {speaker} ({verb})',
      indirect: 'Reported speech of {speaker} ({verb})',
    },
  },
  create() {
    const lexicon = quoteLexicon(); // validated once, when the pipeline is built
    const roles = gazetteer().roles;
    const mlTables = defaultMlQuoteTables();
    return (ctx) => {
      const text = ctx.doc.text;
      const lang = ctx.doc.language;
      const ml = readsQuotesIn(lang);
      const quotes: Quote[] = ml ? extractMultilingualQuotes({ text, lang: lang!, mentions: ctx.get<ActorMention[]>('actors') }, mlTables) : extractQuotes({
        text,
        tokens: ctx.get<Token[]>('tokens'),
        regions: ctx.get<QuoteRegion[]>('quote-regions'),
        paragraphs: ctx.get<Span[]>('paragraphs'),
        actors: ctx.get<ActorMention[]>('actors'),
        roles,
        lexicon,
      });
      ctx.provide('quotes', quotes);
      for (let k = 0; k < quotes.length; k++) {
        const q = quotes[k];
        const c = q.contentSpan;
        const related: Array<{ role: string; span: Span; evidence: string }> = [{ role: 'content', span: c, evidence: text.slice(c.start, c.end) }];
        if (q.cueSpan) related.push({ role: 'cue', span: q.cueSpan, evidence: text.slice(q.cueSpan.start, q.cueSpan.end) });
        if (q.speakerSpan) related.push({ role: 'speaker', span: q.speakerSpan, evidence: text.slice(q.speakerSpan.start, q.speakerSpan.end) });
        // Key order is part of the finding (canonical sits between actorId and speakerKind when present).
        const f: ReportInput<QuoteFinding> = {
          kind: 'quote',
          ruleId: q.type,
          messageId: q.type,
          messageData: { speaker: q.speakerName ?? 'an unidentified speaker', verb: q.verb ?? 'no cue verb' },
          span: q.span,
          // Quoting is the outlet's act (which speakers it picks, which verb it uses): the finding is in its voice.
          voice: 'outlet',
          related,
          quoteType: q.type,
          speaker: q.speakerName,
          actorId: q.speakerActorId,
          ...(q.speakerActorId && q.speakerName ? { canonical: q.speakerName } : {}),
          speakerKind: q.speakerKind,
          speakerVia: q.speakerVia,
          verb: q.verb,
          verbStance: q.verbStance,
          ...(ml ? { data: { language: lang, verbGloss: (q as MlQuote).verbGloss } } : {}),
        };
        ctx.report<QuoteFinding>(f);
      }
    };
  },
});

export default quotesAnalyzer;
