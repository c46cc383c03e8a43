// The sentence bias score: per sentence, the weights of its loaded words, rhetorical cues, scare quotes and
// exclamation marks in the outlet's voice, length-normalised (biasScore in detect.ts).
import type { Span } from '../../core/span.js';
import { biasEvidence, biasScore, type BiasSentenceDraft, type BiasWord, type TechniqueDraft } from './detect.js';
import { isSpace } from './rhetoric.js';
import { overlaps, sentenceAt, voiceAt, type Match, type TechReading } from './reading.js';

/** A word or three in quotation marks in the outlet's voice: distance from the quoted word (weak alone). */
const SCARE_QUOTE_WEIGHT = 0.3;
/** An exclamation mark in the outlet's voice: emphasis that neutral copy avoids. */
const EXCLAMATION_WEIGHT = 0.3;

/** /[\s"'”’»)]/ on one character. */
function closesSentence(c: number): boolean {
  return c === 34 || c === 39 || c === 41 || c === 0x201d || c === 0x2019 || c === 0xbb || isSpace(c);
}

/** The bias score of every sentence with evidence, in sentence order. */
export function sentenceBias(rd: TechReading, matches: Match[], cueFindings: TechniqueDraft[], biasScale: number): BiasSentenceDraft[] {
  const { text, sentences } = rd;
  const perSentence = biasWords(rd, matches, cueFindings);
  const wordsPerSentence = new Array<number>(sentences.length).fill(0);
  for (const w of rd.words) if (w.sentence >= 0) wordsPerSentence[w.sentence]++;
  const biasOut: BiasSentenceDraft[] = [];
  for (const [si, ws] of [...perSentence.entries()].sort((a, b) => a[0] - b[0])) {
    ws.sort((a, b) => a.span.start - b.span.start);
    const s = sentences[si];
    const weights = ws.map((w) => w.weight);
    const score = biasScore(weights, wordsPerSentence[si], biasScale);
    const body = text.slice(s.start, s.end).trimEnd();
    biasOut.push({
      kind: 'bias-sentence',
      messageId: 'bias',
      span: { start: s.start, end: s.start + body.length },
      score,
      words: ws,
      voice: voiceAt(rd, { start: s.start, end: s.start + body.length }),
      confidence: score,
      data: { wordCount: wordsPerSentence[si], evidence: Math.round(biasEvidence(weights, wordsPerSentence[si]) * 1000) / 1000 },
    });
  }
  return biasOut;
}

/** The evidence words of each sentence: lexicon matches, cue findings not already covered, scare quotes and exclamations in the outlet's voice. */
function biasWords(rd: TechReading, matches: Match[], cueFindings: TechniqueDraft[]): Map<number, BiasWord[]> {
  const { text, sentences } = rd;
  const perSentence = new Map<number, BiasWord[]>();
  const push = (si: number, w: BiasWord): void => {
    if (si < 0) return;
    const list = perSentence.get(si) ?? [];
    list.push(w);
    perSentence.set(si, list);
  };
  for (const m of matches) push(m.sentence, { span: { start: m.start, end: m.end }, text: text.slice(m.start, m.end), weight: m.entry.biasWeight, source: m.entry.group });
  for (const f of cueFindings) {
    // The words the cue matched (a finding extended to its clause keeps them in data.cue).
    const core = (f.data.cue as Span | undefined) ?? f.span;
    const si = sentenceAt(rd, core.start);
    const covered = (perSentence.get(si) ?? []).some((w) => overlaps(w.span, core) && core.end - core.start < 40);
    if (!covered) push(si, { span: core, text: text.slice(core.start, core.end), weight: Math.round(f.confidence * 50) / 100, source: f.cue });
  }
  // Scare quotes ('so-called' by punctuation: the outlet distances itself from a word) and exclamations.
  for (const q of rd.input.quoteRegions) {
    if ((q.depth ?? 0) !== 0) continue;
    const inner = text.slice(q.contentSpan.start, q.contentSpan.end).trim();
    if (!inner || /[.!?,;:]/.test(inner) || inner.split(/\s+/).length > 3) continue;
    const si = sentenceAt(rd, q.span.start);
    if (si < 0 || voiceAt(rd, q.span) !== 'outlet') continue;
    push(si, { span: q.span, text: text.slice(q.span.start, q.span.end), weight: SCARE_QUOTE_WEIGHT, source: 'scare-quote' });
  }
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    let e = s.end;
    while (e > s.start && closesSentence(text.charCodeAt(e - 1))) e--;
    if (text[e - 1] === '!' && voiceAt(rd, { start: e - 1, end: e }) === 'outlet') push(si, { span: { start: e - 1, end: e }, text: '!', weight: EXCLAMATION_WEIGHT, source: 'exclamation' });
  }
  return perSentence;
}
