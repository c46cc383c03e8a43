import type { Span } from '../span.js';
import { publicationDay, type TimeExpr, type TimeMatch, type TimePrecision, type Ymd } from './prose.js';

/**
 * Resolution of a time expression against the publication date: what chrono read, placed on the calendar with
 * the rules news needs (a date without a year falls on the side of publication the event's tense says; "last March",
 * said in March, is a year back; a bare weekday is the last one).
 */

export interface ResolveOptions {
  /** Publication date (ISO string); relative expressions are resolved against it. */
  published?: string | null;
  /** The tense of the event the expression belongs to, for weekdays and dates without a year. */
  tense?: 'past' | 'future' | null;
}

type Full = Ymd & { y: number };

const pad = (n: number): string => String(n).padStart(2, '0');

/** '2019-06-14', '2022-11' or '2016'. */
export function ymdString(x: Full): string {
  return x.d !== undefined && x.m !== undefined ? `${x.y}-${pad(x.m)}-${pad(x.d)}` : x.m !== undefined ? `${x.y}-${pad(x.m)}` : `${x.y}`;
}

/** YYYY-MM-DD of a date, as toISOString() writes it. */
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * 86400000);

const SMALL: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, fifteen: 15, twenty: 20, thirty: 30, 'a few': 3, few: 3, several: 3, 'a couple of': 2, couple: 2,
};
const WEEKDAYS: Record<string, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };
const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};

function countOf(s: string): number {
  const w = s.toLowerCase();
  if (/^\d+$/.test(w)) return parseInt(w, 10);
  return SMALL[w] ?? SMALL[w.replace(/^a /, '')] ?? 1;
}

interface Ctx {
  tm: TimeMatch;
  P: Date | null;
  tense: ResolveOptions['tense'];
}

function head(tm: TimeMatch): { span: Span; text: string } {
  return { span: tm.span, text: tm.text };
}

/** A normalised expression without a resolved value. */
function unresolved(tm: TimeMatch, relative: string, precision: TimePrecision, direction?: TimeExpr['direction'], note = 'relative to the publication date, which is unknown'): TimeExpr {
  const o: TimeExpr = { ...head(tm), precision, anchor: 'unresolved', relative, note };
  if (direction) o.direction = direction;
  return o;
}

/** Where an ISO prefix lies from the publication day. */
function directionOf(P: Date | null, v: string): TimeExpr['direction'] | undefined {
  if (!P) return undefined;
  const cut = iso(P).slice(0, v.length);
  return v < cut ? 'past' : v > cut ? 'future' : 'present';
}

/** The date with its year: as stated, or from the publication date on the side the tense says. */
function fillYear(P: Date | null, tense: ResolveOptions['tense'], x: Ymd): Full | null {
  if (x.y !== undefined) return x as Full;
  if (!P) return null;
  const py = P.getUTCFullYear();
  const diff = (Date.UTC(py, (x.m ?? 1) - 1, x.d ?? 1) - P.getTime()) / 86400000;
  let y = py;
  if (tense === 'past') y = diff > 1 ? py - 1 : py;
  else if (tense === 'future') y = diff < -1 ? py + 1 : py;
  else if (diff > 183) y = py - 1;
  else if (diff < -183) y = py + 1;
  return { ...x, y };
}

function withDirection(o: TimeExpr, P: Date | null, v: string): TimeExpr {
  const dir = directionOf(P, v);
  if (dir) o.direction = dir;
  return o;
}

function point({ tm, P, tense }: Ctx): TimeExpr {
  const x = tm.start;
  const f = fillYear(P, tense, x);
  if (!f) {
    const md = x.d !== undefined ? `${pad(x.m ?? 0)}-${pad(x.d)}` : pad(x.m ?? 0);
    return unresolved(tm, `date:${md}`, x.d !== undefined ? 'day' : 'month', undefined, 'no year given and the publication date is unknown');
  }
  const v = ymdString(f);
  const precision: TimePrecision = f.d !== undefined ? 'day' : f.m !== undefined ? 'month' : 'year';
  return withDirection({ ...head(tm), precision, value: v, anchor: x.y !== undefined ? 'absolute' : 'publication' }, P, v);
}

function range({ tm, P, tense }: Ctx): TimeExpr {
  let a: Ymd = { ...tm.start };
  const b: Ymd = { ...(tm.end ?? tm.start) };
  // "between March and June 2024": the year of the end applies to the start.
  if (a.y === undefined && b.y !== undefined) a = { ...a, y: b.y };
  const fa = fillYear(P, tense, a);
  const fb = fillYear(P, tense, b);
  if (!fa || !fb) return unresolved(tm, 'range', 'range');
  return { ...head(tm), precision: 'range', from: ymdString(fa), to: ymdString(fb), anchor: tm.start.y !== undefined || b.y !== undefined ? 'absolute' : 'publication' };
}

