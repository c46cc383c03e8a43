import type { Span } from '../../core/span.js';
import { CURRENCIES, UNITS, alternation } from './lexicon.js';

/**
 * Figures in a stretch of text: percentages, money (currency + scale), quantities with units and counts of
 * things, normalised. Compiled once; `findFigures` is linear in the text.
 */
export interface Figure {
  span: Span;
  text: string;
  /** The number as stated, scale applied ("$4.85 billion" -> 4850000000, "69%" -> 69). */
  value: number;
  /** '%', 'pp', an ISO 4217 code for money ('USD'), a unit ('km', 'barrels', 'MW') or the counted noun ('people', 'drones'). */
  unit: string;
  kind: 'percent' | 'money' | 'quantity' | 'count';
  /** Multiplier applied to the written number (1e9 for "billion"), 1 when none. */
  scale: number;
  /** "about", "more than", "at least", "nearly"... and what it does to the value. */
  qualifier?: { text: string; bound: 'approx' | 'lower' | 'upper' };
  /** "rose 22%", "fell by 15 per cent", "+22%". */
  change?: 'increase' | 'decrease' | 'change';
  /** The number was written in words ("three", "two-thirds"). */
  words?: boolean;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, dozen: 12, 'a dozen': 12,
};
const SCALES: Record<string, number> = {
  thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, mln: 1e6, billion: 1e9, bn: 1e9, b: 1e9, trillion: 1e12, tn: 1e12,
};
const FRACTIONS: Record<string, number> = {
  'two-thirds': 200 / 3, 'two thirds': 200 / 3, 'one-third': 100 / 3, 'one third': 100 / 3, 'a third': 100 / 3,
  'three-quarters': 75, 'three quarters': 75, 'a quarter': 25, 'one-quarter': 25, 'one quarter': 25, half: 50, 'one-half': 50,
};

const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const ONES = 'one|two|three|four|five|six|seven|eight|nine';
const TEENS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
const WORDNUM = `(?:(?:${TENS})(?:[- ](?:${ONES}))?|${TEENS}|${ONES}|a dozen)(?:\\s+hundred)?`;
const DIGITS = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?';
const NUM = `(?:${DIGITS}|(?<![\\w-])(?:${WORDNUM})(?![\\w-]))`;
const SCALE_RE = '(?:thousand|million|billion|trillion|mln|bn|mn|tn)';
const SHORT_SCALE = '(?:[mbk]|bn|mn|tn)';
/** Either case for the first letter: a qualifier often opens the sentence ("About two-thirds of ..."). */
const QUAL = `(?:${'about|around|approximately|roughly|some|nearly|almost|close to|more than|over|above|at least|less than|fewer than|under|below|up to|as many as|as much as|just over|just under|well over|an estimated|an additional|only'
  .split('|')
  .map((w) => `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}`)
  .join('|')})`;
const CHANGE_BEFORE = '(?:rose|risen|rises|rising|grew|grown|grows|increased|increases|jumped|climbed|soared|fell|fallen|falls|dropped|drops|declined|declines|decreased|decreases|shrank|plunged|cut|cuts|slashed|reduced|lowered|raised|up|down)';

const currencySymbols = CURRENCIES.flatMap((c) => c.forms.filter((f) => /^[^A-Za-z]+$|^US\$$/.test(f)));
const currencyCodes = CURRENCIES.flatMap((c) => c.forms.filter((f) => /^[A-Z]{3}$/.test(f)));
const currencyWords = CURRENCIES.flatMap((c) => c.forms.filter((f) => /^[A-Za-z. ]+$/.test(f) && !/^[A-Z]{3}$/.test(f)));
const CURRENCY_OF = new Map<string, string>();
for (const c of CURRENCIES) for (const f of c.forms) CURRENCY_OF.set(f.toLowerCase(), c.code);
const UNIT_OF = new Map<string, string>();
for (const u of UNITS) for (const f of u.forms) UNIT_OF.set(f.toLowerCase(), u.unit);
// Bare one-letter units ('m', 't') only straight after digits, never after a space: "5m" yes, "5 m" is too ambiguous.
const unitForms = UNITS.flatMap((u) => u.forms).filter((f) => f.length > 1 || false);

