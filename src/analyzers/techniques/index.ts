import { defineAnalyzer } from '../../core/pipeline.js';
import { isEnglishText } from '../../core/lang/index.js';
import type { BiasSentenceFinding, TechniqueFinding } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { LabelsProduct } from '../labels/index.js';
import { detectTechniques, type MentionLike, type QuoteLike, type QuoteRegionLike, type TechniqueDraft, type TechniqueOutput, type TokenLike } from './detect.js';
import { compileLexicon, defaultLexicon, rawDefaults, type RawTechniqueData } from './lexicon.js';
import calibration from './data/bias-calibration.json' with { type: 'json' };

/** The bias score's scale from data/bias-calibration.json (fitted on neutral news copy by eval/bias-calibration.ts). */
export const DEFAULT_BIAS_SCALE: number = (() => {
  const c = calibration as { scale?: unknown; source?: unknown };
  if (typeof c.scale !== 'number' || !(c.scale > 0) || !Number.isFinite(c.scale) || typeof c.source !== 'string') {
    throw new Error('techniques: data/bias-calibration.json needs a positive numeric scale and a source');
  }
  return c.scale;
})();

export { classifySpan, type SpanContext } from './classify.js';
export { detectTechniques, biasScore, biasEvidence, type TechniqueDraft, type BiasSentenceDraft, type BiasWord, type TechniqueInput, type TechniqueOutput } from './detect.js';
export { TECHNIQUES, compileLexicon, defaultLexicon, rawDefaults, TechniqueLexiconError, type Technique, type TechniqueLexicon, type RawTechniqueData } from './lexicon.js';

/**
 * Name-calling in a document read from the labels term files (Persian, Arabic, Hebrew, Russian, Turkish,
 * Azerbaijani): one technique per pejorative epithet, in the English finding's shape, its reason with the gloss.
 */
export function nameCallingFromTerms(labels: LabelsProduct['labels']): TechniqueDraft[] {
  const out: TechniqueDraft[] = [];
  for (const l of labels) {
    if (l.connotation !== 'pejorative' || l.labelType !== 'epithet' || l.linkedBy !== 'term-table') continue;
    out.push({
      kind: 'technique',
      messageId: 'technique',
      span: { start: l.span.start, end: l.span.end },
      technique: 'Name_Calling,Labeling',
      actorId: l.actorId,
      canonical: l.canonical,
      targetVia: 'label',
      cue: 'label',
      reason: `“${l.label}” (${String(l.data.gloss)}) is a pejorative label for ${l.canonical} (labels term file, ${String(l.data.language)})`,
      confidence: Math.round(Math.max(0.6, Math.min(0.95, l.confidence)) * 100) / 100,
      voice: l.voice,
      related: [{ role: 'label', span: { start: l.span.start, end: l.span.end } }],
      data: { labelId: `labels:label:${l.span.start}-${l.span.end}`, labelType: l.labelType, language: l.data.language, gloss: l.data.gloss },
    });
  }
  return out;
}

export interface TechniquesOptions {
  /** Replace the shipped word groups or cue patterns (validated the same way). */
  lexicon?: Partial<RawTechniqueData>;
  /** Drop technique findings below this confidence (default 0). */
  minConfidence?: number;
  /** Report bias-sentence findings (default true). */
  bias?: boolean;
  /** Scale of the bias score (default: data/bias-calibration.json); 1 gives the uncalibrated score. */
  biasScale?: number;
}

export const techniquesAnalyzer = defineAnalyzer<TechniquesOptions>({
  meta: {
    id: 'techniques',
    version: '1.3.0',
    description:
      'Propaganda techniques (the 14 classes of SemEval-2020 Task 11) from cue lexicons, patterns, pejorative labels and repetition, each with its target actor and a checkable reason; and a 0..1 lexical-bias score per sentence with the words that drove it.',
    requires: ['sentences', 'tokens', 'quote-regions', 'actors', 'labels', 'quotes'],
    provides: ['techniques'],
    messages: {
      technique: '{technique}: {reason}{targetText}',
      bias: 'Sentence bias {score} ({wordList})',
    },
  },
  create(options) {
    const lex = options?.lexicon ? compileLexicon({ ...rawDefaults, ...options.lexicon }) : defaultLexicon();
    const minConfidence = options?.minConfidence ?? 0;
    const bias = options?.bias ?? true;
    const biasScale = options?.biasScale ?? DEFAULT_BIAS_SCALE;
    if (!(biasScale > 0)) throw new Error('techniques: biasScale must be positive');
    return (ctx) => {
      const english = isEnglishText(ctx.doc.language);
      if (!english) {
        // Cue lexicons, patterns and the bias word list are English: none of them is applied to other languages. The
        // pejorative epithets the labels analyzer found from its sourced term files are name-calling all the same.
        ctx.diagnose('no-technique-lexicon', `no propaganda-technique or loaded-language lexicon for language "${String(ctx.doc.language)}": only name-calling by the pejorative epithets of the labels term files; other techniques and sentence bias are not computed for this article`);
      }
      const out: TechniqueOutput = !english ? { techniques: nameCallingFromTerms(ctx.get<LabelsProduct>('labels').labels), sentences: [] } : detectTechniques(
        {
          text: ctx.doc.text,
          sentences: ctx.get<Span[]>('sentences'),
          tokens: ctx.get<TokenLike[]>('tokens'),
          quoteRegions: ctx.get<QuoteRegionLike[]>('quote-regions'),
          mentions: ctx.get<MentionLike[]>('actors'),
          labels: ctx.get<LabelsProduct>('labels').labels,
          quotes: ctx.get<QuoteLike[]>('quotes'),
        },
        lex,
        biasScale,
      );
      const kept: TechniqueOutput = { techniques: out.techniques.filter((t) => t.confidence >= minConfidence), sentences: bias ? out.sentences : [] };
      ctx.provide('techniques', kept);
      for (const t of kept.techniques) {
        const { messageId, ...rest } = t;
        ctx.report<TechniqueFinding>({
          ...rest,
          ruleId: t.cue,
          messageId,
          messageData: {
            technique: t.technique,
            reason: t.reason,
            targetText: t.canonical ? ` → ${t.canonical}` : '',
          },
        });
      }
      for (const b of kept.sentences) {
        const { messageId, ...rest } = b;
        ctx.report<BiasSentenceFinding>({
          ...rest,
          messageId,
          messageData: { score: b.score.toFixed(2), wordList: b.words.map((w) => w.text).join(', ') },
        });
      }
    };
  },
});

export default techniquesAnalyzer;
