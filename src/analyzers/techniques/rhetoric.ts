// Rhetorical cue patterns (cues.json): regular expressions, gated by the trie of cue-gate.ts, and sentence marks
// (rhetorical questions, exclamations), each a technique finding.
import type { Span } from '../../core/span.js';
import type { CompiledCue } from './lexicon.js';
import type { TechniqueDraft } from './detect.js';
import { addTechnique, clip, overlaps, sentenceAt, voiceAt, type TechReading } from './reading.js';

/** Whether the character code is JavaScript white space (the set of /\s/ and String.prototype.trim). */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE_RE.test(String.fromCharCode(c));
}
const SPACE_RE = /\s/;
/** The end of text.slice(start, end).trimEnd() in text. */
function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}
/** body.split(/\s+/).filter((x) => /\p{L}/u.test(x)).length */
function countLetterPieces(body: string): number {
  return body.split(/\s+/).filter((x) => /\p{L}/u.test(x)).length;
}

/** The findings of every rhetorical cue of the lexicon, in cue order (also added to the reading's findings). */
export function cueTechniques(rd: TechReading): TechniqueDraft[] {
  const { text, lex } = rd;
  const cueFindings: TechniqueDraft[] = [];
  const lowered = text.toLowerCase();
  const sameLength = lowered.length === text.length;
  // Where each gated cue pattern can start in the lower-cased text (one trie walk for all cues).
  const candidates = sameLength ? lex.gate.candidates(lowered) : null;
  for (let ci = 0; ci < lex.cues.length; ci++) {
    const cue = lex.cues[ci];
    if (cue.re && cue.reI) patternCue(rd, cue, candidates && cue.reY ? candidates[ci] : null, sameLength ? lowered : null, cueFindings);
    else markCue(rd, cue, cueFindings);
  }
  return cueFindings;
}

/** Records one cue finding, unless the cue wants the outlet's voice and this is a quotation, or the same technique already covers the text. */
function emitCue(rd: TechReading, cueFindings: TechniqueDraft[], cue: CompiledCue, span: Span, core: Span = span): void {
  if (span.end <= span.start) return;
  const voice = voiceAt(rd, span);
  if (cue.voice === 'outlet' && voice !== 'outlet') return;
  // The same technique twice on overlapping text: keep the first (patterns are listed strongest first).
  if (cueFindings.some((f) => f.technique === cue.technique && overlaps(f.span, span))) return;
  const m = rd.text.slice(span.start, span.end);
  cueFindings.push(
    addTechnique(rd, { span, technique: cue.technique, cue: cue.id, reason: cue.reason.replace('{m}', clip(m)), confidence: cue.confidence, voice, data: core.start !== span.start || core.end !== span.end ? { cue: { start: core.start, end: core.end } } : {} }),
  );
}

/**
 * A pattern cue: every match (its `s` group when it has one), trimmed, optionally extended to the clause or
 * sentence. `at` lists where the gated pattern can start in `lowered` (the lower-cased text when it has the text's
 * length, else null: the case-insensitive pattern on the text).
 */
function patternCue(rd: TechReading, cue: CompiledCue, at: readonly number[] | null, lowered: string | null, cueFindings: TechniqueDraft[]): void {
  const { text, sentences } = rd;
  const sameLength = lowered !== null;
  const re = at ? cue.reY! : sameLength ? cue.re! : cue.reI!;
  const hay = sameLength ? lowered : text;
  // Gated: the sticky pattern at each candidate at or after the previous match's end (the global scan's
  // matches: no match starts anywhere else). Else the global scan itself.
  let k = 0;
  const next = (): RegExpExecArray | null => {
    if (!at) return re.exec(hay);
    const from = re.lastIndex;
    while (k < at.length) {
      const p = at[k++];
      if (p < from) continue;
      re.lastIndex = p;
      const m = re.exec(hay);
      if (m) return m;
    }
    return null;
  };
  re.lastIndex = 0;
  for (let m = next(); m; m = next()) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    let start = m.index;
    let end = m.index + m[0].length;
    const g = m.groups?.s;
    if (g !== undefined) {
      start = m.index + m[0].indexOf(g);
      end = start + g.length;
    }
    while (end > start && /[\s.,;:!?]/.test(text[end - 1])) end--;
    while (start < end && /\s/.test(text[start])) start++;
    const si = sentenceAt(rd, start);
    const core: Span = { start, end };
    if (cue.extend && si >= 0) {
      const sent = sentences[si];
      if (cue.extend === 'sentence') ({ start, end } = sent);
      else ({ start, end } = clauseAround(text, sent, start, end));
    }
    emitCue(rd, cueFindings, cue, { start, end }, core);
  }
}

/** Punctuation that closes a clause: comma, semicolon, colon, sentence marks, dashes, brackets, quotation marks, line ends. */
const CLAUSE_MARK = /[,;:.!?\u2013\u2014()"\u201c\u201d\n]/;
const MAX_CLAUSE = 300;

/**
 * The clause around [start, end) inside its sentence: back to the previous clause mark and on to the next (at most
 * MAX_CLAUSE characters each way), white space trimmed. Annotators mark an appeal, a doubt or an exaggeration as
 * the claim that carries it, not the cue word alone.
 */
export function clauseAround(text: string, sent: Span, start: number, end: number): Span {
  let s = start;
  const lo = Math.max(sent.start, start - MAX_CLAUSE);
  while (s > lo && !CLAUSE_MARK.test(text[s - 1])) s--;
  let e = end;
  const hi = Math.min(sent.end, end + MAX_CLAUSE);
  while (e < hi && !CLAUSE_MARK.test(text[e])) e++;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  e = trimmedEnd(text, s, e);
  return { start: Math.min(s, start), end: Math.max(e, end) };
}

/** A sentence-mark cue: a question of four or more words, an exclamation of one to six. Only a sentence whose
 * trimmed body ends with '?' or '!' can match: its word count is counted then. */
function markCue(rd: TechReading, cue: CompiledCue, cueFindings: TechniqueDraft[]): void {
  const { text, sentences } = rd;
  const mark = cue.kind === 'question' ? 63 /* ? */ : cue.kind === 'exclamation' ? 33 /* ! */ : -1;
  if (mark < 0) return;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    const e = trimmedEnd(text, s.start, s.end);
    if (e === s.start || text.charCodeAt(e - 1) !== mark) continue;
    const n = countLetterPieces(text.slice(s.start, e));
    if (mark === 63 ? n >= 4 : n >= 1 && n <= 6) emitCue(rd, cueFindings, cue, { start: s.start, end: e });
  }
}