// "rose 12%", "fell by 15 per cent", and with an object between: "cut imports by 30%".
const CHANGE_DIRECT = new RegExp(`\\b(${CHANGE_BEFORE})(?:\\s+by)?\\s+$`, 'i');
const CHANGE_BY = new RegExp(`\\b(${CHANGE_BEFORE})(?:\\s+[\\p{L}’'-]+){1,3}\\s+by\\s+$`, 'iu');

/**
 * One optional qualifier, then the alternatives. (No alternative's number, symbol, code or fraction word can start
 * where a qualifier does, so this finds what a qualifier inside each alternative would, in the same order, while
 * the regex engine tries the qualifier list once per position instead of six times.)
 */
const PATTERN = new RegExp(
  `(?<q>${QUAL}\\s+)?(?:${[
    // $4.85 billion, US$86m, €3bn
    `(?<money1>(?<sym>${alternation(currencySymbols)})\\s?(?<n1>${DIGITS})(?:\\s?(?<s1>${SCALE_RE})\\b|(?<ss1>${SHORT_SCALE})\\b)?)`,
    // AZN 5 million, USD 3.4bn
    `(?<money2>\\b(?<code>${alternation(currencyCodes)})\\s?(?<n2>${DIGITS})(?:\\s?(?<s2>${SCALE_RE})\\b)?)`,
    // 600 million manats, 5 billion dollars, 40 million AZN
    `(?<money3>\\b(?<n3>${NUM})(?:\\s(?<s3>${SCALE_RE}))?\\s(?<cw>${alternation([...currencyWords, ...currencyCodes])})\\b)`,
    // 69%, 15 per cent, forty percent, 2.5 percentage points, +22%
    `(?<pct>(?<sign>[+−-])?\\b(?<n4>${NUM})\\s?(?<pu>%|per\\s?cent\\b|percent\\b|percentage points?\\b))`,
    // two-thirds of, a quarter of, half of
    `(?<frac>\\b(?<fw>two[- ]thirds|one[- ]third|a third|three[- ]quarters|one[- ]quarter|a quarter|one-half|half)\\s+(?=of\\b))`,
    // 412 km, 6.2 billion cubic metres, 1,100 MW
    `(?<qty>\\b(?<n6>${NUM})(?:\\s(?<s6>${SCALE_RE}))?\\s?(?<u>${alternation(unitForms)})(?![\\w²³]))`,
  ].join('|')})`,
  'g',
);

function parseNumber(s: string): { value: number; words: boolean } | null {
  const t = s.trim().toLowerCase();
  if (/^[\d,.]+$/.test(t)) {
    const v = parseFloat(t.replace(/,/g, ''));
    return Number.isFinite(v) ? { value: v, words: false } : null;
  }
  let v = 0;
  let hundred = false;
  let w = t;
  if (/\s+hundred$/.test(w)) {
    hundred = true;
    w = w.replace(/\s+hundred$/, '');
  }
  for (const part of w.split(/[- ]/)) {
    if (part === 'a') continue;
    const n = NUMBER_WORDS[part];
    if (n === undefined) return null;
    v += n;
  }
  return { value: hundred ? v * 100 : v, words: true };
}

function qualifierOf(q: string | undefined): Figure['qualifier'] | undefined {
  if (!q) return undefined;
  const text = q.trim().toLowerCase();
  if (text === 'an additional' || text === 'only') return undefined;
  const bound = /more than|over|above|at least|as many as|as much as|just over|well over/.test(text)
    ? 'lower'
    : /less than|fewer than|under|below|up to|nearly|almost|just under/.test(text)
      ? 'upper'
      : 'approx';
  return { text, bound };
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The figures in text[from, to). `skip` are spans already taken (dates, times): counts inside them are ignored. */
const MAYBE_FIGURE = /[\d$€£₼₽₪¥₹%]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen|half|third|thirds|quarter|quarters)\b/i;

