import type { Violation } from './harness.js';

/**
 * Defects of issue 17 that the fuzz suite finds on the code it was written against, each fixed on its own
 * branch. A violation that matches one is labelled with it in the report; the short run in `npm test` reports
 * these as to-do instead of failing. Remove an entry when its fix is merged, so the property guards it from then on.
 */
export const KNOWN_OPEN: Array<{ id: string; title: string; matches(v: Violation, family: string): boolean }> = [
  {
    id: 'lede-title',
    title: 'issue 17: the cleaner deletes a lede that restates the title hint',
    matches: (v) => v.property === 'text-lost' && /\bZorblat\d+\b/.test(v.detail) && !/nothing stored/.test(v.detail),
  },
  {
    id: 'stack-overflow',
    title: 'issue 17: deep structures overflow the stack (Maximum call stack size exceeded)',
    matches: (v) => /Maximum call stack size exceeded/.test(v.detail),
  },
  {
    id: 'budget',
    title: 'issue 17: super-linear analysis / HTML cleaning / uncapped gzip JSON Lines (no per-input budget)',
    matches: (v) => v.property === 'over-budget' || v.property === 'hang',
  },
  {
    id: 'dtd-reason',
    title: 'issue 17: a feed with an internal DTD subset is refused with the wrong reason',
    matches: (v, family) => v.property === 'wrong-reason' && family.includes('feed/dtd'),
  },
  {
    id: 'utf16-header',
    title: 'issue 17: charset=utf-16 in Content-Type without a BOM is refused as binary',
    matches: (v, family) => v.property === 'text-lost' && /charset\/utf-16(le|be)\//.test(family) && /binary/.test(v.detail),
  },
  {
    id: 'ssrf-v6',
    title: 'issue 17: IPv6 forms embedding IPv4 (compatible, NAT64/6to4 with --allow-private, Teredo) pass the SSRF filter',
    matches: (v) => v.property === 'address-passed',
  },
  {
    id: 'symlinks',
    title: 'issue 17: symbolic links out of an ingested folder are followed',
    matches: (v) => v.property === 'symlink-followed',
  },
  {
    id: 'control-chars',
    title: 'issue 17: control characters in file names are printed raw by the CLI',
    matches: (v) => v.property === 'cli-control-chars' || v.property === 'cli-forged-line',
  },
];

/** The open issue-17 defect a violation belongs to, or null when it is new. */
export function knownIssue(v: Violation, family: string): string | null {
  return KNOWN_OPEN.find((k) => k.matches(v, family))?.title ?? null;
}
