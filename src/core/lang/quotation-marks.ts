/**
 * Quotations in text of any language, from its quotation marks: « » (Persian, Arabic, Russian, Turkish,
 * Azerbaijani), „ “ (Russian inner quotes, Hebrew), “ ” and ‹ ›, straight " and the Hebrew gershayim ״ — the last two
 * only where they open before a word and close after one, never inside a word (צה״ל, ארה"ב are abbreviations).
 * A quotation that is not closed before a blank line, or within 3,000 characters, is not one; nesting deeper than
 * eight is not read (the oldest opener is dropped), so a text of unclosed marks costs no more than any other.
 */
import type { Span } from '../span.js';

export interface Quotation {
  /** The quotation with its marks. */
  span: Span;
  /** Inside the marks. */
  contentSpan: Span;
  style: 'guillemets' | 'low-high' | 'curly-double' | 'single-guillemets' | 'straight-double' | 'gershayim';
  /** 0 for an outermost quotation. */
  depth: number;
}

const MAX_LEN = 3000;
/** Quotations nested deeper than this are not real: an opener below it is dropped (text full of unclosed marks). */
const MAX_DEPTH = 8;
const LETTER = /[\p{L}\p{N}]/u;
const CLOSE_AFTER = /[\p{L}\p{N}.,!?;:…)\]\u061F\u060C]/u;

interface Open {
  at: number;
  mark: string;
  style: Quotation['style'];
}

/** Every quotation in `text`, sorted by start (outer before inner). */
export function quotations(text: string): Quotation[] {
  const out: Quotation[] = [];
  const stack: Open[] = [];
  const push = (o: Open): void => {
    if (stack.length >= MAX_DEPTH) stack.shift();
    stack.push(o);
  };
  const close = (i: number): void => {
    const o = stack.pop()!;
    if (i - o.at <= MAX_LEN && i > o.at + 1) out.push({ span: { start: o.at, end: i + 1 }, contentSpan: { start: o.at + 1, end: i }, style: o.style, depth: stack.length });
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n' && text[i + 1] === '\n') {
      stack.length = 0; // a quotation does not run over a paragraph break
      continue;
    }
    const top = stack[stack.length - 1];
    if (top && i - top.at > MAX_LEN) stack.length = 0;
    switch (ch) {
      case '«':
        push({ at: i, mark: '«', style: 'guillemets' });
        break;
      case '»':
        if (top?.mark === '«') close(i);
        break;
      case '‹':
        push({ at: i, mark: '‹', style: 'single-guillemets' });
        break;
      case '›':
        if (top?.mark === '‹') close(i);
        break;
      case '„':
        push({ at: i, mark: '„', style: 'low-high' });
        break;
      case '“':
        if (top?.mark === '„') close(i);
        else push({ at: i, mark: '“', style: 'curly-double' });
        break;
      case '”':
        if (top?.mark === '“' || top?.mark === '„') close(i);
        break;
      case '"':
      case '\u05F4': {
        const before = text[i - 1] ?? '';
        const after = text[i + 1] ?? '';
        if (LETTER.test(before) && LETTER.test(after)) break; // inside a word: an abbreviation
        if (top?.mark === ch && CLOSE_AFTER.test(before)) close(i);
        else if (LETTER.test(after) || /["'«„“]/.test(after)) push({ at: i, mark: ch, style: ch === '"' ? 'straight-double' : 'gershayim' });
        break;
      }
      default:
        break;
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
}
