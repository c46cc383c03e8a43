import type { Span } from '../span.js';
import { CANDIDATE, MONTH_WORD, ownKind, parseDates, type ParsedDate } from './reader.js';

/**
 * Time expressions in the prose of an article, read once (chrono-node through `parseDates`) and shared by events,
 * claims and relations. `readTimes()` finds them; `resolveTime()` turns one into dates against the publication
 * date; `relationTime()` gives the short form relations store.
 *
 * Relative expressions ("two weeks ago", "last March", "on Tuesday") need the publication date; without it they stay
 * relative (`anchor: 'unresolved'`) and say so. Weekdays and day-month without a year need a direction too: the
 * caller passes the event's tense ("will visit on Tuesday" is the next Tuesday, "visited on Tuesday" the last one);
 * without a hint a bare weekday is taken as past (the usual case in news reports). Month names are taken only
 * capitalised ("may" and "march" are verbs), a month alone only after in/during/of.
 */

export type TimePrecision = 'day' | 'week' | 'month' | 'year' | 'decade' | 'range' | 'open-range' | 'imprecise';

export interface TimeExpr {
  span: Span;
  text: string;
  precision: TimePrecision;
  /** ISO prefix for a point: '2023-05-31', '2022-11', '2016', or a decade '1990s'. */
  value?: string;
  /** Bounds of a range or open range (ISO prefixes); an open range has only one of them. */
  from?: string;
  to?: string;
  /** Where the expression points relative to the publication date, when the words say so. */
  direction?: 'past' | 'future' | 'present';
  /** 'absolute': the text gives the date; 'publication': resolved against the publication date; 'unresolved'. */
  anchor: 'absolute' | 'publication' | 'unresolved';
  /** For relative expressions: what the words say ("2 week ago", "last month", "weekday Tuesday"). */
  relative?: string;
  /** Why a value is approximate or missing. */
  note?: string;
}

/** A date as the text states it: any part may be missing (no year in "on January 27"). */
export interface Ymd {
  y?: number;
  m?: number;
  d?: number;
}

export type TimeKind =
  | 'range' | 'since' | 'until' | 'decade' | 'date' | 'inmonth' | 'year' | 'ago' | 'later' | 'lastx' | 'recent' | 'deictic' | 'weekday';

/** One time expression found in the text, before resolution. */
export interface TimeMatch {
  /** The expression with the preposition that shapes it ("since 2010", "between 2016 and 2020", "by 2027"). */
  span: Span;
  text: string;
  type: TimeKind;
  /** The date (or the range's first date) as stated. */
  start: Ymd;
  /** The range's last date. */
  end?: Ymd;
  /** The day of the week, for weekdays. */
  weekday?: number;
  /** The preposition before the date when it changes the meaning: since, until, till, by, before, after, between, from, as of. */
  qualifier?: string;
  /** The date words without that preposition ("2010" in "since 2010"). */
  bare: Span;
}

const QUALIFIER = /(?<![\p{L}])(ever since|since|until|till|by|before|after|as of|between|from|in|on|during|of)\s+(?:the\s+)?(?:end of\s+)?$/iu;
const LEAD = /^(?:on|in|of|during|at|after)\s+/i;
/** A time of day after a date ("Saturday morning", "on 5 May at 10:00"), and the punctuation chrono keeps: not ours. */
const TAIL = /(?:\s+(?:morning|afternoon|evening|night)|,?\s+(?:at\s+)?(?:\d{1,2}(?::\d{2}|\s*[ap]\.?m\.?)(?:\s*[ap]\.?m\.?)?|noon|midnight)(?:\s+[A-Z]{2,5})?)?[\s,.)]*$/i;

function ymdOf(c: ParsedDate['start']): Ymd {
  const o: Ymd = {};
  if (c.isCertain('year')) o.y = c.get('year')!;
  if (c.isCertain('month')) o.m = c.get('month')!;
  if (c.isCertain('day')) o.d = c.get('day')!;
  return o;
}

