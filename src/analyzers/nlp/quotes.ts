import type { Span } from '../../core/span.js';

/** A direct quotation. `span` includes the quote marks, `contentSpan` is what is inside them. */
export interface QuoteRegion {
  span: Span;
  contentSpan: Span;
  /**
   * 'curly-double' “…”, 'straight-double' "…", 'curly-single' ‘…’, 'straight-single' '…', 'guillemets' «…», 'low-high' „…“,
   * 'doubled-single' ''…'' or ``…'' (two apostrophes or backticks standing for a double mark, as in ASCII news archives);
   * with `extended` (the non-English languages read): 'single-guillemets' ‹…›, 'gershayim' ״…״ (Hebrew).
   */
  style: string;
  /** 0 for a top-level quotation, 1 for a quote inside a quote, ... */
  depth: number;
  /** Number of paragraphs the quotation runs over (1 for most). */
  paragraphs: number;
  /** True when no closing mark was found and the region was ended at the paragraph end. */
  unclosed?: boolean;
}

interface Open {
  style: string;
  start: number;
  para: number;
  /** Opened at the first visible character of its paragraph. */
  atParaStart: boolean;
  /** Characters of the opening mark (2 for '' and ``). */
  len: number;
}

const LETTER = /[\p{L}\p{N}]/u;
const isLetter = (c: string | undefined): boolean => c !== undefined && LETTER.test(c);
const isSpace = (c: string | undefined): boolean => c === undefined || /\s/.test(c);
/** Characters after which a straight quote opens: start, space, opening brackets, dashes, slashes, colon. */
const isOpenerContext = (c: string | undefined): boolean => c === undefined || /[\s([{\u2014\u2013\-\/:;]/.test(c);

const DOUBLE = new Set(['curly-double', 'straight-double', 'guillemets', 'low-high', 'gershayim', 'doubled-single']);
const isDouble = (s: string): boolean => s === 'curly-double' || s === 'straight-double' || s === 'low-high';
const OPENER_OF: Record<string, string> = { 'curly-double': '“', 'straight-double': '"', guillemets: '«', 'low-high': '„', gershayim: '\u05F4', 'doubled-single': "''" };

/**
 * Finds direct quotations by scanning quote marks with a stack, paragraph by paragraph.
 *
 * - Apostrophes: ’ or ' between letters (Shi’ite, Netanyahu’s, won’t) never closes a quote; ’ closes only when a
 *   ‘ is open and it is followed by a non-letter.
 * - Nesting: “… “Spike” …” and “… ‘…’ …” both nest; the innermost open quote closes first.
 * - Multi-paragraph quotations: an unclosed double quote at a paragraph end continues when the next paragraph
 *   opens with the same mark (the typographic convention), or when it opened at the start of its paragraph and the
 *   next paragraph closes it without reopening. Otherwise it ends at its paragraph's end (`unclosed`).
 * - An unclosed single quote is dropped rather than extended: a lone ‘ or ' is more often an apostrophe ('90s).
 */
export interface QuoteOptions {
  /**
   * Also read ‹…› and Hebrew ״…״ (a gershayim between two letters is an acronym mark, צה״ל, never a quote), and let
   * » open a quotation that « closes (»…«, the order some German-trained and right-to-left typists use). Off for
   * English, so its regions stay as they were; on for the other languages Parallax reads.
   */
  extended?: boolean;
}

export function findQuoteRegions(text: string, paragraphs: Span[], options: QuoteOptions = {}): QuoteRegion[] {
  const extended = options.extended === true;
  const out: QuoteRegion[] = [];
  const stack: Open[] = [];
  /** Paragraph count of the top-level quote continuing across paragraphs. */
  let runParas = 1;
  let skipAt = -1;
  let skipAt2 = -1;

  const close = (i: number, endIncl: number, unclosed = false): void => {
    const o = stack.splice(i)[0];
    const depth = i;
    // Regions above the closed one that were never closed are dropped.
    const markLen = unclosed ? 0 : o.len;
    out.push({
      span: { start: o.start, end: endIncl },
      contentSpan: { start: o.start + o.len, end: endIncl - markLen },
      style: o.style,
      depth,
      paragraphs: depth === 0 ? runParas : 1,
      ...(unclosed ? { unclosed: true } : {}),
    });
    if (depth === 0) runParas = 1;
  };
  const findOpen = (style: string | ((s: string) => boolean)): number => {
    for (let k = stack.length - 1; k >= 0; k--) {
      if (typeof style === 'string' ? stack[k].style === style : style(stack[k].style)) return k;
    }
    return -1;
  };

  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p];
    let firstVisible = para.start;
    while (firstVisible < para.end && /\s/.test(text[firstVisible])) firstVisible++;
    for (let i = para.start; i < para.end; i++) {
      if (i === skipAt || i === skipAt2) continue;
      const c = text[i];
      const prev = i > para.start ? text[i - 1] : undefined;
      const next = i + 1 < para.end ? text[i + 1] : undefined;
      const push = (style: string, len = 1): void => void stack.push({ style, start: i, para: p, atParaStart: i === firstVisible, len });
      if ((c === "'" || c === '`') && next === c && doubledMark(c, prev, i + 2 < para.end ? text[i + 2] : undefined, { push, close: (k) => close(k, i + 2), findOpen })) {
        i++;
        continue;
      }
      switch (c) {
        case '“': {
          const k = findOpen('low-high');
          if (k >= 0 && stack.length - 1 === k) close(k, i + 1);
          else push('curly-double');
          break;
        }
        case '”': {
          // Scraped text mixes marks ("… ,” he said), so ” closes any open double quote.
          const k = findOpen(isDouble);
          if (k >= 0) close(k, i + 1);
          break;
        }
        case '„':
          push('low-high');
          break;
        case '«': {
          const r = extended ? findOpen('reversed-guillemets') : -1;
          if (r >= 0 && !isSpace(prev)) close(r, i + 1);
          else push('guillemets');
          break;
        }
        case '»': {
          const k = findOpen('guillemets');
          if (k >= 0) close(k, i + 1);
          else if (extended && !isSpace(next) && findOpen('reversed-guillemets') < 0) push('reversed-guillemets');
          break;
        }
        case '‹':
        case '›':
        case '\u05F4':
          if (extended) extendedMark(c, prev, next, { push, close: (k) => close(k, i + 1), findOpen });
          break;
        case '"': {
          const looksCloser = !isSpace(prev) && !isLetter(next);
          const k = findOpen(isDouble);
          if (k >= 0 && (looksCloser || stack[stack.length - 1].style === 'straight-double')) close(k, i + 1);
          else if (isOpenerContext(prev) && !isSpace(next)) push('straight-double');
          break;
        }
        case '‘':
          if (!isLetter(prev)) push('curly-single');
          break;
        case '’': {
          if (isLetter(prev) && isLetter(next)) break; // Shi’ite, Netanyahu’s
          const k = findOpen('curly-single');
          if (k >= 0 && !isSpace(prev) && !isLetter(next)) close(k, i + 1);
          break;
        }
        case "'": {
          if (isLetter(prev) && isLetter(next)) break; // don't, Qur'an
          const k = findOpen('straight-single');
          if (k >= 0 && !isSpace(prev) && !isLetter(next)) close(k, i + 1);
          else if (k < 0 && isOpenerContext(prev) && next !== undefined && /\p{L}/u.test(next)) push('straight-single'); // not '90s
          break;
        }
      }
    }
    // Paragraph boundary: single quotes never run on; a top-level double quote may.
    while (stack.length && !DOUBLE.has(stack[stack.length - 1].style)) stack.pop();
    if (!stack.length) continue;
    // Inner quotes still open at a paragraph end are dropped; only the outermost may continue.
    stack.splice(1);
    const open = stack[0];
    const nextPara = paragraphs[p + 1];
    const reopen = nextPara ? reopenedAt(text, nextPara, open.style) : -1;
    if (reopen >= 0) {
      skipAt = reopen; // the repeated opening mark continues this quotation
      if (open.len === 2) skipAt2 = reopen + 1;
    }
    if (reopen >= 0 || (nextPara && open.atParaStart && closesBeforeReopening(text, nextPara, open.style))) {
      runParas++;
    } else {
      let end = para.end;
      while (end > open.start + 1 && /\s/.test(text[end - 1])) end--;
      close(0, end, true);
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start || a.depth - b.depth);
}

interface MarkOps {
  push(style: string, len?: number): void;
  close(k: number): void;
  findOpen(style: string): number;
}

/** '' and `` stand for a double mark: '' closes an open one after a non-space, otherwise both open one. Returns
 * whether the pair was read as a mark. */
function doubledMark(c: string, prev: string | undefined, after: string | undefined, ops: MarkOps): boolean {
  const k = ops.findOpen('doubled-single');
  if (c === "'" && k >= 0 && !isSpace(prev)) {
    ops.close(k);
    return true;
  }
  if (isOpenerContext(prev) && !isSpace(after)) {
    ops.push('doubled-single', 2);
    return true;
  }
  return false;
}

/** The marks read only for the non-English languages: ‹…› and Hebrew ״…״ (never inside a word: צה״ל). */
function extendedMark(c: string, prev: string | undefined, next: string | undefined, ops: MarkOps): void {
  if (c === '‹') ops.push('single-guillemets');
  else if (c === '›') {
    const k = ops.findOpen('single-guillemets');
    if (k >= 0) ops.close(k);
  } else {
    if (isLetter(prev) && isLetter(next)) return; // an acronym mark, not a quote
    const k = ops.findOpen('gershayim');
    if (k >= 0 && !isSpace(prev)) ops.close(k);
    else if (k < 0 && isOpenerContext(prev) && !isSpace(next)) ops.push('gershayim');
  }
}

/** Where the next paragraph repeats the opening mark of a quotation running on (its first visible character), or -1. */
function reopenedAt(text: string, para: Span, style: string): number {
  let j = para.start;
  while (j < para.end && /\s/.test(text[j])) j++;
  return text.startsWith(OPENER_OF[style], j) || (style === 'doubled-single' && text.startsWith('``', j)) ? j : -1;
}

function closesBeforeReopening(text: string, para: Span, style: string): boolean {
  const closers = style === 'straight-double' ? '"' : style === 'guillemets' ? '»' : style === 'gershayim' ? '\u05F4' : '”“';
  const opener = OPENER_OF[style];
  for (let i = para.start; i < para.end; i++) {
    const c = text[i];
    if (style === 'doubled-single') {
      if (c === "'" && text[i + 1] === "'") return !isSpace(text[i - 1]);
      continue;
    }
    if (style === 'straight-double' && c === '"') return !isSpace(text[i - 1]);
    if (closers.includes(c)) return true;
    if (c === opener) return false;
  }
  return false;
}

/** Top-level regions only, sorted: what decides the voice of a span. */
export function topLevel(regions: QuoteRegion[]): QuoteRegion[] {
  return regions.filter((r) => r.depth === 0);
}

/**
 * The innermost quote region whose content contains the span, or null. `regions` must be sorted by start
 * (as the product is); a binary search finds the candidates, so a lookup is O(log n + nesting).
 */
export function quoteRegionAt(regions: readonly QuoteRegion[], s: Span): QuoteRegion | null {
  let lo = 0;
  let hi = regions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (regions[mid].span.start <= s.start) lo = mid + 1;
    else hi = mid;
  }
  let best: QuoteRegion | null = null;
  for (let k = lo - 1; k >= 0; k--) {
    const r = regions[k];
    if (r.contentSpan.start <= s.start && s.end <= r.contentSpan.end) {
      if (!best || r.depth > best.depth) best = r;
    }
    if (r.depth === 0 && r.span.end <= s.start) break;
  }
  return best;
}