function since({ tm, P, tense }: Ctx): TimeExpr {
  const a = fillYear(P, tense, tm.start);
  if (!a) return unresolved(tm, 'since', 'open-range', 'past');
  return { ...head(tm), precision: 'open-range', from: ymdString(a), anchor: tm.start.y !== undefined ? 'absolute' : 'publication', direction: 'past' };
}

function until({ tm, P, tense }: Ctx): TimeExpr {
  const a = fillYear(P, tense, tm.start);
  if (!a) return unresolved(tm, 'until', 'open-range');
  const v = ymdString(a);
  return withDirection({ ...head(tm), precision: 'open-range', to: v, anchor: tm.start.y !== undefined ? 'absolute' : 'publication' }, P, v);
}

function decade({ tm }: Ctx): TimeExpr {
  const d = tm.start.y!;
  return { ...head(tm), precision: 'decade', value: `${d}s`, from: String(d), to: String(d + 9), anchor: 'absolute', direction: 'past' };
}

function year({ tm, P }: Ctx): TimeExpr {
  const v = String(tm.start.y);
  return withDirection({ ...head(tm), precision: 'year', value: v, anchor: 'absolute' }, P, v);
}

const AGO = /^(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a few|several|a couple of)\s+(day|week|month|year|decade)s?\s+(\w+)/i;

function ago({ tm, P }: Ctx): TimeExpr {
  const m = AGO.exec(tm.text);
  if (!m) return notUnderstood(tm);
  const n = countOf(m[1]);
  const unit = m[2].toLowerCase();
  const rel = `${n} ${unit} ${m[3].toLowerCase()}`;
  if (tm.type === 'later') return { ...head(tm), precision: 'imprecise', anchor: 'unresolved', relative: rel, note: 'relative to another event in the text' };
  if (!P) return unresolved(tm, rel, unit === 'day' ? 'day' : unit === 'week' ? 'week' : unit === 'month' ? 'month' : 'year', 'past');
  let o: TimeExpr;
  if (unit === 'day' || unit === 'week') {
    o = { ...head(tm), precision: unit, value: iso(addDays(P, (unit === 'week' ? -7 : -1) * n)), anchor: 'publication', relative: rel, direction: 'past' };
  } else if (unit === 'month') {
    const d = new Date(Date.UTC(P.getUTCFullYear(), P.getUTCMonth() - n, 1));
    o = { ...head(tm), precision: 'month', value: iso(d).slice(0, 7), anchor: 'publication', relative: rel, direction: 'past' };
  } else {
    const years = unit === 'decade' ? 10 * n : n;
    o = { ...head(tm), precision: 'year', value: String(P.getUTCFullYear() - years), anchor: 'publication', relative: rel, direction: 'past' };
  }
  if (/few|several|couple/i.test(m[1])) o.note = 'approximate count';
  return o;
}

function lastx({ tm, P }: Ctx): TimeExpr {
  const m = /^(last|next|this|past|coming|earlier this|later this)\s+(\S+)/i.exec(tm.text);
  if (!m) return notUnderstood(tm);
  const which = m[1].toLowerCase();
  const what = m[2].toLowerCase().replace(/\.$/, '');
  const dir: TimeExpr['direction'] = which === 'last' || which === 'past' || which === 'earlier this' ? 'past' : which === 'next' || which === 'coming' || which === 'later this' ? 'future' : 'present';
  const rel = `${which} ${what}`;
  const wd = WEEKDAYS[what];
  const mo = MONTHS[what];
  if (!P) return unresolved(tm, rel, wd !== undefined ? 'day' : mo !== undefined ? 'month' : what === 'year' ? 'year' : 'imprecise', dir);
  const at = (precision: TimePrecision, value: string): TimeExpr => ({ ...head(tm), precision, value, anchor: 'publication', relative: rel, direction: dir });
  const k = which === 'last' ? -1 : which === 'next' ? 1 : 0;
  if (wd !== undefined) {
    let delta = wd - P.getUTCDay();
    if (k < 0 && delta >= 0) delta -= 7;
    else if (k > 0 && delta <= 0) delta += 7;
    return at('day', iso(addDays(P, delta)));
  }
  if (mo !== undefined) {
    const pm = P.getUTCMonth() + 1;
    let y = P.getUTCFullYear();
    if (k < 0 && mo >= pm) y -= 1;
    if (k > 0 && mo <= pm) y += 1;
    return at('month', `${y}-${pad(mo)}`);
  }
  const shift = which.endsWith('this') ? 0 : which === 'last' || which === 'past' ? -1 : 1;
  if (what === 'year') return at('year', String(P.getUTCFullYear() + shift));
  if (what === 'month') return at('month', iso(new Date(Date.UTC(P.getUTCFullYear(), P.getUTCMonth() + shift, 1))).slice(0, 7));
  // week / weekend: a date in that week.
  return at('week', iso(addDays(P, 7 * shift)));
}

