import type { DatePrecision, NormalizedDate } from '../core/article.js';

/**
 * Date parsing with the precision the source states. We never invent a day, a time or a time zone the
 * text did not give: "April 2023" is a month, "Apr 15, 2023 - 20:53" a minute without offset, an RFC 2822
 * feed date a second with its offset. Numeric dates are read day-first with dots ("15.04.2023", the
 * European and Russian habit) and with slashes only when the order is unambiguous ("15/04/2023",
 * "04/15/2023"); "04/05/2023" is refused rather than guessed.
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

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

// Named zones we accept. Ambiguous abbreviations (IST: India, Israel or Ireland; BST, CST in Asia) are
// left out on purpose: a wrong offset is worse than none.
const ZONES: Record<string, number> = {
  Z: 0, UT: 0, UTC: 0, GMT: 0, WET: 0,
  EST: -300, EDT: -240, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  CET: 60, CEST: 120, EET: 120, EEST: 180, MSK: 180, IRST: 210, IRDT: 270, AZT: 240, TRT: 180,
};

const WD = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?`;
const MON = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
// Time with optional seconds (fraction dropped), am/pm and zone. Zone forms: Z, +04:30, +0430, +04,
// GMT+3, UTC+04:30, (GMT), named abbreviations from ZONES (validated after matching).
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:\s*([ap])\.?\s?m\.?(?![a-z]))?`;
const ZONE = String.raw`(?:\s*\(?\s*((?:Z(?![a-z])|[+-]\d{2}(?::?\d{2})?(?!\d)|(?:GMT|UTC|UT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|[A-Z]{3,4})(?![a-zA-Z]))\s*\)?)?`;
const SEP = String.raw`(?:\s*(?:,|-|–|—|\||@|\bat\b|/)\s*|\s+)`;
const TAIL = String.raw`(?:${SEP}${TIME}${ZONE})?`;

interface Parts {
  y: number;
  m?: number;
  d?: number;
  hh?: number;
  mi?: number;
  ss?: number;
  ampm?: string;
  zone?: string;
}

interface Shape {
  re: RegExp;
  build(m: RegExpExecArray): Parts | null;
}

function num(s: string | undefined): number | undefined {
  return s === undefined ? undefined : Number(s);
}

function monthOf(s: string): number {
  return MONTHS[s.slice(0, 3).toLowerCase()];
}

function withTime(p: Parts, m: RegExpExecArray, i: number): Parts {
  if (m[i] === undefined) return p;
  return { ...p, hh: num(m[i]), mi: num(m[i + 1]), ss: num(m[i + 2]), ampm: m[i + 3], zone: m[i + 4] };
}

// Each shape is one way sources write a date. Order matters only for ties: findDates keeps the longest
// match at each position.
const SHAPES: Shape[] = [
  // ISO 8601 and close relatives: 2023-04-15T20:53:00+04:30, 2023-04-15 20:53, 2023-04, 20230415T205300Z.
  {
    re: new RegExp(String.raw`(?<![\d.\/-])(\d{4})-(\d{2})(?:-(\d{2})(?:(?:T|\s+|\s*,\s*)${TIME}${ZONE})?)?(?![\d])`, 'gi'),
    build: (m) => withTime({ y: +m[1], m: +m[2], d: num(m[3]) }, m, 4),
  },
  {
    re: new RegExp(String.raw`(?<![\d.\/-])(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})?(?![\d])`, 'g'),
    build: (m) => ({ y: +m[1], m: +m[2], d: +m[3], hh: +m[4], mi: +m[5], ss: num(m[6]), zone: m[7] }),
  },
  // 2023/04/15, 2023.04.15 (year first is never ambiguous).
  {
    re: new RegExp(String.raw`(?<![\d.\/-])(\d{4})([\/.])(\d{1,2})\2(\d{1,2})(?![\d.\/])${TAIL}`, 'gi'),
    build: (m) => withTime({ y: +m[1], m: +m[3], d: +m[4] }, m, 5),
  },
  // 15.04.2023, 15/04/2023, 15-04-2023 (day-first; slashes and hyphens only when unambiguous).
  {
    re: new RegExp(String.raw`(?<![\d.\/-])(\d{1,2})([.\/-])(\d{1,2})\2(\d{4})(?![\d]|\.\d)${TAIL}`, 'gi'),
    build: (m) => {
      const a = +m[1];
      const b = +m[3];
      let d = a;
      let mo = b;
      if (m[2] !== '.') {
        if (a > 12 && b <= 12) [d, mo] = [a, b];
        else if (b > 12 && a <= 12) [d, mo] = [b, a];
        else if (a !== b) return null;
      }
      return withTime({ y: +m[4], m: mo, d }, m, 5);
    },
  },
  // 15 April 2023, Sat, 15 Apr 2023 20:53:00 +0000 (RFC 2822), 31 May 2023 - 11:05, 15th of April, 2023.
  {
    re: new RegExp(String.raw`(?<![\p{L}\d])${WD}${DAY}\s+(?:of\s+)?${MON},?\s+(\d{4})(?!\d)${TAIL}`, 'giu'),
    build: (m) => withTime({ y: +m[3], m: monthOf(m[2]), d: +m[1] }, m, 4),
  },
  // April 15, 2023; Apr 15, 2023 - 20:53; Saturday, April 15, 2023 at 8:53 pm EDT.
  {
    re: new RegExp(String.raw`(?<![\p{L}\d])${WD}${MON}\s+${DAY},?\s+(\d{4})(?!\d)${TAIL}`, 'giu'),
    build: (m) => withTime({ y: +m[3], m: monthOf(m[1]), d: +m[2] }, m, 4),
  },
  // Time first: 20:53, 15 April 2023; 14:05 12.03.2024.
  {
    re: new RegExp(String.raw`(?<![\d:])${TIME}${ZONE}${SEP}${WD}${DAY}\s+${MON},?\s+(\d{4})(?!\d)`, 'giu'),
    build: (m) => withTime({ y: +m[8], m: monthOf(m[7]), d: +m[6] }, m, 1),
  },
  {
    re: new RegExp(String.raw`(?<![\d:])${TIME}${ZONE}${SEP}(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)`, 'gi'),
    build: (m) => withTime({ y: +m[8], m: +m[7], d: +m[6] }, m, 1),
  },
  // April 2023 (month precision).
  {
    re: new RegExp(String.raw`(?<![\p{L}\d])${MON},?\s+(\d{4})(?!\d)`, 'giu'),
    build: (m) => ({ y: +m[2], m: monthOf(m[1]) }),
  },
];

// Sticky twins of the shapes, to match at one position.
const STICKY = SHAPES.map((sh) => new RegExp(sh.re.source, sh.re.flags.replace('g', '') + 'y'));

const YEAR_ONLY = /^(\d{4})$/;
const MIN_YEAR = 1800;
const MAX_YEAR = 2199;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Offset in minutes for a zone token, or undefined when the token is not a zone we know. */
function zoneOffset(z: string): number | undefined {
  const t = z.replace(/\s+/g, '');
  if (t in ZONES) return ZONES[t];
  const m = /^(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (!m) return undefined;
  const h = +m[2];
  const mi = m[3] ? +m[3] : 0;
  if (h > 14 || mi > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}

function formatZone(offset: number): string {
  if (offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function toNormalized(p: Parts): NormalizedDate | null {
  if (p.y < MIN_YEAR || p.y > MAX_YEAR) return null;
  if (p.m === undefined) return { iso: pad(p.y, 4), precision: 'year' };
  if (p.m < 1 || p.m > 12) return null;
  const ym = `${pad(p.y, 4)}-${pad(p.m)}`;
  if (p.d === undefined) return { iso: ym, precision: 'month' };
  if (p.d < 1 || p.d > daysIn(p.y, p.m)) return null;
  const ymd = `${ym}-${pad(p.d)}`;
  if (p.hh === undefined || p.mi === undefined) return { iso: ymd, precision: 'day' };
  let hh = p.hh;
  if (p.ampm) {
    if (hh < 1 || hh > 12) return null;
    const pm = p.ampm.toLowerCase() === 'p';
    hh = (hh % 12) + (pm ? 12 : 0);
  }
  if (hh > 23 || p.mi > 59 || (p.ss !== undefined && p.ss > 59)) return null;
  let zone = '';
  if (p.zone) {
    const off = zoneOffset(p.zone);
    if (off !== undefined) zone = formatZone(off);
  }
  const precision: DatePrecision = p.ss === undefined ? 'minute' : 'second';
  const time = precision === 'second' ? `${pad(hh)}:${pad(p.mi)}:${pad(p.ss!)}` : `${pad(hh)}:${pad(p.mi)}`;
  return { iso: `${ymd}T${time}${zone}`, precision };
}

// "Published:", "Updated on", "Last updated", "Posted at" ... The role tells published from updated when a
// header states both.
const LABEL = String.raw`(?:(first\s+published|published|posted|released|created|date|dated)|(last\s+updated|last\s+modified|updated|modified|edited|revised))(?:\s+(?:on|at))?\s*[:\-–]?\s*`;
const LEADING_LABEL = new RegExp(String.raw`^\s*${LABEL}`, 'i');
const LABEL_BEFORE = new RegExp(String.raw`${LABEL}$`, 'i');

const RELATIVE = /^(?:(\d+|an?|one)\s+(second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago|(yesterday|today|just\s+now))$/i;
const RELATIVE_IN_LINE = /(?<![\p{L}\d])(?:(\d+|an?|one)\s+(second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago|(yesterday|today|just\s+now))(?![\p{L}\d])/giu;

function relative(m: RegExpExecArray, ref: Date): NormalizedDate {
  const unitMs: Record<string, number> = { second: 1e3, sec: 1e3, minute: 6e4, min: 6e4, hour: 3.6e6, hr: 3.6e6, day: 8.64e7, week: 6.048e8 };
  const iso = (d: Date) => d.toISOString();
  if (m[3]) {
    const word = m[3].toLowerCase().replace(/\s+/g, ' ');
    if (word === 'just now') return { iso: iso(ref).slice(0, 16) + 'Z', precision: 'minute' };
    const d = new Date(ref.getTime() - (word === 'yesterday' ? 8.64e7 : 0));
    return { iso: iso(d).slice(0, 10), precision: 'day' };
  }
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : 1;
  const unit = m[2].toLowerCase();
  if (unit === 'month' || unit === 'year') {
    const d = new Date(ref.getTime());
    if (unit === 'month') d.setUTCMonth(d.getUTCMonth() - n, 1);
    else d.setUTCFullYear(d.getUTCFullYear() - n, d.getUTCMonth(), 1);
    return unit === 'month' ? { iso: iso(d).slice(0, 7), precision: 'month' } : { iso: iso(d).slice(0, 4), precision: 'year' };
  }
  const d = new Date(ref.getTime() - n * unitMs[unit]);
  // "3 hours ago" is good to the minute at best; "2 days ago" names a day, not a time.
  return unit === 'day' || unit === 'week' ? { iso: iso(d).slice(0, 10), precision: 'day' } : { iso: iso(d).slice(0, 16) + 'Z', precision: 'minute' };
}

/** Every shape's match starting exactly at `at` in `s`, the longest kept; null when none. */
function matchAt(s: string, at: number): { parts: Parts; end: number } | null {
  let best: { parts: Parts; end: number } | null = null;
  for (let i = 0; i < SHAPES.length; i++) {
    const re = STICKY[i];
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) continue;
    const parts = SHAPES[i].build(m);
    if (!parts) continue;
    let end = at + m[0].length;
    // An unknown named zone ("20:53 AND") is not part of the date: cut the match before it.
    if (parts.zone && zoneOffset(parts.zone) === undefined) {
      const zi = m[0].lastIndexOf(parts.zone);
      end = at + m[0].slice(0, zi).replace(/[\s(]+$/, '').length;
      parts.zone = undefined;
    }
    if (!best || end > best.end) best = { parts, end };
  }
  return best;
}

/**
 * Parse one string that is a date and nothing else (an optional "Published:"/"Updated:" label, weekday and
 * surrounding punctuation allowed). Returns null for anything that is not a date, or a date we would
 * have to guess (ambiguous day/month order, a relative date without a reference).
 */
export function normalizeDate(input: string, opts: DateOptions = {}): NormalizedDate | null {
  if (typeof input !== 'string') return null;
  let s = input.normalize('NFC').replace(/[\u00A0\u2000-\u200B\u202F]/g, ' ').trim();
  s = s.replace(LEADING_LABEL, '').replace(/^[\s(\[|·•]+|[\s)\].,|·•]+$/g, '').trim();
  if (!s) return null;
  const y = YEAR_ONLY.exec(s);
  if (y) return toNormalized({ y: +y[1] });
  const rel = RELATIVE.exec(s);
  if (rel) return opts.reference && !Number.isNaN(opts.reference.getTime()) ? relative(rel, opts.reference) : null;
  const hit = matchAt(s, 0);
  if (!hit) return null;
  const rest = s.slice(hit.end).replace(/^[\s)\].,]+/, '');
  if (rest) return null;
  return toNormalized(hit.parts);
}

/**
 * Every date in one line, left to right, non-overlapping, with its span and the role a label before it
 * gives ("Published: 12.03.2024 14:05 | Updated: 12.03.2024 16:40"). Bare years are not reported: in a
 * line of prose "2023" is more often a number than a date.
 */
export function findDates(line: string, opts: DateOptions = {}): FoundDate[] {
  const out: FoundDate[] = [];
  const starts = new Set<number>();
  for (const shape of SHAPES) {
    shape.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = shape.re.exec(line))) {
      starts.add(m.index);
      if (m[0].length === 0) shape.re.lastIndex++;
    }
  }
  const sorted = [...starts].sort((a, b) => a - b);
  let covered = 0;
  for (const at of sorted) {
    if (at < covered) continue;
    const hit = matchAt(line, at);
    if (!hit) continue;
    const date = toNormalized(hit.parts);
    if (!date) continue;
    // Trim trailing separators the time-less TAIL never consumed but a shape might have ("2023 -").
    const text = line.slice(at, hit.end).replace(/[\s,\-–|]+$/, '');
    const end = at + text.length;
    out.push({ date, start: at, end, text, role: roleBefore(line.slice(0, at)) });
    covered = end;
  }
  if (opts.reference && !Number.isNaN(opts.reference.getTime())) {
    RELATIVE_IN_LINE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = RELATIVE_IN_LINE.exec(line))) {
      const start = m.index;
      const end = start + m[0].length;
      if (out.some((d) => start < d.end && d.start < end)) continue;
      out.push({ date: relative(m, opts.reference), start, end, text: m[0], role: roleBefore(line.slice(0, start)) });
    }
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}

function roleBefore(prefix: string): FoundDate['role'] {
  const m = LABEL_BEFORE.exec(prefix.replace(/[\s|·•]+$/, ' ').replace(/\s+$/, ' '));
  if (!m) return null;
  return m[2] ? 'updated' : 'published';
}
