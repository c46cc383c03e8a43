// Turning a cue and its two parties into a relation: negation and hedging, polarity, time, confidence, evidence,
// voice, and one finding per (relation, parties, polarity, negation) per sentence.
import { readNegation } from '../../core/negation.js';
import type { RelatedSpan } from '../../core/finding.js';
import type { Span } from '../../core/span.js';
import type { RelationTime } from '../../core/dates/index.js';
import type { CueEntry, Polarity } from './lexicon.js';
import { clauseTimes, type RelationDraft, type RelationParty } from './extract.js';
import { matchAt, slotAt, type Party, type Reading } from './reading.js';
import { stateSlot } from './slots.js';

/** One matched cue in its clause: the cue's tokens [cs, ce), the clause's tokens [lo, hi), the relation it names. */
export interface CueMatch {
  entry: CueEntry;
  relation: string;
  cs: number;
  ce: number;
  lo: number;
  hi: number;
}

/** How a frame asks for a relation: base confidence, fixed polarity, where negation and evaluation are looked for. */
export interface EmitOptions {
  confidence: number;
  polarity?: Polarity;
  negFrom: number;
  evalFrom?: number;
  extra?: Record<string, unknown>;
  cls?: string;
}

/** Records the relation src → tgt of a cue (a place stands for its state; the more confident of two duplicates wins). */
export function emit(rd: Reading, cue: CueMatch, src: Party, tgt: Party, opts: EmitOptions): void {
  const { text, tokens, input, lex, out, seen } = rd;
  const { entry, relation, cs: cueStart, ce: cueEnd, lo, hi } = cue;
  const type = lex.types.get(relation)!;
  let s = src;
  let t = tgt;
  if (t.slot.isPlace && t.slot.ref.stateId) t = { ...t, slot: stateSlot(t.slot, t.slot.ref.stateId, input), resolvedBy: 'place-state' };
  if (s.slot.isPlace && s.slot.ref.stateId) s = { ...s, slot: stateSlot(s.slot, s.slot.ref.stateId, input), resolvedBy: 'place-state' };
  if (t.slot.isPlace || s.slot.isPlace) return;
  if (s.slot.ref.actorId === t.slot.ref.actorId) return;
  if (type.symmetric && s.span.start > t.span.start) [s, t] = [t, s];
  const { negated, hedged } = readModality(rd, lo, opts.negFrom, cueStart);
  let polarity: Polarity = opts.polarity ?? entry.polarity ?? type.polarity;
  let evaluation: string | undefined;
  if (relation === 'relations' && entry.polarity === undefined) {
    const ev = evaluate(rd, cueStart, cueEnd, lo, hi, opts.evalFrom ?? cueEnd);
    polarity = ev.polarity;
    evaluation = ev.word;
  }
  const key = `${relation}|${s.slot.ref.actorId}|${t.slot.ref.actorId}|${negated}|${polarity}|${tokens[cueStart].sentence}`;
  const sentence = input.sentences[tokens[cueStart].sentence] ?? { start: tokens[lo].span.start, end: tokens[hi - 1].span.end };
  const cueSpan = { start: tokens[cueStart].span.start, end: tokens[cueEnd - 1].span.end };
  const time = nearestTime(rd, lo, hi, cueSpan);
  const confidence = partiesConfidence(opts.confidence, s, t);
  const prev = seen.get(key);
  if (prev !== undefined) {
    if (out[prev].confidence >= confidence) return;
  }
  const region = rd.regionOf[cueStart];
  const draft: RelationDraft = {
    relation,
    source: toParty(s),
    target: toParty(t),
    symmetric: type.symmetric,
    polarity,
    negated,
    hedged,
    cue: text.slice(cueSpan.start, cueSpan.end),
    cueId: entry.id,
    cueSpan,
    time,
    span: trimSpan(text, sentence),
    voice: region >= 0 ? { speaker: null, actorId: null } : 'outlet',
    confidence,
    related: relatedSpans(text, s, t, cueSpan, time),
    data: { frame: entry.frame, ...(opts.cls ? { class: opts.cls } : {}), ...(evaluation ? { evaluation } : {}), ...(opts.extra ?? {}) },
  };
  if (prev !== undefined) out[prev] = draft;
  else {
    seen.set(key, out.length);
    out.push(draft);
  }
}

/** Negated (a denying negator) and hedged (a modal or a non-denying negator) from the words just before the cue. */
function readModality(rd: Reading, lo: number, negFrom: number, cueTok0: number): { negated: boolean; hedged: boolean } {
  const { low, classes } = rd;
  const negWindowStart = Math.max(lo, Math.min(negFrom, cueTok0 - 1), cueTok0 - 6);
  let negated = false;
  let hedged = false;
  for (let i = negWindowStart; i < cueTok0; i++) {
    const negLen = matchAt(rd, classes.negators, i, cueTok0);
    if (negLen) {
      const reading = readNegation(i > 0 ? low[i - 1] : undefined, [low[i + negLen], low[i + negLen + 1]]);
      if (reading === 'denial') negated = true;
      else hedged = true;
    }
    if (matchAt(rd, classes.hedges, i, cueTok0)) {
      // A modal right before a denying negator is part of the denial ("would never", "can not"), not a hedge.
      const partOfDenial = i + 1 < cueTok0 && matchAt(rd, classes.negators, i + 1, cueTok0) > 0 && readNegation(low[i], [low[i + 2], low[i + 3]]) === 'denial';
      if (!partOfDenial) hedged = true;
    }
  }
  return { negated, hedged };
}

