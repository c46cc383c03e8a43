import type { Span } from '../../core/span.js';

/**
 * Time expressions in news English, normalised against the article's publication date.
 *
 * One regular expression (compiled once) finds the expressions in the whole text; `resolveTime()` turns each into
 * dates. Relative expressions ("two weeks ago", "last March", "on Tuesday") need the publication date; without it
 * they stay relative (`anchor: 'unresolved'`) and say so. Weekdays and day-month without a year need a direction
 * too: the caller passes the event's tense ("will visit on Tuesday" is the next Tuesday, "visited on Tuesday" the
 * last one); without a hint a bare weekday is taken as past (the usual case in news reports).
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
  /** For relative expressions: what the words say ("2 week ago", "last month:3", "weekday:2"). */
  relative?: string;
  /** Why a value is approximate or missing. */
  note?: string;
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};
const WEEKDAYS: Record<string, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };
const SMALL: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, fifteen: 15, twenty: 20, thirty: 30, 'a few': 3, few: 3, several: 3, 'a couple of': 2, couple: 2,
};

// Month names are matched case-sensitively (capitalised) so the modal "may" and the verb "march" are not months.
const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)(?![a-z])';
const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const YEAR = '(?:1[89]\\d\\d|20\\d\\d)';
const DAY = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\\d)';
const COUNT = '(?:\\d{1,3}|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[Ff]ifteen|[Tt]wenty|[Tt]hirty|[Aa] few|[Ss]everal|[Aa] couple of)';
const UNIT = '(?:day|week|month|year|decade)s?';
const DMY = `${DAY}\\s+${MONTH}(?:,?\\s+${YEAR})?`;
const MDY = `${MONTH}\\s+${DAY}(?:,?\\s+${YEAR})?(?![\\d%])`;
const MY = `${MONTH},?\\s+${YEAR}`;
const DATE = `(?:${DMY}|${MDY}|${MY}|${YEAR}(?![\\d%]))`;

/**
 * Alternatives, longest and most specific first; each has a named group that tells which one matched. Every one
 * opens with \\b, tested once before them all.
 */
