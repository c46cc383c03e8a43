/**
 * A half-open [start, end) range in UTF-16 code units (JS string indexes) of the cleaned article text.
 * Line/column are derived only for display. Evidence strings are stored next to offsets so that no
 * database ever has to slice text (SQLite and PostgreSQL count characters differently).
 */
export interface Span {
  /**
   * First UTF-16 code unit, counted from 0.
   * @asType integer
   * @minimum 0
   */
  start: number;
  /**
   * One past the last code unit (half-open).
   * @asType integer
   * @minimum 0
   */
  end: number;
}

export function span(start: number, end: number): Span {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid span [${start}, ${end})`);
  }
  return { start, end };
}

export function sliceSpan(text: string, s: Span): string {
  return text.slice(s.start, s.end);
}

export function spanInside(text: string, s: Span): boolean {
  return Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end >= s.start && s.end <= text.length;
}

/** 1-based line and column of an offset, for display only. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** First index i with key(arr[i]) >= x, for arr sorted by key (binary search; arr.length when there is none). */
export function lowerBound<T>(arr: readonly T[], x: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(arr[mid]) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether `s` overlaps any item of `sorted`: items ordered by start whose spans do not overlap each other (so their
 * ends are ordered too), like an analyzer's mentions. Binary search for the first item ending after s.start.
 */
export function overlapsAny(sorted: ReadonlyArray<{ span: Span }>, s: Span): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].span.end <= s.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo].span.start < s.end;
}
