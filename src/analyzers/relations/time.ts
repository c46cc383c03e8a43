import type { Span } from '../../core/span.js';

/** A time stated in a relation's clause: the words as written and a simple ISO-like normalisation. */
export interface RelationTime {
  text: string;
  span: Span;
  /** "2016", "2022-11", "2023-01-27", "--01-27" (no year stated), "2016/2020" (a range); null when not normalisable. */
  value: string | null;
  /** The preposition before it when it changes the meaning: since, until, between, from, before, after, by. */
  qualifier?: string;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const M = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
const Y = '((?:1[89]|20)\\d{2})';
const QUAL = '(?:(since|until|till|by|in|on|during|from|between|after|before|as of)\\s+)?';
// Alternatives, most specific first: "14 June 2019", "June 14, 2019", "November 2022", "2016 and 2020", "2016".
const DATE_RE = new RegExp(
  `\\b${QUAL}(?:(\\d{1,2})\\s+${M}(?:,?\\s+${Y})?|${M}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+${Y})?|${M}\\s+${Y}|${Y}(?:\\s*(?:-|–|and|to)\\s*${Y})?)(?![\\d%])`,
  'gi',
);

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Dates and years in [start, end) of the text, in order. Linear in the range length. Month names alone are not taken
 * ("may" is a verb); a bare number is a year only between 1800 and 2099 and not followed by a digit or % (money and
 * counts like "2,000" or "2019%" are not years).
 */
export function findTimes(text: string, start: number, end: number): RelationTime[] {
  const out: RelationTime[] = [];
  const slice = text.slice(start, end);
  DATE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_RE.exec(slice))) {
    const [all, qual, d1, m1, y1, m2, d2, y2, m3, y3, y4, y5] = m;
    // A year right after a currency sign or inside a number ("$2019", "1,2019") is not a date.
    const before = slice[m.index - 1];
    if (before && /[$€£\d.,]/.test(before)) continue;
    let value: string | null = null;
    if (d1 && m1) value = y1 ? `${y1}-${pad(MONTHS[m1.toLowerCase()])}-${pad(+d1)}` : `--${pad(MONTHS[m1.toLowerCase()])}-${pad(+d1)}`;
    else if (m2 && d2) value = y2 ? `${y2}-${pad(MONTHS[m2.toLowerCase()])}-${pad(+d2)}` : `--${pad(MONTHS[m2.toLowerCase()])}-${pad(+d2)}`;
    else if (m3 && y3) value = `${y3}-${pad(MONTHS[m3.toLowerCase()])}`;
    else if (y4) value = y5 ? `${y4}/${y5}` : y4;
    if (value === null) continue;
    // "May 2021" matched as month+year is fine; "may" alone never matches (a year or day is required).
    const q = qual?.toLowerCase();
    const textStart = qual ? m.index + all.indexOf(all.slice(qual.length).trimStart()) : m.index;
    const s = start + textStart;
    const e = start + m.index + all.length;
    out.push({
      text: text.slice(s, e),
      span: { start: s, end: e },
      value: q === 'between' && y4 && !y5 ? null : value,
      ...(q && q !== 'in' && q !== 'on' && q !== 'during' ? { qualifier: q } : {}),
    });
  }
  return out;
}
