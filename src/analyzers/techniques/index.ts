import { defineAnalyzer } from '../../core/pipeline.js';
import { isEnglishText } from '../../core/lang/index.js';
import type { BiasSentenceFinding, TechniqueFinding } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { LabelsProduct } from '../labels/index.js';
import { detectTechniques, type MentionLike, type QuoteLike, type QuoteRegionLike, type TechniqueOutput, type TokenLike } from './detect.js';
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

export { detectTechniques, biasScore, biasEvidence, type TechniqueDraft, type BiasSentenceDraft, type BiasWord, type TechniqueInput, type TechniqueOutput } from './detect.js';
export { TECHNIQUES, compileLexicon, defaultLexicon, rawDefaults, TechniqueLexiconError, type Technique, type TechniqueLexicon, type RawTechniqueData } from './lexicon.js';

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
    version: '1.2.0',
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
      if (!isEnglishText(ctx.doc.language)) {
        // Cue lexicons, patterns and the bias word list are English: none of them is applied to other languages.
        ctx.provide('techniques', { techniques: [], sentences: [] } satisfies TechniqueOutput);
        ctx.diagnose('no-technique-lexicon', `no propaganda-technique or loaded-language lexicon for language "${String(ctx.doc.language)}": techniques and sentence bias are not computed for this article`);
        return;
      }
      const out = detectTechniques(
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