function recent({ tm, P }: Ctx): TimeExpr {
  const lower = tm.text.toLowerCase();
  const future = /soon|near future|shortly|coming|in the future/.test(lower);
  const present = /these days|nowadays|currently|at the moment/.test(lower);
  const dir: TimeExpr['direction'] = future ? 'future' : present ? 'present' : 'past';
  if (!P) return unresolved(tm, lower, 'imprecise', dir);
  const p = iso(P);
  const o: TimeExpr = { ...head(tm), precision: 'imprecise', anchor: 'publication', relative: lower, direction: dir };
  if (dir === 'past') o.to = p;
  else if (dir === 'future') o.from = p;
  else o.value = p;
  o.note = 'imprecise';
  return o;
}

function deictic({ tm, P }: Ctx): TimeExpr {
  const lower = tm.text.toLowerCase();
  const shift = /yesterday/.test(lower) ? -1 : /tomorrow/.test(lower) ? 1 : 0;
  const dir: TimeExpr['direction'] = shift < 0 ? 'past' : shift > 0 ? 'future' : 'present';
  if (!P) return unresolved(tm, lower, 'day', dir);
  return { ...head(tm), precision: 'day', value: iso(addDays(P, shift)), anchor: 'publication', relative: lower, direction: dir };
}

function weekday({ tm, P, tense }: Ctx): TimeExpr {
  if (tm.weekday === undefined) return notUnderstood(tm);
  const rel = `weekday ${tm.text.replace(/['’]s$/, '')}`;
  if (!P) return unresolved(tm, rel, 'day');
  let delta = tm.weekday - P.getUTCDay();
  if (tense === 'future') {
    if (delta < 0) delta += 7;
  } else if (delta > 0) delta -= 7;
  const dir: TimeExpr['direction'] = delta < 0 ? 'past' : delta > 0 ? 'future' : 'present';
  const o: TimeExpr = { ...head(tm), precision: 'day', value: iso(addDays(P, delta)), anchor: 'publication', relative: rel, direction: dir };
  if (!tense) o.note = 'weekday taken as the most recent one (no tense cue)';
  return o;
}

function notUnderstood(tm: TimeMatch): TimeExpr {
  return { ...head(tm), precision: 'imprecise', anchor: 'unresolved', note: 'not understood' };
}

const RESOLVERS: Record<TimeMatch['type'], (c: Ctx) => TimeExpr> = {
  range, since, until, decade, year, ago, later: ago, lastx, recent, deictic, weekday, date: point, inmonth: point,
};

/** Normalises one match against the publication date. Pure. */
export function resolveTime(tm: TimeMatch, opts: ResolveOptions = {}): TimeExpr {
  return RESOLVERS[tm.type]({ tm, P: publicationDay(opts.published), tense: opts.tense ?? null });
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

/** A time stated in a relation's clause: the words as written and a short ISO-like value. */
export interface RelationTime {
  text: string;
  span: Span;
  /** "2016", "2022-11", "2023-01-27", "--01-27" (no year stated), "2016/2020" (a range); null when not normalisable. */
  value: string | null;
  /** The preposition before it when it changes the meaning: since, until, between, from, before, after, by. */
  qualifier?: string;
}

function shortValue(x: Ymd): string | null {
  if (x.y !== undefined) return ymdString(x as Full);
  if (x.m !== undefined && x.d !== undefined) return `--${pad(x.m)}-${pad(x.d)}`;
  return null;
}

/**
 * The relation's view of a time expression: the date words without the preposition, a value for stated dates and
 * years (relative words such as "last week" are not relation times), null for what has no value.
 */
export function relationTime(text: string, tm: TimeMatch): RelationTime | null {
  if (tm.type === 'ago' || tm.type === 'later' || tm.type === 'lastx' || tm.type === 'recent' || tm.type === 'deictic' || tm.type === 'weekday' || tm.type === 'decade' || tm.type === 'inmonth') return null;
  const a = shortValue(tm.start);
  const b = tm.end ? shortValue(tm.end) : null;
  const value = a === null ? null : tm.end ? (b === null ? null : `${a}/${b}`) : a;
  const o: RelationTime = { text: text.slice(tm.bare.start, tm.bare.end), span: { ...tm.bare }, value };
  if (tm.qualifier) o.qualifier = tm.qualifier;
  return o;
}
