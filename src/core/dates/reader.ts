import * as chrono from 'chrono-node';

/**
 * The one date reader of Parallax: chrono-node's English parsers (day-first for numeric dates, as most of our
 * sources write them; "04/15/2023" still reads as 15 April because 15 cannot be a month) plus the parsers and
 * refiners news text needs and chrono lacks. Everything that reads a date — the cleaner's publication dates, the
 * events' and claims' times, the relations' times — goes through `parseDates()` and then keeps what it needs.
 *
 * Added to chrono here (tagged `parallax/<kind>` on the result):
 * - `year`: a bare year, 1800–2099, not a count or an amount ("2,016 people", "$2016", "2020 votes", "69%");
 * - `yearrange`: "2019–2023", "2016-20";
 * - `decade`: "the 1990s", "the early 90s";
 * - `recent`: "recently", "soon", "in the coming weeks", "these days" (no date, a direction from publication);
 * - `lastx`: "last March", "next week", "this year", "earlier this month", "the coming weekend";
 * - `yearmonth`: "2023-04" (ISO month, metadata);
 * - `compactiso`: "20230415T205300Z" (ISO 8601 basic format, feeds).
 * Refiners: "between X and Y" becomes one range (chrono merges "X to Y" and "X - Y" itself); a numeric date whose
 * day and month could be swapped ("04/05/2023") is dropped instead of guessed; a year-first numeric date is read
 * year-month-day only ("2023-13-01" is not a date).
 */

export type ParsedDate = chrono.ParsedResult;

const YEAR = String.raw`(?:1[89]\d\d|20\d\d)`;
const MONTH_NAME = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';
const WEEKDAY_NAME = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
export const MONTH_WORD = new RegExp(String.raw`(?<![\p{L}])(?:${MONTH_NAME}|${WEEKDAY_NAME}|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?![\p{L}])`, 'iu');
/** Nouns after a four-digit number that make it a count, not a year. */
const COUNTED = /^\s+(?:people|soldiers|troops|men|women|children|units|tonnes|tons|barrels|km|kilometres|kilometers|metres|meters|dollars|euros|votes|cases|times)\b/;

function tagged(context: chrono.ParsingContext, index: number, text: string, kind: string, start: Partial<Record<chrono.Component, number>>, end?: Partial<Record<chrono.Component, number>>): chrono.ParsingResult {
  const r = context.createParsingResult(index, text, start, end);
  r.addTag(`parallax/${kind}`);
  return r;
}

/** True when the four digits at `at` are an amount or a count rather than a year. */
function isNotAYear(s: string, at: number, len: number): boolean {
  if (/[\d$€£.,]$/.test(s.slice(Math.max(0, at - 2), at))) return true;
  const after = s.slice(at + len, at + len + 14);
  return /^[.,]\d/.test(after) || COUNTED.test(after);
}

const YEAR_RE = new RegExp(String.raw`(?<![\p{L}\d])(${YEAR})(?![\d%\p{L}]|\s*(?:per cent|percent))`, 'u');
const yearParser: chrono.Parser = {
  pattern: () => YEAR_RE,
  extract: (context, m) => (isNotAYear(context.text, m.index!, m[0].length) ? null : tagged(context, m.index!, m[0], 'year', { year: +m[1] })),
};

const YEAR_RANGE_RE = new RegExp(String.raw`(?<![\p{L}\d])(${YEAR})\s*[–-]\s*(${YEAR}|\d\d)(?![\d%\p{L}])`, 'u');
const yearRangeParser: chrono.Parser = {
  pattern: () => YEAR_RANGE_RE,
  extract: (context, m) => {
    if (isNotAYear(context.text, m.index!, 4)) return null;
    const a = +m[1];
    const b = m[2].length === 2 ? Math.floor(a / 100) * 100 + +m[2] : +m[2];
    if (b <= a) return null;
    return tagged(context, m.index!, m[0], 'yearrange', { year: a }, { year: b });
  },
};

const DECADE_RE = /(?<![\p{L}\d])the\s+(?:early\s+|late\s+|mid-)?((?:19|20)?\d0)s(?![\p{L}\d])/iu;
const decadeParser: chrono.Parser = {
  pattern: () => DECADE_RE,
  extract: (context, m) => {
    const d = m[1].length === 2 ? (+m[1] >= 30 ? 1900 : 2000) + +m[1] : +m[1];
    return tagged(context, m.index!, m[0], 'decade', { year: d }, { year: d + 9 });
  },
};

const RECENT = String.raw`recently|lately|in recent (?:days|weeks|months|years)|soon|in the near future|shortly|in the coming (?:days|weeks|months|years)|in the future|these days|nowadays|currently|at the moment`;
const RECENT_RE = new RegExp(String.raw`(?<![\p{L}\d])(?:${RECENT})(?![\p{L}\d])`, 'iu');
const recentParser: chrono.Parser = {
  pattern: () => RECENT_RE,
  extract: (context, m) => tagged(context, m.index!, m[0], 'recent', {}),
};

