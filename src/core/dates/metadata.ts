import type { DatePrecision, NormalizedDate } from '../article.js';
import { METADATA_CANDIDATE, ownKind, parseDates, type ParsedDate } from './reader.js';

/**
 * Publication and update dates (metadata, bylines, feed dates) with the precision the source states, read by the
 * shared chrono reader. We never invent a day, a time or a time zone the text did not give: "April 2023" is a
 * month, "Apr 15, 2023 - 20:53" a minute without offset, an RFC 2822 feed date a second with its offset. Numeric
 * dates are read day-first ("15.04.2023", "15/04/2023"), month-first only when the day cannot be a month
 * ("04/15/2023"); "04/05/2023" is refused rather than guessed.
 */

export interface DateOptions {
  /** Needed for relative dates ("3 hours ago", "yesterday"); without it they are not dates. */
  reference?: Date;
}

export interface FoundDate {
  date: NormalizedDate;
  /** Half-open UTF-16 range of the date expression (label excluded) in the scanned line. */
  start: number;
  end: number;
  text: string;
  /** What a label right before the date says it is ("Published: ...", "Updated ..."), when there is one. */
  role: 'published' | 'updated' | null;
}

// Named zones we accept. Ambiguous abbreviations (IST: India, Israel or Ireland; BST, CST in Asia) are left out on
// purpose: a wrong offset is worse than none. chrono knows more; a zone named otherwise is dropped.
const ZONES = new Set(['Z', 'UT', 'UTC', 'GMT', 'WET', 'EST', 'EDT', 'CDT', 'MST', 'MDT', 'PST', 'PDT', 'CET', 'CEST', 'EET', 'EEST', 'MSK', 'IRST', 'IRDT', 'AZT', 'TRT']);
const MIN_YEAR = 1800;
const MAX_YEAR = 2199;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function formatZone(offset: number): string {
  if (offset === 0) return 'Z';
  const a = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** The zone the text states, formatted, or '' (none stated, or a name we do not trust). */
function zoneOf(r: ParsedDate): string {
  if (!r.start.isCertain('timezoneOffset')) return '';
  const named = /\(?\s*([A-Z]{2,5})\s*\)?$/.exec(r.text);
  if (named && !ZONES.has(named[1]) && !/^(?:GMT|UTC|UT)$/.test(named[1])) return '';
  return formatZone(r.start.get('timezoneOffset')!);
}

function isRelative(r: ParsedDate): boolean {
  for (const t of r.tags()) if (t.startsWith('casualReference/') || t === 'result/relativeDate') return true;
  return false;
}

/** The date a relative expression means, from chrono's reading against the reference (always UTC). */
function relativeDate(r: ParsedDate): NormalizedDate | null {
  if (!r.start.isCertain('year') || r.tags().has('casualReference/now')) return null;
  const d = r.start.date().toISOString();
  if (r.start.isCertain('hour') || r.start.isCertain('minute')) return { iso: d.slice(0, 16) + 'Z', precision: 'minute' };
  if (r.start.isCertain('day')) return { iso: d.slice(0, 10), precision: 'day' };
  return r.start.isCertain('month') ? { iso: d.slice(0, 7), precision: 'month' } : { iso: d.slice(0, 4), precision: 'year' };
}

/** An absolute date with the precision its text states; null for a time without a date, or a year out of range. */
function statedDate(r: ParsedDate): NormalizedDate | null {
  const c = r.start;
  const y = c.get('year');
  if (!c.isCertain('year') || y === null || y < MIN_YEAR || y > MAX_YEAR) return null;
  if (!c.isCertain('month')) return { iso: pad(y, 4), precision: 'year' };
  const ym = `${pad(y, 4)}-${pad(c.get('month')!)}`;
  if (!c.isCertain('day')) return { iso: ym, precision: 'month' };
  const ymd = `${ym}-${pad(c.get('day')!)}`;
  if (!c.isCertain('hour') || !c.isCertain('minute')) return { iso: ymd, precision: 'day' };
  const precision: DatePrecision = c.isCertain('second') ? 'second' : 'minute';
  const hm = `${pad(c.get('hour')!)}:${pad(c.get('minute')!)}`;
  const time = precision === 'second' ? `${hm}:${pad(c.get('second')!)}` : hm;
  return { iso: `${ymd}T${time}${zoneOf(r)}`, precision };
}

/** A metadata date: only day, month or year dates (never a bare year or a year range in a line of prose). */
function toNormalized(r: ParsedDate, withReference: boolean): NormalizedDate | null {
  if (r.end && ownKind(r) !== null) return null;
  if (isRelative(r)) return withReference ? relativeDate(r) : null;
  return statedDate(r);
}

// "Published:", "Updated on", "Last updated", "Posted at" ... The role tells published from updated when a header
// states both.
const LABEL = String.raw`(?:(first\s+published|published|posted|released|created|date|dated)|(last\s+updated|last\s+modified|updated|modified|edited|revised))(?:\s+(?:on|at))?\s*[:\-–]?\s*`;
const LEADING_LABEL = new RegExp(String.raw`^\s*${LABEL}`, 'i');
const LABEL_BEFORE = new RegExp(String.raw`${LABEL}$`, 'i');

function usable(reference: Date | undefined): Date | null {
  return reference && !Number.isNaN(reference.getTime()) ? reference : null;
}

/**
 * Parse one string that is a date and nothing else (an optional "Published:"/"Updated:" label, weekday and
 * surrounding punctuation allowed). Returns null for anything that is not a date, or a date we would have to guess
 * (ambiguous day/month order, a relative date without a reference).
 */
export function normalizeDate(input: string, opts: DateOptions = {}): NormalizedDate | null {
  if (typeof input !== 'string') return null;
  let s = input.normalize('NFC').replace(/[\u00A0\u2000-\u200B\u202F]/g, ' ').trim();
  s = s.replace(LEADING_LABEL, '').replace(/^[\s(\[|·•]+|[\s)\].,|·•]+$/g, '').trim();
  if (!s) return null;
  const ref = usable(opts.reference);
  if (!METADATA_CANDIDATE.test(s)) return null;
  const found = parseDates(s, ref);
  if (found.length !== 1 || found[0].index !== 0) return null;
  if (s.slice(found[0].text.length).replace(/^[\s)\].,]+/, '')) return null;
  const r = found[0];
  if (ownKind(r) === 'year' || ownKind(r) === 'yearmonth' || ownKind(r) === 'compactiso') return statedDate(r);
  if (ownKind(r) !== null) return null;
  return toNormalized(r, ref !== null);
}