/** The kind of a prose expression, or null for what we do not report (times of day, "now", a bare month). */
function kindOf(r: ParsedDate, text: string, before: string): TimeKind | null {
  const tags = r.tags();
  if (tags.has('casualReference/now')) return null;
  if (tags.has('refiner/ENEndOfPeriodRefiner') && r.start.isCertain('day')) return 'date';
  const own = ownKind(r);
  if (own === 'later') return own;
  if (own === 'decade' || own === 'recent' || own === 'lastx') return own;
  if (own === 'yearrange' || r.end) return r.start.isCertain('month') || r.start.isCertain('year') ? 'range' : null;
  if (own === 'year') return own;
  if (own) return null;
  if (tags.has('casualReference/yesterday') || tags.has('casualReference/today') || tags.has('casualReference/tomorrow') || tags.has('casualReference/tonight')) return 'deictic';
  if (/^this\s+(?:morning|afternoon|evening)$/i.test(text)) return 'deictic';
  if (tags.has('result/relativeDate')) {
    if (/\sago$/i.test(text)) return 'ago';
    if (/\s(?:later|earlier|before)$/i.test(text)) return 'later';
    return /^(?:this|last|next|past)\s+(?:week|month|year)$/i.test(text) ? 'lastx' : null;
  }
  const s = r.start;
  // "now", "noon", "midnight", a bare "morning": no date of their own ("Monday night" keeps its weekday).
  if (!s.isCertain('weekday') && !s.isCertain('month')) for (const t of tags) if (t.startsWith('casualReference/')) return null;
  if (s.isCertain('weekday') && !s.isCertain('day')) return /^(?:last|next|this)\s/i.test(text) ? 'lastx' : 'weekday';
  if (s.isCertain('month') && (s.isCertain('day') || s.isCertain('year'))) return 'date';
  if (s.isCertain('month') && /(?:^|[^\p{L}])(?:in|during|of)\s+$/iu.test(before)) return 'inmonth';
  return null;
}

/** One chrono result found at `offset + r.index` of `text`, as a match; null when not a time we report. */
function toMatch(text: string, offset: number, r: ParsedDate): TimeMatch | null {
  let start = offset + r.index;
  let t = r.text;
  const lead = ownKind(r) === 'recent' ? null : LEAD.exec(t);
  if (lead) {
    start += lead[0].length;
    t = t.slice(lead[0].length);
  }
  t = t.replace(/[\s,.)\-–—|]+$/, '');
  const tail = TAIL.exec(t);
  if (tail && tail.index > 0 && (/\d/.test(t.slice(0, tail.index)) || MONTH_WORD.test(t.slice(0, tail.index)))) t = t.slice(0, tail.index);
  // "9/11" is an event's name; a numeric date in prose needs its year.
  if (/^\d{1,2}[\/.-]\d{1,2}$/.test(t)) return null;
  const before = text.slice(Math.max(0, start - 24), start);
  let type = kindOf(r, t, before);
  if (!type) return null;
  const bare = { start, end: start + t.length };
  const q = QUALIFIER.exec(before);
  const qualifier = q ? q[1].toLowerCase() : undefined;
  let from = start;
  if (qualifier === 'since' || qualifier === 'ever since') {
    if (type === 'year' || type === 'date' || type === 'decade' || type === 'inmonth') type = 'since';
  } else if (qualifier === 'until' || qualifier === 'till' || qualifier === 'by' || qualifier === 'before') {
    if (type === 'year' || type === 'date') type = 'until';
  }
  // The preposition is part of the expression where it makes one ("since 2010", "by the end of 2027", "from X to Y").
  if (q && (type === 'since' || type === 'until' || (type === 'range' && (qualifier === 'between' || qualifier === 'from')))) from = start - q[0].length;
  const m: TimeMatch = {
    span: { start: from, end: bare.end },
    text: text.slice(from, start + t.length),
    type,
    start: ymdOf(r.start),
    bare,
  };
  if (r.end) m.end = ymdOf(r.end);
  if (r.start.isCertain('weekday')) m.weekday = r.start.get('weekday')!;
  if (qualifier && qualifier !== 'in' && qualifier !== 'on' && qualifier !== 'during' && qualifier !== 'of') m.qualifier = qualifier === 'ever since' ? 'since' : qualifier;
  return m;
}