const LAST_RE = new RegExp(String.raw`(?<![\p{L}\d])(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming|[Ee]arlier this|[Ll]ater this)\s+(?:week|month|year|weekend|${WEEKDAY_NAME}|(?:${MONTH_NAME})(?!\s+\d))(?![\p{L}\d])`, 'u');
const lastParser: chrono.Parser = {
  pattern: () => LAST_RE,
  extract: (context, m) => tagged(context, m.index!, m[0], 'lastx', {}),
};

const COUNT = String.raw`\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a few|several|a couple of`;
/** "two years later", "a decade earlier", "three months before": relative to another event, not to publication. */
const LATER_RE = new RegExp(String.raw`\b(?:${COUNT})\s+(?:day|week|month|year|decade)s?\s+(?:later|earlier|before)(?![\p{L}\d])`, 'iu');
const laterParser: chrono.Parser = {
  pattern: () => LATER_RE,
  extract: (context, m) => tagged(context, m.index!, m[0], 'later', {}),
};

const YEAR_MONTH_RE = /(?<![\d.\/-])(\d{4})-(\d{2})(?![\d-])/;
const yearMonthParser: chrono.Parser = {
  pattern: () => YEAR_MONTH_RE,
  extract: (context, m) => {
    const month = +m[2];
    return month >= 1 && month <= 12 ? tagged(context, m.index!, m[0], 'yearmonth', { year: +m[1], month }) : null;
  },
};

const COMPACT_ISO_RE = /(?<![\d.\/-])(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})?(?!\d)/;
const compactIsoParser: chrono.Parser = {
  pattern: () => COMPACT_ISO_RE,
  extract: (context, m) => {
    const c: Partial<Record<chrono.Component, number>> = { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5] };
    if (m[6]) c.second = +m[6];
    if (m[7]) c.timezoneOffset = m[7] === 'Z' ? 0 : (m[7][0] === '-' ? -1 : 1) * (+m[7].slice(1, 3) * 60 + +m[7].slice(3, 5));
    return tagged(context, m.index!, m[0], 'compactiso', c);
  },
};

/** "between 2016 and 2020", "between March and June 2024": two results joined by "and" after "between" become a range. */
const betweenRefiner: chrono.Refiner = {
  refine: (context, results) => {
    const out: chrono.ParsingResult[] = [];
    for (let i = 0; i < results.length; i++) {
      const a = results[i];
      const b = results[i + 1];
      const before = context.text.slice(Math.max(0, a.index - 9), a.index);
      if (b && !a.end && !b.end && /between\s+$/i.test(before) && /^\s+and\s+$/.test(context.text.slice(a.index + a.text.length, b.index))) {
        const r = context.createParsingResult(a.index, context.text.slice(a.index, b.index + b.text.length), a.start, b.start);
        r.addTags(a.tags());
        r.addTag('parallax/between');
        out.push(r);
        i++;
        continue;
      }
      out.push(a);
    }
    return out;
  },
};

/** Numeric dates chrono would have to guess ("04/05/2023"), or read other than year-month-day ("2023-13-01"). */
const numericRefiner: chrono.Refiner = {
  refine: (_context, results) =>
    results.filter((r) => {
      const dmy = /^(\d{1,2})([\/-])(\d{1,2})\2(\d{4})/.exec(r.text);
      if (dmy && +dmy[1] <= 12 && +dmy[3] <= 12 && dmy[1] !== dmy[3] && +dmy[1] !== +dmy[3]) return false;
      const ymd = /^(\d{4})([\/.-])(\d{1,2})\2(\d{1,2})(?!\d)/.exec(r.text);
      if (ymd && (r.start.get('month') !== +ymd[3] || r.start.get('day') !== +ymd[4])) return false;
      return true;
    }),
};

/** A month or weekday name written in lower case ("may", "march", "sun") is a word, not a date: dropped before any merge. */
const lowerCaseRefiner: chrono.Refiner = {
  refine: (_context, results) =>
    results.filter((r) => {
      const m = MONTH_WORD.exec(r.text);
      return m === null || m[0][0] !== m[0][0].toLowerCase();
    }),
};

/** chrono's range merge, kept from joining a date to a relative phrase ("from 2012 until earlier this year"). */
function withoutRelative(inner: chrono.Refiner): chrono.Refiner {
  return {
    refine: (context, results) => {
      const rel = results.filter((r) => ownKind(r) === 'lastx' || ownKind(r) === 'recent' || ownKind(r) === 'later');
      if (!rel.length) return inner.refine(context, results);
      return [...rel, ...inner.refine(context, results.filter((r) => !rel.includes(r)))].sort((a, b) => a.index - b.index);
    },
  };
}

