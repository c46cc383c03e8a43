/**
 * How many PolNeAR attribution sources (speakers) that are proper names the actors analyzer finds.
 * Data: ../shared/data/polnear/dev/{text,attributions} (brat standoff; `T<n>\tSource <start> <end>\t<text>`).
 *
 * - Named sources: Source spans containing a capitalised token that wink tags PROPN ("Trump", "Mr. Obama",
 *   "The New York Post"); pronouns and common nouns ("he", "sources", "experts") are left out.
 * - Recall: share of named sources overlapped by a person, organisation or state mention.
 *   Exact: a mention covers the source span minus a leading "the"/honorific-free remainder (same end, start within).
 * - Cue-adjacent precision: our person/organisation/state mentions directly before a Cue span ("Trump said") or
 *   directly after one ("said Trump"), counted right when they overlap a gold Source span.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPipeline } from '../src/core/pipeline.js';
import { analyseText, nlpAnalyzer, type Token } from '../src/analyzers/nlp/index.js';
import { actorsAnalyzer } from '../src/analyzers/actors/index.js';
import type { ActorMentionFinding } from '../src/core/finding.js';

interface S { start: number; end: number; text: string }

function parseAnn(src: string): { sources: S[]; cues: S[] } {
  const sources: S[] = [];
  const cues: S[] = [];
  for (const line of src.split('\n')) {
    if (!line.startsWith('T')) continue;
    const [, mid, txt = ''] = line.split('\t');
    if (!mid) continue;
    const [type, ...rest] = mid.split(' ');
    const nums = rest.join(' ').split(/[ ;]/).map(Number);
    const s = { start: nums[0], end: nums[nums.length - 1], text: txt };
    if (type === 'Source') sources.push(s);
    else if (type === 'Cue') cues.push(s);
  }
  return { sources, cues };
}

export function main(): void {
  const root = join('..', 'shared', 'data', 'polnear', 'dev');
  if (!existsSync(root)) {
    console.log(`skip: ${root} not found (PolNeAR is read from ../shared/data)`);
    return;
  }
  const pipeline = createPipeline([nlpAnalyzer, actorsAnalyzer]);
  const anns = readdirSync(join(root, 'attributions')).filter((f) => f.endsWith('.ann'));
  const texts = readdirSync(join(root, 'text'));
  let named = 0;
  let foundOverlap = 0;
  let foundExact = 0;
  let adjacent = 0;
  let adjacentRight = 0;
  let docs = 0;
  let chars = 0;
  const t0 = performance.now();
  const missed: string[] = [];
  const wrong: string[] = [];
  for (const a of anns.sort()) {
    const base = a.replace(/_[0-9a-f]{4}\.ann$/, '');
    const tf = texts.find((t) => t.replace(/\.txt$/, '') === base);
    if (!tf) continue;
    const text = readFileSync(join(root, 'text', tf), 'utf8');
    const { sources, cues } = parseAnn(readFileSync(join(root, 'attributions', a), 'utf8'));
    docs++;
    chars += text.length;
    const analysis = pipeline.run({ text });
    const mentions = analysis.findings.filter(
      (f): f is ActorMentionFinding => f.kind === 'actor-mention' && (f as ActorMentionFinding).actorKind !== 'place',
    );
    // PROPN tags for the source spans (the pipeline returns findings, not products).
    const tokens: Token[] = analyseText(text).tokens;
    for (const s of sources) {
      const isNamed = tokens.some((t) => t.span.start >= s.start && t.span.end <= s.end && t.pos === 'PROPN' && /^\p{Lu}/u.test(t.text));
      if (!isNamed) continue;
      named++;
      const hit = mentions.filter((m) => m.span.start < s.end && s.start < m.span.end);
      if (hit.length) foundOverlap++;
      else missed.push(`${tf}: ${s.text}`);
      if (hit.some((m) => m.span.end === s.end && m.span.start >= s.start)) foundExact++;
    }
    for (const m of mentions) {
      const gapOk = (x: number, y: number): boolean => y >= x && /^[\s,]{0,3}$/.test(text.slice(x, y));
      const adj = cues.some((c) => gapOk(m.span.end, c.start) || gapOk(c.end, m.span.start));
      if (!adj) continue;
      adjacent++;
      if (sources.some((s) => m.span.start < s.end && s.start < m.span.end)) adjacentRight++;
      else wrong.push(`${tf}: ${m.label}`);
    }
  }
  const ms = performance.now() - t0;
  console.log(`PolNeAR dev: ${docs} documents`);
  console.log(`named sources: ${named}`);
  console.log(`recall (overlap): ${(foundOverlap / named).toFixed(3)}  (${foundOverlap}/${named})`);
  console.log(`recall (mention ends with the source, starts inside it): ${(foundExact / named).toFixed(3)}  (${foundExact}/${named})`);
  console.log(`precision of cue-adjacent mentions: ${(adjacentRight / adjacent).toFixed(3)}  (${adjacentRight}/${adjacent})`);
  console.log(`throughput: ${(docs / (ms / 1000)).toFixed(1)} articles/s, ${((chars / 1024) / (ms / 1000)).toFixed(0)} KiB/s (nlp + actors, plus a second nlp pass for the gold side)`);
  if (process.argv.includes('--errors')) console.log(['', 'missed:', ...missed, '', 'cue-adjacent but not a source:', ...wrong].join('\n'));
}

if (process.argv[1] && /polnear-speakers\.(ts|js)$/.test(process.argv[1])) main();
