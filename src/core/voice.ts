import type { Finding, QuoteFinding, Voice } from './finding.js';
import { lowerBound } from './span.js';

/**
 * Whose voice a span is in — the one answer every finding carries (DESIGN.md, "Speech matters").
 *
 * The regions are the quotes analyzer's direct and partial quotes: words inside quotation marks are the quoted
 * speaker's ("fake Zionist regime" inside a minister's quote counts for the minister in labels, stance and
 * techniques alike, never for the outlet in the default views). Indirect speech ("the ministry said that …") is the
 * outlet's wording of someone else's statement: its words are the outlet's choice, so its findings stay in the
 * outlet's voice, and who said it is kept in the quote finding (and in a claim's `statedBy`).
 *
 * A finding lies in a region only when its span is inside it; a sentence-long finding that merely contains a quote
 * is the outlet's. A finding whose evidence is a whole clause but whose content is one cue (a relation's verb,
 * `related` role "cue") is asked about its cue: in `The minister said: "Bolivia threatens Chile."` the threat is
 * the minister's. With nested regions the innermost wins.
 */
export interface VoiceRegion {
  start: number;
  end: number;
  voice: Exclude<Voice, 'outlet'>;
}

/** The quote regions of one analysis, sorted by start, with the furthest end reached by each prefix. */
export interface VoiceIndex {
  regions: VoiceRegion[];
  /** maxEnd[i] = the largest end among regions[0..i]. */
  maxEnd: number[];
}

export function voiceRegions(findings: readonly Finding[]): VoiceIndex {
  const regions: VoiceRegion[] = [];
  for (const f of findings) {
    if (f.kind !== 'quote') continue;
    const q = f;
    if (q.quoteType === 'indirect') continue;
    regions.push({ start: q.span.start, end: q.span.end, voice: { speaker: q.speaker ?? null, actorId: q.actorId ?? null } });
  }
  regions.sort((a, b) => a.start - b.start || b.end - a.end);
  const maxEnd: number[] = [];
  for (let i = 0; i < regions.length; i++) maxEnd.push(Math.max(regions[i].end, i ? maxEnd[i - 1] : 0));
  return { regions, maxEnd };
}

export function voiceAt(index: VoiceIndex, span: { start: number; end: number }): Voice {
  const { regions, maxEnd } = index;
  // From the last region opening at or before the span, back while some earlier region still reaches the span's
  // end: a step or two, as quotes are rarely nested (a scan of all regions per finding was quadratic).
  let best: VoiceRegion | null = null;
  for (let i = lowerBound(regions, span.start + 1, (r) => r.start) - 1; i >= 0 && maxEnd[i] >= span.end; i--) {
    const r = regions[i];
    if (span.end <= r.end && (!best || r.end - r.start < best.end - best.start)) best = r;
  }
  return best ? best.voice : 'outlet';
}

/**
 * Sets the voice of every finding except the quotes themselves from the quote regions of the same analysis.
 * Returns how many findings changed voice (reported by the pipeline's tests; zero once no analyzer decides
 * voice on its own).
 */
export function assignVoices(findings: Finding[]): number {
  const regions = voiceRegions(findings);
  let changed = 0;
  for (const f of findings) {
    if (f.kind === 'quote') continue;
    const v = voiceAt(regions, voiceAnchor(f));
    if (!sameVoice(v, f.voice)) {
      changed++;
      (f as { voice: Voice }).voice = v;
    }
  }
  return changed;
}

/** The span whose voice a finding takes: its cue when it names one, else its own span. */
export function voiceAnchor(f: Finding): { start: number; end: number } {
  const cue = f.related?.find((r) => r.role === 'cue');
  return cue ? cue.span : f.span;
}

export function sameVoice(a: Voice, b: Voice): boolean {
  if (a === 'outlet' || b === 'outlet') return a === b;
  return a.speaker === b.speaker && (a.actorId ?? null) === (b.actorId ?? null);
}
