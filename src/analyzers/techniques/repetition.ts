// Repetition: a loaded phrase or label used again in the same voice, and a sentence that restates an earlier one.
import type { TechniqueDraft } from './detect.js';
import { clip, voiceAt, type TechReading } from './reading.js';

/** A phrase reduced for comparison: lower case, no possessive 's, no leading determiner, spaces collapsed. */
const norm = (s: string): string =>
  s.toLowerCase().replace(/['’]s\b/g, '').replace(/^(?:the|a|an|this|that|these|those)\s+/, '').replace(/\s+/g, ' ').trim();

/** Every repetition finding: repeated loaded phrases and labels (each later occurrence), then near-duplicate sentences. */
export function repetitions(rd: TechReading): TechniqueDraft[] {
  const repeated = repeatedPhrases(rd);
  nearDuplicateSentences(rd, repeated);
  return repeated;
}

/** Loaded language and name-calling found twice or more with the same words in the same voice (outlet or quoted). */
function repeatedPhrases(rd: TechReading): TechniqueDraft[] {
  const text = rd.text;
  const groups = new Map<string, TechniqueDraft[]>();
  for (const f of rd.out) {
    if (f.technique !== 'Loaded_Language' && f.technique !== 'Name_Calling,Labeling') continue;
    const key = `${f.voice === 'outlet' ? 'o' : 'q'}|${norm(text.slice(f.span.start, f.span.end))}`;
    const g = groups.get(key) ?? [];
    g.push(f);
    groups.set(key, g);
  }
  const repeated: TechniqueDraft[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.sort((a, b) => a.span.start - b.span.start);
    const first = g[0];
    for (let i = 1; i < g.length; i++) {
      const f = g[i];
      if (f.span.start === g[i - 1].span.start) continue;
      repeated.push({
        ...f,
        technique: 'Repetition',
        cue: 'repeated-phrase',
        reason: `“${clip(text.slice(f.span.start, f.span.end))}” is repeated (${g.length} times in this article)`,
        confidence: Math.min(0.85, 0.45 + 0.1 * (g.length - 1)),
        related: [{ role: 'first-occurrence', span: first.span }],
        data: { occurrences: g.length },
      });
    }
  }
  return repeated;
}

/** Near-duplicate sentences (a claim restated): content-word Jaccard >= 0.7 with at least six content words; appended to `repeated`. */
function nearDuplicateSentences(rd: TechReading, repeated: TechniqueDraft[]): void {
  const { text, sentences } = rd;
  const sets = rd.sentenceWords;
  const index: Array<number[] | undefined> = new Array<number[] | undefined>(rd.contentWords).fill(undefined);
  // Shared-word counts per earlier sentence, and the sentences in first-touched order (a Map's order).
  const sharedCount = new Int32Array(sentences.length);
  const touched: number[] = [];
  for (let si = 0; si < sentences.length; si++) {
    const set = sets[si];
    if (set.length < 6) continue;
    touched.length = 0;
    for (const w of set) {
      const list = index[w];
      if (list) {
        for (const j of list) {
          if (sharedCount[j]++ === 0) touched.push(j);
        }
      }
    }
    let best = -1;
    let bestJ = 0;
    for (const j of touched) {
      const c = sharedCount[j];
      sharedCount[j] = 0;
      const jac = c / (set.length + sets[j].length - c);
      if (jac > bestJ) {
        bestJ = jac;
        best = j;
      }
    }
    if (best >= 0 && bestJ >= 0.7) {
      const s = sentences[si];
      const body = text.slice(s.start, s.end).trimEnd();
      repeated.push({
        kind: 'technique',
        messageId: 'technique',
        span: { start: s.start, end: s.start + body.length },
        technique: 'Repetition',
        actorId: null,
        canonical: null,
        targetVia: null,
        cue: 'repeated-sentence',
        reason: `this sentence restates an earlier one (${Math.round(bestJ * 100)}% of its content words)`,
        confidence: 0.5,
        voice: voiceAt(rd, s),
        related: [{ role: 'first-occurrence', span: sentences[best] }],
        data: { similarity: Math.round(bestJ * 100) / 100 },
      });
    }
    for (const w of set) {
      const list = index[w];
      if (!list) index[w] = [si];
      else if (list.length < 40) list.push(si);
    }
  }
}