export function findFigures(text: string, from = 0, to = text.length): Figure[] {
  const s = text.slice(from, to);
  const out: Figure[] = [];
  // Most sentences have no number at all: one cheap test before the big alternation.
  if (!MAYBE_FIGURE.test(s)) return out;
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(s); m; m = PATTERN.exec(s)) {
    const g = m.groups!;
    // A number glued to letters is part of a name ("Torvan-3", "F-35", "Su-30"), not a figure.
    const prev = s[m.index - 1];
    if (prev && /[\p{L}-]/u.test(prev) && !/^(?:[$€£₼₽₪¥₹]|US\$)/.test(m[0])) continue;
    const start = from + m.index;
    const span = { start, end: start + m[0].length };
    let fig: Figure | null = null;
    if (g.money1 || g.money2 || g.money3) {
      const n = parseNumber(g.n1 ?? g.n2 ?? g.n3);
      if (!n) continue;
      const sc = g.s1 ?? g.ss1 ?? g.s2 ?? g.s3;
      const scale = sc ? SCALES[sc.toLowerCase()] ?? 1 : 1;
      const cur = (g.sym ?? g.code ?? g.cw).toLowerCase();
      const code = CURRENCY_OF.get(cur);
      if (!code) continue;
      // "pounds" without a scale is more often a weight.
      if (cur === 'pounds' && !sc) continue;
      fig = { span, text: m[0], value: round(n.value * scale), unit: code, kind: 'money', scale };
      if (n.words) fig.words = true;
      const q = qualifierOf(g.q);
      if (q) fig.qualifier = q;
    } else if (g.pct) {
      const n = parseNumber(g.n4);
      if (!n) continue;
      const pp = /point/.test(g.pu);
      fig = { span, text: m[0], value: n.value, unit: pp ? 'pp' : '%', kind: 'percent', scale: 1 };
      if (n.words) fig.words = true;
      const q = qualifierOf(g.q);
      if (q) fig.qualifier = q;
      if (g.sign) fig.change = g.sign === '+' ? 'increase' : 'decrease';
    } else if (g.frac) {
      const fw = g.fw.toLowerCase();
      const whole = m[0].trimEnd();
      fig = { span: { start, end: start + whole.length }, text: whole, value: round(FRACTIONS[fw] ?? FRACTIONS[fw.replace('-', ' ')]), unit: '%', kind: 'percent', scale: 1, words: true };
      const q = qualifierOf(g.q);
      if (q) fig.qualifier = q;
    } else if (g.qty) {
      const n = parseNumber(g.n6);
      if (!n) continue;
      const scale = g.s6 ? SCALES[g.s6.toLowerCase()] ?? 1 : 1;
      const unit = UNIT_OF.get(g.u.toLowerCase()) ?? g.u;
      fig = { span, text: m[0], value: round(n.value * scale), unit, kind: unit === 'people' ? 'count' : 'quantity', scale };
      if (n.words) fig.words = true;
      const q = qualifierOf(g.q);
      if (q) fig.qualifier = q;
    }
    if (!fig) continue;
    const before = s.slice(Math.max(0, m.index - 40), m.index);
    const ch = CHANGE_DIRECT.exec(before) ?? CHANGE_BY.exec(before);
    if (ch && !fig.change) fig.change = /rose|risen|rises|rising|grew|grown|grows|increase|jumped|climbed|soared|raised|up/.test(ch[1].toLowerCase()) ? 'increase' : 'decrease';
    out.push(fig);
  }
  return out;
}

export interface CountToken {
  span: Span;
  text: string;
  lower: string;
  pos: string;
}

const COUNT_NUM = new RegExp(`^(?:${DIGITS})$`);
const WORD_NUM_TOKEN = new RegExp(`^(?:${TENS}|${ONES}|${TEENS})(?:-(?:${ONES}))?$`, 'i');
/** First letters (lower case) of the number words WORD_NUM_TOKEN accepts. */
const WORD_NUM_FIRST = new Set([...`${TENS}|${ONES}|${TEENS}`.split('|')].map((w) => w.charCodeAt(0)));
/** Nouns after a number that are not things counted ("2 of them", "3 times"). */
const NOT_COUNTED = new Set(['times', 'time', 'of', 'percent', 'per', 'cent', 'am', 'pm', 'a.m.', 'p.m.', 'o’clock', "o'clock", 'years', 'year', 'months', 'month', 'days', 'day', 'weeks', 'week', 'hours', 'hour', 'minutes', 'decades', 'centuries', 'century']);