const PATTERN = new RegExp(
  `\\b(?:${[
    `(?<between>[Bb]etween\\s+(?:${DATE})\\s+and\\s+(?:${DATE}))`,
    `(?<fromto>[Ff]rom\\s+(?:${DATE})\\s+(?:to|until|till|through)\\s+(?:${DATE}))`,
    `(?<dayrange>${DAY}\\s*[–-]\\s*${DAY}\\s+${MONTH}(?:,?\\s+${YEAR})?)`,
    `(?<yearrange>${YEAR}\\s*[–-]\\s*(?:${YEAR}|\\d\\d)\\b(?![\\d%]))`,
    `(?<since>(?:[Ss]ince|[Ee]ver since)\\s+(?:(?:the\\s+)?(?:early|mid-|late)\\s*)?(?:${DATE}|the\\s+(?:19|20)?\\d0s))`,
    `(?<until>(?:[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore)\\s+(?:the end of\\s+)?(?:${DMY}|${MDY}|${MY}|${YEAR}(?![\\d%])))`,
    `(?<decade>(?:in\\s+)?the\\s+(?:early\\s+|late\\s+|mid-)?(?:19|20)?\\d0s\\b)`,
    `(?<dmy>${DMY})`,
    `(?<mdy>${MDY})`,
    `(?<my>${MY})`,
    `(?<ago>${COUNT}\\s+${UNIT}\\s+ago\\b)`,
    `(?<later>${COUNT}\\s+${UNIT}\\s+(?:later|earlier|before)\\b)`,
    `(?<lastx>(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming|[Ee]arlier this|[Ll]ater this)\\s+(?:week|month|year|weekend|${WEEKDAY}|${MONTH}(?!\\s+\\d)))`,
    `(?<recent>(?:[Rr]ecently|[Ll]ately|[Ii]n recent (?:days|weeks|months|years)|[Ss]oon|[Ii]n the near future|[Ss]hortly|[Ii]n the coming (?:days|weeks|months|years)|[Ii]n the future|[Tt]hese days|[Nn]owadays|[Cc]urrently|[Aa]t the moment)\\b)`,
    `(?<deictic>(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|[Tt]his (?:morning|afternoon|evening))\\b)`,
    `(?<weekday>(?:(?:on|On)\\s+)?${WEEKDAY}(?:'s|’s)?\\b)`,
    `(?<inmonth>(?:in|In|during|During|of)\\s+${MONTH}(?![\\s,]+\\d))`,
    `(?<year>${YEAR}\\b(?![\\d%]|\\s*(?:per cent|percent)))`,
  ].join('|')})`,
  'g',
);

interface Ymd {
  y: number;
  m?: number;
  d?: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');
export function ymdString(x: Ymd): string {
  return x.d !== undefined && x.m !== undefined ? `${x.y}-${pad(x.m)}-${pad(x.d)}` : x.m !== undefined ? `${x.y}-${pad(x.m)}` : `${x.y}`;
}

function monthOf(word: string): number | undefined {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')];
}

/** A single date inside an expression: '31 May 2023', 'June 14, 2019', 'November 2022', '2016'. */
/** Groups: 1 d1, 2 m1, 3 y1 | 4 m2, 5 d2, 6 y2 | 7 m3, 8 y3 | 9 y4 (unnamed: no groups object per match). */
const ONE_DATE = new RegExp(`(?:(${DAY})\\s+(${MONTH})(?:,?\\s+(${YEAR}))?|(${MONTH})\\s+(${DAY})(?:,?\\s+(${YEAR}))?|(${MONTH}),?\\s+(${YEAR})|(${YEAR}))`, 'g');

function datesIn(s: string): Array<Ymd & { yearGiven: boolean }> {
  const out: Array<Ymd & { yearGiven: boolean }> = [];
  ONE_DATE.lastIndex = 0;
  for (let m = ONE_DATE.exec(s); m; m = ONE_DATE.exec(s)) {
    if (m[2]) out.push({ y: m[3] ? +m[3] : NaN, m: monthOf(m[2]), d: parseInt(m[1], 10), yearGiven: Boolean(m[3]) });
    else if (m[4]) out.push({ y: m[6] ? +m[6] : NaN, m: monthOf(m[4]), d: parseInt(m[5], 10), yearGiven: Boolean(m[6]) });
    else if (m[7]) out.push({ y: +m[8], m: monthOf(m[7]), yearGiven: true });
    else if (m[9]) out.push({ y: +m[9], yearGiven: true });
  }
  return out;
}

function countOf(s: string): number {
  const w = s.toLowerCase();
  if (/^\d+$/.test(w)) return parseInt(w, 10);
  return SMALL[w] ?? SMALL[w.replace(/^a /, '')] ?? 1;
}

/** A raw match before resolution. */
export interface TimeMatch {
  span: Span;
  text: string;
  type: string;
}

/** All time expressions in `text` (or in text.slice(from, to)), in order. Linear in the text length. */
export function findTimes(text: string, from = 0, to = text.length): TimeMatch[] {
  // Claims and events both read the whole text of an article: the second reader gets copies of the first scan.
  if (lastScan && lastScan.text === text && lastScan.from === from && lastScan.to === to) return copyMatches(lastScan.found);
  const out: TimeMatch[] = [];
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(slice); m; m = PATTERN.exec(slice)) {
    const g = m.groups!;
    const type = Object.keys(g).find((k) => g[k] !== undefined)!;
    let t = m[0];
    let start = m.index;
    // Leading prepositions are part of the match for disambiguation only.
    const lead = /^(?:in|In|on|On|of|during|During)\s+/.exec(t);
    if (lead && (type === 'weekday' || type === 'inmonth' || type === 'decade')) {
      start += lead[0].length;
      t = t.slice(lead[0].length);
    }
    if (type === 'year' && isNotAYear(slice, m.index, m[0])) continue;
    out.push({ span: { start: from + start, end: from + start + t.length }, text: t, type });
  }
  lastScan = { text, from, to, found: copyMatches(out) };
  return out;
}

/** The last scan (callers own and may change what they get, so it is kept and handed out as copies). */
let lastScan: { text: string; from: number; to: number; found: TimeMatch[] } | null = null;

function copyMatches(ms: TimeMatch[]): TimeMatch[] {
  return ms.map((t) => ({ span: { start: t.span.start, end: t.span.end }, text: t.text, type: t.type }));
}

/** "2,016 people", "$2016", "No. 2020", "2020 people" are numbers, not years. */
function isNotAYear(s: string, at: number, y: string): boolean {
  const before = s.slice(Math.max(0, at - 2), at);
  if (/[\d$€£.,]$/.test(before)) return true;
  const after = s.slice(at + y.length, at + y.length + 14);
  if (/^[.,]\d/.test(after)) return true;
  if (/^\s+(?:people|soldiers|troops|men|women|children|units|tonnes|tons|barrels|km|kilometres|kilometers|metres|meters|dollars|euros|votes|cases|times)\b/.test(after)) return true;
  return false;
}

export interface ResolveOptions {
  /** Publication date (ISO string); relative expressions are resolved against it. */
  published?: string | null;
  /** The tense of the event the expression belongs to, for weekdays and dates without a year. */
  tense?: 'past' | 'future' | null;
}

function parsePubDate(published: string | null | undefined): Date | null {
  if (!published) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}
/** The last publication date parsed, and its ISO day once asked for (an article resolves all its times against one). */
let lastPub: { published: string | null | undefined; date: Date | null; iso: string | null } = { published: null, date: null, iso: null };
function pubDate(published: string | null | undefined): Date | null {
  if (published !== lastPub.published) lastPub = { published, date: parsePubDate(published), iso: null };
  return lastPub.date;
}
/** iso(P) of `pubDate(published)`. Never changed by anyone: the Date is only read. */
function pubIso(P: Date): string {
  if (lastPub.date !== P) return iso(P);
  return (lastPub.iso ??= iso(P));
}
/** YYYY-MM-DD of a date, as toISOString() writes it. */
const iso = (d: Date): string => {
  const y = d.getUTCFullYear();
  if (!(y >= 1000 && y <= 9999)) return d.toISOString().slice(0, 10);
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${y}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
};
const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * 86400000);

/** A normalised expression without a resolved value. */
function unresolvedExpr(tm: TimeMatch, relative: string, precision: TimePrecision, direction?: TimeExpr['direction'], note = 'relative to the publication date, which is unknown'): TimeExpr {
  const o: TimeExpr = { span: tm.span, text: tm.text, precision, anchor: 'unresolved', relative, note };
  if (direction) o.direction = direction;
  return o;
}

/** Where an ISO prefix lies from the publication day. */
function directionOf(P: Date | null, v: string): TimeExpr['direction'] | undefined {
  if (!P) return undefined;
  const p = pubIso(P);
  const cut = p.slice(0, v.length);
  return v < cut ? 'past' : v > cut ? 'future' : 'present';
}

function fillYearOf(P: Date | null, tense: ResolveOptions['tense'], x: Ymd & { yearGiven: boolean }): Ymd | null {
  if (x.yearGiven) return x;
  if (!P) return null;
  const py = P.getUTCFullYear();
  const cand = new Date(Date.UTC(py, (x.m ?? 1) - 1, x.d ?? 1));
  const diff = (cand.getTime() - P.getTime()) / 86400000;
  // Without a tense, the year that puts the date nearest to publication; with one, the right side of it.
  let y = py;
  if (tense === 'past') y = diff > 1 ? py - 1 : py;
  else if (tense === 'future') y = diff < -1 ? py + 1 : py;
  else if (diff > 183) y = py - 1;
  else if (diff < -183) y = py + 1;
  return { ...x, y };
}

function pointOf(tm: TimeMatch, P: Date | null, tense: ResolveOptions['tense'], x: Ymd & { yearGiven: boolean }, anchorIfFilled: 'publication'): TimeExpr {
  const f = fillYearOf(P, tense, x);
  if (!f) return unresolvedExpr(tm, `date:${ymdString({ ...x, y: 0 }).slice(2)}`, x.d !== undefined ? 'day' : 'month', undefined, 'no year given and the publication date is unknown');
  const v = ymdString(f);
  const dir = directionOf(P, v);
  const o: TimeExpr = { span: tm.span, text: tm.text, precision: f.d !== undefined ? 'day' : f.m !== undefined ? 'month' : 'year', value: v, anchor: x.yearGiven ? 'absolute' : anchorIfFilled };
  if (dir) o.direction = dir;
  return o;
}

const AGO = new RegExp(`^(${COUNT})\\s+(day|week|month|year|decade)s?\\s+(\\w+)`);

/** Normalises one match. Pure. (Objects are written out key by key, in the order they always had.) */
export function resolveTime(tm: TimeMatch, opts: ResolveOptions = {}): TimeExpr {
  const P = pubDate(opts.published);
  const t = tm.text;
  const lower = t.toLowerCase();
  const tense = opts.tense;

  switch (tm.type) {
    case 'between':
    case 'fromto':
    case 'yearrange': {
      let ds = datesIn(t);
      if (tm.type === 'yearrange' && ds.length < 2) {
        const m = /(\d{4})\s*[–-]\s*(\d\d)\b/.exec(t);
        if (m) ds = [{ y: +m[1], yearGiven: true }, { y: Math.floor(+m[1] / 100) * 100 + +m[2], yearGiven: true }];
      }
      if (ds.length < 2) break;
      // "between March and June 2024": the year of the end applies to the start.
      if (!ds[0].yearGiven && ds[1].yearGiven) ds[0] = { ...ds[0], y: ds[1].y, yearGiven: true };
      const a = fillYearOf(P, tense, ds[0]);
      const b = fillYearOf(P, tense, ds[1]);
      if (!a || !b) return unresolvedExpr(tm, 'range', 'range');
      return { span: tm.span, text: tm.text, precision: 'range', from: ymdString(a), to: ymdString(b), anchor: ds[0].yearGiven && ds[1].yearGiven ? 'absolute' : 'publication' };
    }
    case 'dayrange': {
      const m = /(\d{1,2})\D+?(\d{1,2})(?:st|nd|rd|th)?\s+(\S+?)(?:,?\s+(\d{4}))?$/.exec(t);
      if (!m) break;
      const mo = monthOf(m[3]);
      const a = fillYearOf(P, tense, { y: m[4] ? +m[4] : NaN, m: mo, d: +m[1], yearGiven: Boolean(m[4]) });
      if (!a) return unresolvedExpr(tm, 'range', 'range');
      return { span: tm.span, text: tm.text, precision: 'range', from: ymdString(a), to: ymdString({ ...a, d: +m[2] }), anchor: m[4] ? 'absolute' : 'publication' };
    }
    case 'since': {
      const dec = /(\d0)s/.exec(t);
      const ds = datesIn(t);
      if (dec && !ds.length) {
        const d = dec[1].length === 2 ? (+dec[1] >= 30 ? 1900 : 2000) + +dec[1] : +dec[1];
        return { span: tm.span, text: tm.text, precision: 'open-range', from: String(d), anchor: 'absolute', direction: 'past' };
      }
      if (!ds.length) break;
      const a = fillYearOf(P, tense, ds[0]);
      if (!a) return unresolvedExpr(tm, 'since', 'open-range', 'past');
      return { span: tm.span, text: tm.text, precision: 'open-range', from: ymdString(a), anchor: ds[0].yearGiven ? 'absolute' : 'publication', direction: 'past' };
    }
    case 'until': {
      const ds = datesIn(t);
      if (!ds.length) break;
      const a = fillYearOf(P, tense, ds[0]);
      if (!a) return unresolvedExpr(tm, 'until', 'open-range');
      const v = ymdString(a);
      const dir = directionOf(P, v);
      const o: TimeExpr = { span: tm.span, text: tm.text, precision: 'open-range', to: v, anchor: ds[0].yearGiven ? 'absolute' : 'publication' };
      if (dir) o.direction = dir;
      return o;
    }
    case 'decade': {
      const m = /(\d+)0s/.exec(t)!;
      const d = m[1].length <= 1 ? (+m[1] >= 3 ? 1900 : 2000) + +m[1] * 10 : +m[1] * 10;
      return { span: tm.span, text: tm.text, precision: 'decade', value: `${d}s`, from: String(d), to: String(d + 9), anchor: 'absolute', direction: 'past' };
    }
    case 'dmy':
    case 'mdy':
    case 'my': {
      const ds = datesIn(t);
      if (!ds.length) break;
      return pointOf(tm, P, tense, ds[0], 'publication');
    }
    case 'inmonth': {
      const mo = monthOf(t.replace(/^\S+\s+/, '').trim()) ?? monthOf(t);
      if (!mo) break;
      return pointOf(tm, P, tense, { y: NaN, m: mo, yearGiven: false }, 'publication');
    }
    case 'year': {
      const y = +t;
      const dir = directionOf(P, String(y));
      const o: TimeExpr = { span: tm.span, text: tm.text, precision: 'year', value: String(y), anchor: 'absolute' };
      if (dir) o.direction = dir;
      return o;
    }
    case 'ago':
    case 'later': {
      const m = AGO.exec(t);
      if (!m) break;
      const n = countOf(m[1]);
      const unit = m[2];
      const rel = `${n} ${unit} ${m[3]}`;
      if (tm.type === 'later') return { span: tm.span, text: tm.text, precision: 'imprecise', anchor: 'unresolved', relative: rel, note: 'relative to another event in the text' };
      if (!P) return unresolvedExpr(tm, rel, unit === 'day' ? 'day' : unit === 'week' ? 'week' : unit === 'month' ? 'month' : 'year', 'past');
      const approx = /few|several|couple/i.test(m[1]);
      const withApprox = (o: TimeExpr): TimeExpr => {
        if (approx) o.note = 'approximate count';
        return o;
      };
      if (unit === 'day') return withApprox({ span: tm.span, text: tm.text, precision: 'day', value: iso(addDays(P, -n)), anchor: 'publication', relative: rel, direction: 'past' });
      if (unit === 'week') return withApprox({ span: tm.span, text: tm.text, precision: 'week', value: iso(addDays(P, -7 * n)), anchor: 'publication', relative: rel, direction: 'past' });
      if (unit === 'month') {
        const d = new Date(Date.UTC(P.getUTCFullYear(), P.getUTCMonth() - n, 1));
        return withApprox({ span: tm.span, text: tm.text, precision: 'month', value: iso(d).slice(0, 7), anchor: 'publication', relative: rel, direction: 'past' });
      }
      const years = unit === 'decade' ? 10 * n : n;
      return withApprox({ span: tm.span, text: tm.text, precision: 'year', value: String(P.getUTCFullYear() - years), anchor: 'publication', relative: rel, direction: 'past' });
    }
    case 'lastx': {
      const m = /^(last|next|this|past|coming|earlier this|later this)\s+(\S+)/i.exec(t)!;
      const which = m[1].toLowerCase();
      const what = m[2];
      const dir: TimeExpr['direction'] = which === 'last' || which === 'past' || which === 'earlier this' ? 'past' : which === 'next' || which === 'coming' || which === 'later this' ? 'future' : 'present';
      const rel = `${which} ${what.toLowerCase()}`;
      const wd = WEEKDAYS[what.toLowerCase()];
      const mo = monthOf(what);
      if (!P) return unresolvedExpr(tm, rel, wd !== undefined ? 'day' : mo !== undefined ? 'month' : (what.toLowerCase() as TimePrecision) === 'year' ? 'year' : 'imprecise', dir);
      const k = which === 'last' ? -1 : which === 'next' ? 1 : 0;
      if (wd !== undefined) {
        let delta = wd - P.getUTCDay();
        if (k < 0) { if (delta >= 0) delta -= 7; } else if (k > 0) { if (delta <= 0) delta += 7; }
        return { span: tm.span, text: tm.text, precision: 'day', value: iso(addDays(P, delta)), anchor: 'publication', relative: rel, direction: dir };
      }
      if (mo !== undefined) {
        const pm = P.getUTCMonth() + 1;
        let y = P.getUTCFullYear();
        if (k < 0 && mo >= pm) y -= 1;
        if (k > 0 && mo <= pm) y += 1;
        return { span: tm.span, text: tm.text, precision: 'month', value: `${y}-${pad(mo)}`, anchor: 'publication', relative: rel, direction: dir };
      }
      const w = what.toLowerCase();
      if (w === 'year') {
        const shift = which === 'this' || which.endsWith('this') ? 0 : which === 'last' || which === 'past' ? -1 : 1;
        return { span: tm.span, text: tm.text, precision: 'year', value: String(P.getUTCFullYear() + shift), anchor: 'publication', relative: rel, direction: dir };
      }
      if (w === 'month') {
        const shift = which === 'this' || which.endsWith('this') ? 0 : which === 'last' || which === 'past' ? -1 : 1;
        const d = new Date(Date.UTC(P.getUTCFullYear(), P.getUTCMonth() + shift, 1));
        return { span: tm.span, text: tm.text, precision: 'month', value: iso(d).slice(0, 7), anchor: 'publication', relative: rel, direction: dir };
      }
      // week / weekend: a date in that week.
      const shift = which === 'this' || which.endsWith('this') ? 0 : which === 'last' || which === 'past' ? -7 : 7;
      return { span: tm.span, text: tm.text, precision: 'week', value: iso(addDays(P, shift)), anchor: 'publication', relative: rel, direction: dir };
    }
    case 'recent': {
      const future = /soon|near future|shortly|coming|in the future/.test(lower);
      const present = /these days|nowadays|currently|at the moment/.test(lower);
      const dir: TimeExpr['direction'] = future ? 'future' : present ? 'present' : 'past';
      if (!P) return unresolvedExpr(tm, lower, 'imprecise', dir);
      const p = pubIso(P);
      const o: TimeExpr = { span: tm.span, text: tm.text, precision: 'imprecise', anchor: 'publication', relative: lower, direction: dir };
      if (dir === 'past') o.to = p;
      else if (dir === 'future') o.from = p;
      else o.value = p;
      o.note = 'imprecise';
      return o;
    }
    case 'deictic': {
      const shift = /yesterday/.test(lower) ? -1 : /tomorrow/.test(lower) ? 1 : 0;
      const dir: TimeExpr['direction'] = shift < 0 ? 'past' : shift > 0 ? 'future' : 'present';
      if (!P) return unresolvedExpr(tm, lower, 'day', dir);
      return { span: tm.span, text: tm.text, precision: 'day', value: iso(addDays(P, shift)), anchor: 'publication', relative: lower, direction: dir };
    }
    case 'weekday': {
      const wd = WEEKDAYS[t.replace(/^on\s+/i, '').replace(/['’]s$/, '').toLowerCase()];
      if (wd === undefined) break;
      const rel = `weekday ${t.replace(/^on\s+/i, '')}`;
      if (!P) return unresolvedExpr(tm, rel, 'day');
      let delta = wd - P.getUTCDay();
      if (opts.tense === 'future') { if (delta < 0) delta += 7; } else if (delta > 0) delta -= 7;
      const dir: TimeExpr['direction'] = delta < 0 ? 'past' : delta > 0 ? 'future' : 'present';
      const o: TimeExpr = { span: tm.span, text: tm.text, precision: 'day', value: iso(addDays(P, delta)), anchor: 'publication', relative: rel, direction: dir };
      if (!opts.tense) o.note = 'weekday taken as the most recent one (no tense cue)';
      return o;
    }
  }
  return { span: tm.span, text: tm.text, precision: 'imprecise', anchor: 'unresolved', note: 'not understood' };
}

/** The first and last ISO day an expression can mean, for sorting and for comparing two times. Null when unknown. */
export function timeBounds(t: Pick<TimeExpr, 'value' | 'from' | 'to' | 'precision'>): { lo: string | null; hi: string | null } | null {
  const lo = (v: string): string => (v.length === 4 ? `${v}-01-01` : v.length === 7 ? `${v}-01` : v);
  const hi = (v: string): string => {
    if (v.length === 4) return `${v}-12-31`;
    if (v.length !== 7) return v;
    const last = new Date(Date.UTC(+v.slice(0, 4), +v.slice(5, 7), 0)).getUTCDate();
    return `${v}-${String(last).padStart(2, '0')}`;
  };
  if (t.precision === 'week' && t.value) {
    const d = new Date(`${t.value}T00:00:00Z`);
    return { lo: iso(addDays(d, -6)), hi: iso(addDays(d, 6)) };
  }
  if (t.value && t.precision !== 'decade' && t.precision !== 'imprecise') return { lo: lo(t.value), hi: hi(t.value) };
  if (t.from || t.to) return { lo: t.from ? lo(t.from) : null, hi: t.to ? hi(t.to) : null };
  if (t.value) return { lo: lo(t.value), hi: hi(t.value) };
  return null;
}
