/**
 * Label normalisation, so that "the Zionist regime's", "The Zionist Regime" and "Zionist regime" count as one label
 * in a comparison: lower case, typographic apostrophes and dashes folded, leading article/demonstrative dropped,
 * possessive dropped, non-evaluative time words dropped ("the current extremist regime" = "extremist regime"), and
 * the last word's plural folded for common nouns ("occupiers" -> "occupier"). Proper names keep their plural
 * ("United States", "Philippines") because only lower-case words written in the text are folded.
 */
const LEADING = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those']);
const TIME_WORDS = new Set(['current', 'present', 'incumbent', 'then', 'now']);
const NO_FOLD = new Set(['authorities', 'news', 'series', 'species', 'means', 'politics', 'affairs', 'arms', 'forces', 'headquarters']);

export function foldPlural(word: string): string {
  const w = word;
  if (NO_FOLD.has(w) || w.length < 4) return w;
  if (/(?:ss|us|is|ous)$/.test(w)) return w;
  if (/ies$/.test(w)) return w.slice(0, -3) + 'y';
  if (/(?:ches|shes|xes|sses)$/.test(w)) return w.slice(0, -2);
  if (/s$/.test(w)) return w.slice(0, -1);
  return w;
}

export function normalizeLabel(surface: string, opts: { foldPlural?: boolean } = {}): string {
  let s = surface
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  const words = s.split(' ');
  const lowerFirst = words[0]?.toLowerCase();
  if (words.length > 1 && lowerFirst !== undefined && LEADING.has(lowerFirst)) words.shift();
  const out: string[] = [];
  const cased: string[] = [];
  for (const raw of words) {
    let w = raw.replace(/^["“”«»(]+|["“”«»),.;:!?]+$/g, '');
    w = w.replace(/'s$/i, '').replace(/s'$/i, 's');
    if (!w) continue;
    const lw = w.toLowerCase();
    if (TIME_WORDS.has(lw) && out.length === 0 && words.length > 1) continue;
    out.push(lw);
    cased.push(w);
  }
  if (opts.foldPlural !== false && out.length) {
    // The head is the last word, or the word before "of" ("occupiers of the valley").
    const ofAt = out.indexOf('of');
    const hi = ofAt > 0 ? ofAt - 1 : out.length - 1;
    const headRaw = cased[hi] ?? '';
    // Only fold a word written in lower case: a capitalised last word is part of a name.
    if (/^[a-z]/.test(headRaw) || (out.length === 1 && /^[A-Z][a-z]+ists?$/.test(headRaw))) {
      out[hi] = foldPlural(out[hi]);
    }
  }
  s = out.join(' ');
  return s;
}

/** normalizeLabel remembered per surface (the same labels recur within and across articles); bounded. */
const memoFold = new Map<string, string>();
const memoKeep = new Map<string, string>();
const MEMO_MAX = 20000;

export function normalizeLabelCached(surface: string, fold = true): string {
  const memo = fold ? memoFold : memoKeep;
  let s = memo.get(surface);
  if (s === undefined) {
    s = normalizeLabel(surface, { foldPlural: fold });
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(surface, s);
  }
  return s;
}
