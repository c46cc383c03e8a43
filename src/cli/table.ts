import { escapeControls } from './io.js';

/** Display width of a string: combining marks take no column, wide East Asian characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (/\p{M}/u.test(ch) || cp === 0x200b) continue;
    w += cp >= 0x1100 && /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1faff}]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  }
  return w;
}

export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

export interface Column {
  header: string;
  /** Maximum width; the last flexible column takes what is left of the terminal. */
  max?: number;
  align?: 'left' | 'right';
  /** Styles a cell after it is escaped, truncated and padded (colour must not count toward the width). */
  paint?: (padded: string, cell: string) => string;
}

/**
 * A plain-text table: header, rule, rows; cells are single-line and truncated with an ellipsis. Cells are
 * untrusted text: control characters (a newline, an ANSI escape) are shown escaped, never written raw.
 */
export function renderTable(columns: Column[], rows: string[][], totalWidth = 120): string {
  const clean = (s: string) => escapeControls(s.trim()).replace(/\s+/g, ' ');
  const cells = rows.map((r) => r.map(clean));
  const widths = columns.map((c, i) =>
    Math.min(c.max ?? Infinity, Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i] ?? '')))),
  );
  const fixed = widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  if (fixed > totalWidth) {
    const last = widths.length - 1;
    widths[last] = Math.max(10, widths[last] - (fixed - totalWidth));
  }
  const pad = (s: string, i: number, paint: boolean) => {
    const t = truncate(s, widths[i]);
    const space = ' '.repeat(Math.max(0, widths[i] - displayWidth(t)));
    const padded = columns[i].align === 'right' ? space + t : t + space;
    return paint && columns[i].paint ? columns[i].paint!(padded, s) : padded;
  };
  const line = (r: string[], paint = true) => r.map((c, i) => pad(c ?? '', i, paint)).join('  ').replace(/\s+$/, '');
  const out = [line(columns.map((c) => c.header), false), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const r of cells) out.push(line(r));
  return `${out.join('\n')}\n`;
}
