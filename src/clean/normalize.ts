/**
 * Text normalisation shared by every reader: the cleaned text is the coordinate system of every span
 * downstream, so it has to be the same for the same article whatever container it came in.
 *
 * Decisions (docs/cleaning.md, "Scraped plain text"):
 * - Lines are never joined. A single newline is a paragraph break as much as a blank line is: scraped
 *   text and feed bodies often put one paragraph per line (no blank lines), and joining lines would glue
 *   list items and headings to prose. Runs of blank lines collapse to exactly one blank line.
 * - Runs of horizontal white space inside a line collapse to one space (NBSP padding around dates and
 *   list markers is layout, not text).
 * - ZWNJ/ZWJ are kept between two letters or marks: Persian writes with ZWNJ inside words ("می‌خواهم"),
 *   Indic scripts and emoji sequences with ZWJ. Everywhere else they are invisible noise and go.
 * - The function is idempotent: normalizeText(normalizeText(s)) === normalizeText(s).
 */

// Line and paragraph separators that are not \n.
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;
// Spaces other than U+0020: NBSP, Ogham, en/em/thin/hair spaces, narrow NBSP, medium math, ideographic; and tab.
const UNICODE_SPACES = /[\t\u000B\u000C\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// Invisible format characters that carry no text: ZWSP, word joiner, BOM/ZWNBSP, soft hyphen, Mongolian
// vowel separator, LRM/RLM/ALM and the bidi embedding/isolate controls, invisible operators.
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD\u180E\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\u2061-\u2064]/g;
// C0 controls except \n (tab and VT/FF were already turned into spaces), DEL and C1 controls.
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u0084\u0086-\u009F]/g;
// ZWNJ / ZWJ not between two letters/marks/emoji (those inside words are kept, see above).
const JOINER_NEIGHBOUR = /[\p{L}\p{M}\p{Extended_Pictographic}\u{FE0F}]/u;

function dropStrayJoiners(s: string): string {
  if (!/[\u200C\u200D]/.test(s)) return s;
  const cps = Array.from(s);
  let out = '';
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c === '\u200C' || c === '\u200D') {
      const prev = cps[i - 1];
      const next = cps[i + 1];
      if (!(prev && next && JOINER_NEIGHBOUR.test(prev) && JOINER_NEIGHBOUR.test(next))) continue;
    }
    out += c;
  }
  return out;
}

/** Normalise one text: NFC, LF line ends, plain spaces, no invisible/control characters, trimmed lines, one blank line between blocks. */
export function normalizeText(s: string): string {
  let t = s.replace(LINE_BREAKS, '\n');
  t = t.replace(UNICODE_SPACES, ' ');
  t = t.replace(INVISIBLE, '');
  t = t.replace(CONTROLS, '');
  t = dropStrayJoiners(t);
  // NFC after the removals: dropping an invisible character can bring a base letter and its combining
  // mark together, and composing last keeps the function idempotent.
  t = t.normalize('NFC');
  const lines = t.split('\n').map((line) => line.replace(/ {2,}/g, ' ').trim());
  const out: string[] = [];
  for (const line of lines) {
    if (line === '') {
      if (out.length && out[out.length - 1] !== '') out.push('');
    } else {
      out.push(line);
    }
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** Split normalised text into paragraphs: blocks separated by a blank line or a single newline. */
export function splitParagraphs(text: string): string[] {
  return text.split(/\n+/).filter((p) => p.trim() !== '');
}