/**
 * Counts of things from tokens: a number (digits or a word from one to ninety-nine) followed, within two
 * modifiers, by a noun: "24 Torvan-3 drones", "three border guards", "5,000 people". Numbers inside `taken`
 * spans (figures, dates) are skipped; list markers ("1.", "2)") and clock times are not counts.
 */
export function findCounts(text: string, tokens: CountToken[], taken: Span[]): Figure[] {
  const out: Figure[] = [];
  let k = 0;
  const sorted = taken.slice().sort((a, b) => a.start - b.start);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    while (k < sorted.length && sorted[k].end <= t.span.start) k++;
    if (k < sorted.length && sorted[k].start <= t.span.start && t.span.start < sorted[k].end) continue;
    // Only a digit or t/e/f/s/n/o (either case) can open a number: most tokens need no regex.
    const c0 = t.text.charCodeAt(0);
    const digitFirst = c0 >= 48 && c0 <= 57;
    if (!digitFirst && !WORD_NUM_FIRST.has(c0 | 32)) continue;
    const isDigit = digitFirst && COUNT_NUM.test(t.text);
    const isWord = !isDigit && !digitFirst && WORD_NUM_TOKEN.test(t.text) && t.lower !== 'one';
    if (!isDigit && !isWord) continue;
    const prev = text[t.span.start - 1];
    if (prev && /[\p{L}\-:.]/u.test(prev)) continue;
    const next = text[t.span.end];
    if (next === '.' || next === ')' || next === ':' || next === '-') {
      if (!/^\d[\d,]*\.\d/.test(text.slice(t.span.start, t.span.end + 2))) continue;
    }
    const n = parseNumber(t.text);
    if (!n) continue;
    // Up to two modifiers, then the counted noun.
    let j = i + 1;
    let scale = 1;
    if (j < tokens.length && SCALES[tokens[j].lower] && tokens[j].lower.length > 2) {
      scale = SCALES[tokens[j].lower];
      j++;
    }
    let noun: CountToken | null = null;
    for (let h = 0; h < 3 && j + h < tokens.length; h++) {
      const u = tokens[j + h];
      if (u.pos === 'NOUN' && !NOT_COUNTED.has(u.lower)) {
        noun = u;
        // Take the last noun of a compound ("border guards").
        while (j + h + 1 < tokens.length && tokens[j + h + 1].pos === 'NOUN' && tokens[j + h + 1].span.start === tokens[j + h].span.end + 1) {
          h++;
          noun = tokens[j + h];
        }
        break;
      }
      if (!(u.pos === 'ADJ' || u.pos === 'PROPN' || u.pos === 'NUM' || /-/.test(u.text))) break;
    }
    if (!noun || NOT_COUNTED.has(noun.lower)) continue;
    if (n.words && n.value === 1) continue;
    // "the two countries", "both ... three" refer back to things already named; "one or two trips" is vague.
    const lead = text.slice(Math.max(0, t.span.start - 12), t.span.start);
    if (isWord && /\b(?:the|these|those|its|their|his|her|our|my|your|all|or)\s+$/i.test(lead)) continue;
    if (isWord && /^\s+or\s/i.test(text.slice(t.span.end, t.span.end + 5))) continue;
    const unit = UNIT_OF.get(noun.lower) ?? singular(noun.lower);
    const span = { start: t.span.start, end: noun.span.end };
    const fig: Figure = { span, text: text.slice(span.start, span.end), value: n.value * scale, unit, kind: 'count', scale };
    if (n.words) fig.words = true;
    out.push(fig);
  }
  return out;
}

/** Crude plural folding for counted nouns and claim keys ("drones" -> "drone", "casualties" -> "casualty"). */
export function singular(w: string): string {
  if (w.length <= 3 || w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (/(?:ch|sh|x|ss)es$/.test(w)) return w.slice(0, -2);
  if (w === 'people') return w;
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}
