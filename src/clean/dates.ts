import type { NormalizedDate } from '../core/article.js';

// Placeholder with the agreed signature; the cleaning work replaces it with a full parser.
export function normalizeDate(input: string): NormalizedDate | null {
  const s = input.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
  if (!m) return null;
  if (!m[4]) return { iso: `${m[1]}-${m[2]}-${m[3]}`, precision: 'day' };
  return { iso: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`, precision: 'minute' };
}