/** The time of the clause [lo, hi) nearest the cue (the clause's times read once and cached). */
function nearestTime(rd: Reading, lo: number, hi: number, cueSpan: Span): RelationTime | null {
  const { tokens, timeCache } = rd;
  const clauseChars = { start: tokens[lo].span.start, end: tokens[hi - 1].span.end };
  let times = timeCache.get(lo);
  if (!times) timeCache.set(lo, (times = clauseTimes(rd.text, clauseChars.start, clauseChars.end, rd.input.published ?? null)));
  let time: RelationTime | null = null;
  for (const tm of times) {
    if (!time || Math.abs(tm.span.start - cueSpan.start) < Math.abs(time.span.start - cueSpan.start)) time = tm;
  }
  return time;
}

/** The frame's confidence lowered for parties resolved from pronouns and anaphors or standing as modifiers, to two decimals. */
function partiesConfidence(base: number, s: Party, t: Party): number {
  let confidence = base;
  for (const p of [s, t]) {
    if (p.resolvedBy === 'pronoun' || p.resolvedBy === 'relative' || p.resolvedBy === 'pair-anaphor') confidence *= 0.85;
    if (p.slot.modifier) confidence *= 0.9;
  }
  return Math.round(confidence * 100) / 100;
}

/** The evidence of a relation: source, target, cue, the antecedents of resolved parties, and the time. */
function relatedSpans(text: string, s: Party, t: Party, cueSpan: Span, time: RelationTime | null): RelatedSpan[] {
  const related: RelatedSpan[] = [
    { role: 'source', span: s.span, evidence: text.slice(s.span.start, s.span.end) },
    { role: 'target', span: t.span, evidence: text.slice(t.span.start, t.span.end) },
    { role: 'cue', span: cueSpan, evidence: text.slice(cueSpan.start, cueSpan.end) },
  ];
  for (const [role, p] of [['source-antecedent', s], ['target-antecedent', t]] as const) {
    if (p.antecedent) related.push({ role, span: p.antecedent, evidence: text.slice(p.antecedent.start, p.antecedent.end) });
  }
  if (time) related.push({ role: 'time', span: time.span, evidence: time.text });
  return related;
}

/** Polarity of "relations/ties" from evaluative words just before the cue or predicated after it (or after its "between X and Y"). */
function evaluate(rd: Reading, cueStart: number, cueEnd: number, lo: number, hi: number, after: number): { polarity: Polarity; word?: string } {
  const { tokens, low } = rd;
  for (let i = cueStart - 1, k = 0; i >= lo && k < 4; i--, k++) {
    if (slotAt(rd, i) || (tokens[i].pos === 'VERB' && !/(?:ed|ing)$/.test(low[i]))) break;
    const r = evaluativeAt(rd, i, cueStart);
    if (r) return r;
  }
  const from = Math.max(cueEnd, after);
  for (let i = from; i < Math.min(hi, from + 7); i++) {
    if (slotAt(rd, i)) break;
    const r = evaluativeAt(rd, i, hi);
    if (r) return r;
  }
  return { polarity: 0 };
}

/** A positive or negative word at token i (ending by `limit`), flipped by a negator one or two words before. */
function evaluativeAt(rd: Reading, i: number, limit: number): { polarity: Polarity; word: string } | null {
  const { classes, tokens } = rd;
  for (const [cls, pol] of [[classes.positive, 1], [classes.negative, -1]] as const) {
    const len = matchAt(rd, cls, i, limit);
    if (!len) continue;
    const negatedHere = (i > 0 && matchAt(rd, classes.negators, i - 1, i)) || (i > 1 && matchAt(rd, classes.negators, i - 2, i));
    return { polarity: (negatedHere ? -pol : pol) as Polarity, word: rd.text.slice(tokens[i].span.start, tokens[i + len - 1].span.end) };
  }
  return null;
}

/** Trims white space from both ends of a span. */
function trimSpan(text: string, s: Span): Span {
  let a = s.start;
  let b = s.end;
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  return { start: a, end: b };
}

/** A party as the output shows it. */
function toParty(p: Party): RelationParty {
  return {
    actorId: p.slot.ref.actorId,
    actorKind: p.slot.ref.actorKind,
    canonical: p.slot.ref.canonical,
    ...(p.slot.ref.stateId ? { stateId: p.slot.ref.stateId } : {}),
    label: p.label,
    span: p.span,
    resolvedBy: p.resolvedBy,
  };
}
