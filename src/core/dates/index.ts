/**
 * Dates and times, read once by chrono-node (see reader.ts) for every part of Parallax: publication dates for the
 * cleaner (metadata.ts), time expressions in the prose for events, claims and relations (prose.ts, resolve.ts).
 */
export { parseDates, type ParsedDate } from './reader.js';
export { normalizeDate, findDates, lineWindows, type DateOptions, type FoundDate } from './metadata.js';
export { readTimes, publicationDay, type TimeExpr, type TimeMatch, type TimeKind, type TimePrecision, type Ymd } from './prose.js';
export { resolveTime, timeBounds, relationTime, ymdString, type ResolveOptions, type RelationTime } from './resolve.js';