/**
 * Every date in one line, left to right, non-overlapping, with its span and the role a label before it gives
 * ("Published: 12.03.2024 14:05 | Updated: 12.03.2024 16:40"). Bare years and year ranges are not reported: in a
 * line of prose "2023" is more often a number than a date.
 */
export function findDates(line: string, opts: DateOptions = {}): FoundDate[] {
  const ref = usable(opts.reference);
  if (!METADATA_CANDIDATE.test(line)) return [];
  const stamp = plainStamp(line);
  if (stamp) return [{ date: stamp, start: 0, end: line.length, text: line, role: null }];
  return readLine(line, ref);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_NUMBER = new Map<string, number>();
MONTHS.forEach((m, i) => {
  MONTH_NUMBER.set(m, i + 1);
  MONTH_NUMBER.set(m.slice(0, 3), i + 1);
});
const MONTH_ALT = [...MONTH_NUMBER.keys()].join('|');
// The commonest timestamp lines of scraped pages, as whole lines: "29 Apr 2024", "29 April 2024 - 05:13",
// "Apr 29, 2024", "April 29, 2024 - 05:13".
const DAY_FIRST = new RegExp(`^(\\d{1,2}) (${MONTH_ALT}) (\\d{4})(?: - (\\d\\d):(\\d\\d))?$`);
const MONTH_FIRST = new RegExp(`^(${MONTH_ALT}) (\\d{1,2}), (\\d{4})(?: - (\\d\\d):(\\d\\d))?$`);
const STAMP_MIN_YEAR = 1900;
const STAMP_MAX_YEAR = 2099;

/**
 * The date of a line that is nothing but one of the commonest timestamp shapes, without chrono: exactly what chrono's
 * reading gives for it (a day, or a minute without a zone), pinned for every day of every month, leap years and
 * every time of day by metadata.test.ts. Anything else — an impossible day or time, another year range, any other
 * wording — is null and goes to chrono. Reading dates was the costliest step of cleaning a scraped article.
 */
function plainStamp(line: string): NormalizedDate | null {
  if (line.length > 40) return null;
  const a = DAY_FIRST.exec(line);
  const b = a ? null : MONTH_FIRST.exec(line);
  if (!a && !b) return null;
  const day = Number(a ? a[1] : b![2]);
  const month = MONTH_NUMBER.get(a ? a[2] : b![1])!;
  const year = Number(a ? a[3] : b![3]);
  const hh = a ? a[4] : b![4];
  const mm = a ? a[5] : b![5];
  if (year < STAMP_MIN_YEAR || year > STAMP_MAX_YEAR || day < 1 || day > daysIn(year, month)) return null;
  const ymd = `${year}-${pad(month)}-${pad(day)}`;
  if (hh === undefined) return { iso: ymd, precision: 'day' };
  if (Number(hh) > 23 || Number(mm) > 59) return null;
  return { iso: `${ymd}T${hh}:${mm}`, precision: 'minute' };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** For the equivalence test: what findDates would return for `line` with and without the shortcut. */
export function plainStampForTest(line: string): { shortcut: NormalizedDate | null; chrono: FoundDate[] } {
  return { shortcut: plainStamp(line), chrono: readLine(line, null) };
}

function readLine(line: string, ref: Date | null): FoundDate[] {
  const out: FoundDate[] = [];
  for (const w of lineWindows(line)) {
    for (const r of parseDates(w.text, ref)) {
      const kind = ownKind(r);
      if (kind !== null && kind !== 'yearmonth' && kind !== 'compactiso') continue;
      const date = toNormalized(r, ref !== null);
      if (!date || date.precision === 'year') continue;
      const text = r.text.replace(/[\s,\-–|]+$/, '');
      const start = w.at + r.index;
      if (out.length && start < out[out.length - 1].end) continue;
      out.push({ date, start, end: start + text.length, text, role: roleBefore(line.slice(0, start)) });
    }
  }
  return out;
}

const HITS = new RegExp(METADATA_CANDIDATE.source, 'gi');
/** A line longer than this (a paragraph of prose with a year in it) is read in windows around its candidates. */
const LONG_LINE = 200;

/**
 * The parts of a line chrono reads: all of a short line; windows around years and relative words in a long one.
 * Every date findDates reports lies inside one of them.
 */
export function lineWindows(line: string): Array<{ at: number; text: string }> {
  if (line.length <= LONG_LINE) return [{ at: 0, text: line }];
  const out: Array<{ at: number; text: string }> = [];
  let a = -1;
  let b = -1;
  HITS.lastIndex = 0;
  for (let h = HITS.exec(line); h; h = HITS.exec(line)) {
    const wa = Math.max(0, line.lastIndexOf(' ', Math.max(0, h.index - 48)) + 1);
    const wb = Math.min(line.length, h.index + h[0].length + 64);
    if (a >= 0 && wa <= b && wb - a <= 2 * LONG_LINE) b = Math.max(b, wb);
    else {
      if (a >= 0) out.push({ at: a, text: line.slice(a, b) });
      a = wa;
      b = wb;
    }
  }
  if (a >= 0) out.push({ at: a, text: line.slice(a, b) });
  return out;
}

function roleBefore(prefix: string): FoundDate['role'] {
  const m = LABEL_BEFORE.exec(prefix.replace(/[\s|·•]+$/, ' ').replace(/\s+$/, ' '));
  if (!m) return null;
  return m[2] ? 'updated' : 'published';
}