/** The refiner, applied to chrono's own results only. */
function keepOwn(inner: chrono.Refiner): chrono.Refiner {
  return {
    refine: (context, results) => {
      const own = results.filter((r) => ownKind(r) !== null);
      if (!own.length) return inner.refine(context, results);
      return [...own, ...inner.refine(context, results.filter((r) => ownKind(r) === null))].sort((a, b) => a.index - b.index);
    },
  };
}

/**
 * What prose does not need (clock times, time zones, "within 2 days", "+2 days", ISO stamps): left out of the prose
 * reader, which runs on every article, so that it costs less. The metadata reader keeps everything.
 */
const NOT_IN_PROSE = new Set([
  'ENTimeUnitWithinFormatParser', 'ENTimeUnitCasualRelativeFormatParser', 'ENTimeUnitLaterFormatParser', 'ENEndOfCurrentMonthParser',
  'ENSlashMonthFormatParser', 'ENTimeExpressionParser', 'ISOFormatParser', 'ENYearMonthDayParser',
  'ExtractTimezoneAbbrRefiner', 'ExtractTimezoneOffsetRefiner', 'ENMergeDateTimeRefiner', 'ForwardDateRefiner',
]);

function createReader(use: 'prose' | 'metadata'): chrono.Chrono {
  const config = chrono.en.configuration.createCasualConfiguration(true);
  if (use === 'prose') {
    config.parsers = config.parsers.filter((p) => !NOT_IN_PROSE.has(p.constructor.name));
    config.refiners = config.refiners.filter((r) => !NOT_IN_PROSE.has(r.constructor.name));
  }
  // Day-first numeric dates, but "January 27" is still the 27th: chrono's little-endian mode would skip a two-digit
  // day after a month name as a possible year, so that one parser is made again in its default mode.
  config.parsers = config.parsers.map((p) => (p.constructor.name === 'ENMonthNameMiddleEndianParser' ? new (p.constructor as new (skip: boolean) => chrono.Parser)(false) : p));
  config.parsers.unshift(...(use === 'metadata' ? [compactIsoParser, yearMonthParser] : []), yearRangeParser, decadeParser, recentParser, lastParser, laterParser);
  config.parsers.push(yearParser);
  // chrono drops every all-digit result as unlikely ("2023"); our year parser has already judged its years.
  config.refiners = config.refiners.map((r) => (r.constructor.name === 'UnlikelyFormatFilter' ? keepOwn(r) : r));
  config.refiners.unshift(lowerCaseRefiner);
  config.refiners = config.refiners.map((r) => (r.constructor.name === 'ENMergeDateRangeRefiner' ? withoutRelative(r) : r));
  config.refiners.push(betweenRefiner, numericRefiner);
  return new chrono.Chrono(config);
}

const readers = { prose: createReader('prose'), metadata: createReader('metadata') };

/** A fixed reference for texts without a publication date: relative results are then ignored by every caller. */
const NO_REFERENCE = new Date(Date.UTC(2000, 0, 1));

/**
 * Every date chrono and our parsers find in `text`, in order, read against `reference` (UTC). `use` picks the set
 * of parsers: 'metadata' (everything: times, zones, ISO stamps) or 'prose' (dates, without clock times).
 */
export function parseDates(text: string, reference?: Date | null, use: 'prose' | 'metadata' = 'metadata'): ParsedDate[] {
  const instant = reference && !Number.isNaN(reference.getTime()) ? reference : NO_REFERENCE;
  return readers[use].parse(text, { instant, timezone: 0 }, { forwardDate: false });
}

/** The parallax/<kind> tag of a result, if one of our parsers made it. */
export function ownKind(r: ParsedDate): string | null {
  for (const t of r.tags()) if (t.startsWith('parallax/') && t !== 'parallax/between') return t.slice(9);
  return null;
}

/**
 * A cheap test for a stretch of prose that may hold a date: a capitalised month or weekday name, a year, a numeric
 * date, a decade, "<unit>s ago/later", or a relative word. chrono runs only where this matches.
 */
export const CANDIDATE = new RegExp(
  [
    String.raw`\b(?:${MONTH_NAME}|${WEEKDAY_NAME})\b`,
    String.raw`\b(?:1[89]|20)\d\d\b|\d[./-]\d|\d0s\b`,
    String.raw`\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|[Rr]ecently|[Ll]ately|[Ss]oon|[Ss]hortly|[Nn]owadays|[Cc]urrently|[Tt]hese days|at the moment|in (?:the )?(?:recent|coming|near|future)|(?:day|week|month|year|decade)s?\s+(?:ago|later|earlier|before)|(?:[Tt]his|[Ll]ast|[Nn]ext|[Pp]ast|[Cc]oming)\s+(?:weekend|week|month|year|morning|afternoon|evening|night))(?![\p{L}])`,
  ].join('|'),
  'u',
);

/**
 * The same for metadata: every date the cleaner keeps states its year (1800–2199) or is relative ("3 hours ago",
 * "yesterday", "today").
 */
export const METADATA_CANDIDATE = /(?:1[89]|2[01])\d\d|\bago\b|yesterday|today/i;
