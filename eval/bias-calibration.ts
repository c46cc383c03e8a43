/**
 * Calibrates the sentence bias score's scale on neutral news copy — never on BABE/MBIC, which stay evaluation-only.
 *
 * Data: the Wikinews articles of GUM (../shared/data/gum-news/*.conllu, CC BY; written under a neutral-point-of-view
 * policy). Each article's `# text` lines are joined into one document and run through the pipeline; every
 * outlet-voice sentence contributes its length-normalised evidence Σw·√(20/max(20,n)) (0 without a cue).
 *
 * Rule, fixed before looking at any evaluation score: neutral copy should have at most one sentence in ten at or
 * above the "biased" threshold 0.5. So scale = ln 2 / q, with q the 90th percentile of the evidence over those
 * sentences (when fewer than 10 % of sentences have any cue, q is the smallest non-zero evidence, so that every
 * cue-bearing sentence of the neutral copy, still under 10 %, may cross). The result is printed as the JSON to
 * put in src/analyzers/techniques/data/bias-calibration.json.
 *
 * Usage: npm run eval -- bias-calibration
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPipeline, type Analyzer } from '../src/core/pipeline.js';
import { nlpAnalyzer } from '../src/analyzers/nlp/index.js';
import { actorsAnalyzer } from '../src/analyzers/actors/index.js';
import { labelsAnalyzer } from '../src/analyzers/labels/index.js';
import { quotesAnalyzer } from '../src/analyzers/quotes/index.js';
import { techniquesAnalyzer } from '../src/analyzers/techniques/index.js';
import type { BiasSentenceFinding, Finding } from '../src/core/finding.js';

function main(): void {
  const root = join('..', 'shared', 'data', 'gum-news');
  if (!existsSync(root)) {
    console.log(`skip: GUM news not found at ${root} (it is not part of the repository)`);
    return;
  }
  const pipeline = createPipeline([nlpAnalyzer, actorsAnalyzer, labelsAnalyzer, quotesAnalyzer, techniquesAnalyzer] as Analyzer[]);
  const evidence: number[] = [];
  let docs = 0;
  for (const f of readdirSync(root).filter((x) => x.endsWith('.conllu')).sort()) {
    const lines = readFileSync(join(root, f), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('# text = '))
      .map((l) => l.slice('# text = '.length).trim());
    const text = lines.join('\n');
    const a = pipeline.run({ text, articleId: f });
    const sentences = (a.findings as Finding[]).filter((x) => x.kind === 'bias-sentence') as BiasSentenceFinding[];
    const scored = sentences.filter((s) => s.voice === 'outlet').map((s) => Number((s.data as { evidence?: number }).evidence ?? 0));
    evidence.push(...scored);
    // Sentences with no cue at all contribute zeros: count the article's lines (one sentence a line in GUM).
    for (let i = scored.length; i < lines.length; i++) evidence.push(0);
    docs++;
  }
  evidence.sort((a, b) => a - b);
  const q90 = evidence[Math.floor(0.9 * (evidence.length - 1))];
  const q = q90 > 0 ? q90 : (evidence.find((x) => x > 0) ?? 1);
  const scale = Math.round((Math.LN2 / q) * 1000) / 1000;
  const nonZero = evidence.filter((x) => x > 0).length;
  console.log(`GUM news: ${docs} articles, ${evidence.length} sentences, ${nonZero} with a cue (${((100 * nonZero) / evidence.length).toFixed(1)}%); 90th percentile evidence ${q90.toFixed(3)}`);
  const flagged = evidence.filter((x) => 1 - Math.exp(-scale * x) >= 0.5).length;
  console.log(`scale ${scale}: ${flagged} of ${evidence.length} neutral sentences (${((100 * flagged) / evidence.length).toFixed(1)}%) score >= 0.5`);
  console.log(JSON.stringify({ scale, q90: Math.round(q90 * 1000) / 1000, sentences: evidence.length, withCue: nonZero }));
}

main();