const PART_OF_DAY = /^(?:morning|afternoon|evening|night)\s+of\s+/i;

/** Stretches of text that can hold a time expression: lines and sentences. */
const PIECE = /[^\n]*?(?:[.!?]["”’)]?(?=\s+["“‘(]?[A-Z])|\n|$)/g;
const HITS = new RegExp(CANDIDATE.source, 'gu');
/** How much text around a candidate word chrono sees: room for "between ... and", "until the end of", a time. */
const BEFORE = 32;
const AFTER = 48;
/**
 * The longest stretch handed to chrono at once: some of its refiners look at the whole text before each result, so
 * one long run of candidates (a paragraph of numbers without a period) would cost the square of its length.
 */
const MAX_WINDOW = 320;

/**
 * The stretches chrono reads: a window around each candidate word, inside its sentence, neighbouring windows of a
 * sentence joined. chrono's cost is per call, per character and (in some refiners) per character before each
 * result, so short windows keep it to a few characters per date.
 */
function windows(text: string): Array<{ at: number; text: string }> {
  const out: Array<{ at: number; text: string }> = [];
  PIECE.lastIndex = 0;
  for (let m = PIECE.exec(text); m && m.index < text.length; m = PIECE.exec(text)) {
    if (m[0].length === 0) {
      PIECE.lastIndex++;
      continue;
    }
    const lo = m.index;
    const hi = m.index + m[0].length;
    let a = -1;
    let b = -1;
    HITS.lastIndex = 0;
    for (let h = HITS.exec(m[0]); h; h = HITS.exec(m[0])) {
      const wa = Math.max(lo, lo + h.index - BEFORE);
      const wb = Math.min(hi, lo + h.index + h[0].length + AFTER);
      if (a >= 0 && wa <= b && wb - a <= MAX_WINDOW) b = Math.max(b, wb);
      else {
        if (a >= 0) out.push({ at: a, text: text.slice(a, b) });
        a = wa;
        b = wb;
      }
    }
    if (a >= 0) out.push({ at: a, text: text.slice(a, b) });
  }
  return out;
}

/** The last reading (callers own and may change what they get, so it is handed out as copies). */
let last: { text: string; published: string | null; found: TimeMatch[] } | null = null;

function copy(ms: TimeMatch[]): TimeMatch[] {
  return ms.map((t) => ({ ...t, span: { ...t.span }, bare: { ...t.bare }, start: { ...t.start }, ...(t.end ? { end: { ...t.end } } : {}) }));
}

/**
 * All time expressions in `text`, in order, read with the publication date as chrono's reference. chrono sees only
 * the words around a digit, a month or weekday name or a relative word (`CANDIDATE`), so the cost grows with the
 * dates, not with the text. The last reading is kept: events, claims and relations read the same article.
 */
export function readTimes(text: string, published: string | null = null): TimeMatch[] {
  if (last && last.text === text && last.published === published) return copy(last.found);
  const ref = publicationDay(published);
  const out: TimeMatch[] = [];
  for (const w of windows(text)) {
    for (const r of parseDates(w.text, ref, 'prose')) {
      // chrono reads "the morning of 8 March" as a time of day and loses the date: read the date alone.
      const part = PART_OF_DAY.exec(r.text);
      const rs = part ? parseDates(r.text.slice(part[0].length), ref, 'prose').map((x) => ({ r: x, at: w.at + r.index + part[0].length })) : [{ r, at: w.at }];
      for (const x of rs) {
        const tm = toMatch(text, x.at, x.r);
        if (tm && (!out.length || tm.span.start >= out[out.length - 1].span.end)) out.push(tm);
      }
    }
  }
  last = { text, published, found: copy(out) };
  return out;
}

/** The publication day at UTC midnight, or null when there is no usable publication date. */
export function publicationDay(published: string | null | undefined): Date | null {
  if (!published) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
}
