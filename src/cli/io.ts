/** Where a command writes. Injected so that tests run commands in-process and read what they printed. */
export interface CliIO {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

export function useColor(io: CliIO): boolean {
  // https://no-color.org: any non-empty NO_COLOR disables colour.
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR) return true;
  return Boolean(io.stdout.isTTY);
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
}

export function style(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39) };
}

/*
 * Terminal safety. Titles, outlets, bylines, URLs, file names and the error messages that quote them come from
 * inputs nobody vetted; written raw, a newline in a file name forges an output line, an ANSI escape recolours
 * or clears the terminal (or sets its title), and a bidi override makes text read backwards. Every value that
 * did not come from Parallax itself goes through escapeControls (one line) or escapeControlsInText (multi-line
 * article text) before it reaches human-readable output. --json output needs none of this: JSON escapes control
 * characters itself, and the data must stay exactly as stored.
 */
// C0 controls, DEL, C1 controls (NEL and the 8-bit CSI among them), the Unicode line/paragraph separators, and
// the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). In one-line output (file names,
// errors) the invisible bidi marks too (ALM U+061C, LRM U+200E, RLM U+200F: they can reorder the neutral
// characters around them); article text keeps them, as Persian, Arabic and Hebrew text uses them legitimately.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const visible = (c: string) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16)}}`;

/** One line of untrusted text made safe to print: \n → "\n", ESC → "\u{1b}", U+202E → "\u{202e}"… */
export function escapeControls(s: string): string {
  return s.replace(UNSAFE, visible);
}

/** As escapeControls, but line breaks and tabs are kept: for article text printed as a block. */
export function escapeControlsInText(s: string): string {
  return s.replace(UNSAFE_IN_TEXT, visible);
}
