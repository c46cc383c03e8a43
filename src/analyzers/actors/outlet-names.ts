import { bundledOutlets } from '../../clean/outlets.js';
import type { Span } from '../../core/span.js';

/**
 * Outlet names in the text ("The Times of Israel", "Tehran Times", "Voice of America", "Israel Hayom"): a state or
 * place named inside an outlet's name is not a mention of that state or place. The names are the bundled outlet
 * registry's names and aliases of two or more words (src/clean/data/outlets.json); a one-word name ("IRNA") holds no
 * other name. Matched as written, word for word, with or without a leading "The".
 */

interface NameIndex {
  /** First word → the names starting with it, as word lists, longest first. */
  byFirst: Map<string, string[][]>;
}

let index: NameIndex | null = null;

function nameIndex(): NameIndex {
  if (index) return index;
  const byFirst = new Map<string, string[][]>();
  const seen = new Set<string>();
  for (const o of bundledOutlets()) {
    for (const name of [o.name, ...o.aliases]) {
      let words = name.split(/\s+/).filter(Boolean);
      if (words[0] === 'The') words = words.slice(1);
      // Two or more words, the first capitalised (a name, not a phrase), e.g. not "the Globe".
      if (words.length < 2 || !/^\p{Lu}/u.test(words[0])) continue;
      const key = words.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const list = byFirst.get(words[0]) ?? [];
      list.push(words);
      byFirst.set(words[0], list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  index = { byFirst };
  return index;
}

/** The spans of outlet names in a tokenised text (tokens in order, each with its exact text and span). */
export function outletNameSpans(tokens: ReadonlyArray<{ text: string; span: Span }>): Span[] {
  const { byFirst } = nameIndex();
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const names = byFirst.get(tokens[i].text);
    if (!names) continue;
    for (const words of names) {
      if (i + words.length > tokens.length) continue;
      let k = 1;
      while (k < words.length && tokens[i + k].text === words[k]) k++;
      if (k < words.length) continue;
      out.push({ start: tokens[i].span.start, end: tokens[i + words.length - 1].span.end });
      i += words.length - 1;
      break;
    }
  }
  return out;
}

/** Whether `span` lies inside one of `names` without being all of it (sorted, non-overlapping spans). */
export function insideOutletName(span: Span, names: readonly Span[]): boolean {
  let lo = 0;
  let hi = names.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const n = names[mid];
    if (n.end <= span.start) lo = mid + 1;
    else if (n.start >= span.end) hi = mid - 1;
    else return n.start <= span.start && span.end <= n.end && (n.start !== span.start || n.end !== span.end);
  }
  return false;
}
