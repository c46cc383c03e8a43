/**
 * A pre-filter for the cue patterns: where in a text can a pattern's match start?
 *
 * Each pattern is read once (in compileLexicon) into the set of literal beginnings every match must have ("the"
 * + white space + "biggest", a word boundary + "so-called", …). All beginnings of all patterns go into one trie,
 * which is walked once per text from the positions where a beginning can start; a pattern is then tried (sticky)
 * only at its candidate positions, in order, from the end of its previous match. Every position the regex's own
 * scan would match at is a candidate, and a sticky attempt at a position is the very attempt the scan makes
 * there, so the matches are exactly those of the global scan (the leftmost match at or after the previous end).
 *
 * The analysis is conservative: a pattern construct it does not model only shortens a beginning (it becomes a
 * prefix), and a pattern it cannot read, or one with a beginning that consumes nothing, is not gated at all.
 */

/** Markers inside a beginning (never literal in a pattern: such a pattern is not gated). */
const WB = '\u0001'; // \b: a word boundary (ASCII \w, as in a 'u' regex without 'i')
const SP = '\u0002'; // \s: one white-space character
const SPS = '\u0003'; // \s+: one or more white-space characters

interface Prefix {
  s: string;
  /** The whole match of the construct is s (so what follows may extend it). */
  complete: boolean;
}
type Info = Prefix[];

const MAX_PREFIXES = 512;
const UNKNOWN: Info = [{ s: '', complete: false }];
const EMPTY: Info = [{ s: '', complete: true }];

class Unsupported extends Error {}

function concat(a: Info, b: Info): Info {
  const completes = a.filter((x) => x.complete).length;
  if (completes * b.length > MAX_PREFIXES) return a.map((x) => ({ s: x.s, complete: false }));
  const out: Info = [];
  for (const x of a) {
    if (!x.complete) out.push(x);
    else for (const y of b) out.push({ s: x.s + y.s, complete: y.complete });
  }
  return dedupe(out);
}

function dedupe(xs: Info): Info {
  const seen = new Map<string, Prefix>();
  for (const x of xs) {
    const k = (x.complete ? '1' : '0') + x.s;
    if (!seen.has(k)) seen.set(k, x);
  }
  return [...seen.values()];
}

/** Too many beginnings: shorten them (a shorter beginning is still a beginning) until few enough. */
function shrink(xs: Info): Info {
  for (let len = 12; xs.length > MAX_PREFIXES && len > 0; len -= 2) {
    xs = dedupe(xs.map((x) => (x.s.length > len ? { s: x.s.slice(0, len), complete: false } : x)));
  }
  if (xs.length > MAX_PREFIXES) throw new Unsupported('too many beginnings');
  return xs;
}

/** The beginnings an escape (`\b`, `\s`, `\p{L}`, `\.`) at `at` (after the backslash) can give, and where it ends. */
function escapeAtom(src: string, at: number): { info: Info; next: number } {
  const d = src[at];
  const next = at + 1;
  if (d === 'b') return { info: [{ s: WB, complete: true }], next };
  if (d === 'B') return { info: EMPTY, next };
  if (d === 's') return { info: [{ s: SP, complete: true }], next };
  if (d === 'S' || d === 'w' || d === 'W' || d === 'd' || d === 'D') return { info: UNKNOWN, next };
  if (d === 'p' || d === 'P') {
    if (src[next] !== '{') throw new Unsupported('property');
    const e = src.indexOf('}', next);
    if (e < 0) throw new Unsupported('property');
    return { info: UNKNOWN, next: e + 1 };
  }
  const ctl: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
  if (d in ctl) return { info: [{ s: ctl[d], complete: true }], next };
  if (d !== undefined && /[\^$\\.*+?()[\]{}|/-]/.test(d)) return { info: [{ s: d, complete: true }], next };
  throw new Unsupported(`escape \\${d}`);
}

/** The beginnings of a pattern's matches, or null when it cannot be gated. */
export function patternBeginnings(src: string): string[] | null {
  if (/[\u0001-\u0003]/.test(src)) return null;
  let i = 0;
  const parseAlt = (): Info => {
    let out = parseSeq();
    while (src[i] === '|') {
      i++;
      out = shrink(dedupe([...out, ...parseSeq()]));
    }
    return out;
  };
  const parseSeq = (): Info => {
    let out = EMPTY;
    while (i < src.length && src[i] !== '|' && src[i] !== ')') out = concat(out, parseQuant(parseAtom()));
    return out;
  };
  const parseAtom = (): Info => {
    const c = src[i++];
    if (c === '(') {
      let zeroWidth = false;
      if (src[i] === '?') {
        if (src[i + 1] === ':') i += 2;
        else if (src[i + 1] === '=' || src[i + 1] === '!') {
          i += 2;
          zeroWidth = true;
        } else if (src[i + 1] === '<' && (src[i + 2] === '=' || src[i + 2] === '!')) {
          i += 3;
          zeroWidth = true;
        } else if (src[i + 1] === '<') {
          const e = src.indexOf('>', i);
          if (e < 0) throw new Unsupported('group name');
          i = e + 1;
        } else throw new Unsupported('group');
      }
      const inner = parseAlt();
      if (src[i] !== ')') throw new Unsupported('unclosed group');
      i++;
      return zeroWidth ? EMPTY : inner;
    }
    if (c === '[') {
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') {
        if (src[i] === '\\') i++;
        i++;
      }
      if (src[i] !== ']') throw new Unsupported('class');
      i++;
      return UNKNOWN;
    }
    if (c === '.') return UNKNOWN;
    if (c === '^' || c === '$') return EMPTY;
    if (c === '\\') {
      const esc = escapeAtom(src, i);
      i = esc.next;
      return esc.info;
    }
    if (c === undefined || '*+?{}])|'.includes(c)) throw new Unsupported('syntax');
    const cp = src.codePointAt(i - 1)!;
    const ch = String.fromCodePoint(cp);
    i += ch.length - 1;
    return [{ s: ch, complete: true }];
  };
  const parseQuant = (atom: Info): Info => {
    let min: number;
    let max: number;
    const c = src[i];
    if (c === '?') {
      min = 0;
      max = 1;
      i++;
    } else if (c === '*') {
      min = 0;
      max = Infinity;
      i++;
    } else if (c === '+') {
      min = 1;
      max = Infinity;
      i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) throw new Unsupported('brace');
      i += m[0].length;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
    } else return atom;
    if (src[i] === '?') i++;
    const isSpace = atom.length === 1 && atom[0].s === SP && atom[0].complete;
    if (isSpace && max === Infinity && min <= 1) {
      const plus: Info = [{ s: SPS, complete: true }];
      return min === 0 ? [...EMPTY, ...plus] : plus;
    }
    const first = atom.map((x) => ({ s: x.s, complete: false }));
    if (min === 0) return max === 1 ? dedupe([...EMPTY, ...atom]) : dedupe([...EMPTY, ...first]);
    return min === 1 && max === 1 ? atom : dedupe(first);
  };
  try {
    const out = parseAlt();
    if (i !== src.length) return null;
    const list: string[] = [];
    for (const p of out) {
      // A beginning that consumes nothing gates nothing.
      if (!/[^\u0001]/.test(p.s)) return null;
      list.push(p.s);
    }
    return [...new Set(list)];
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

interface Node {
  /** Indices of the patterns a beginning of which ends here. */
  ends: number[];
  next: Map<number, Node>;
  wb: Node | null;
  sp: Node | null;
  sps: Node | null;
  /** After building: next as parallel arrays (a short list is searched faster than a Map). */
  codes: number[];
  kids: Node[];
}
const node = (): Node => ({ ends: [], next: new Map(), wb: null, sp: null, sps: null, codes: [], kids: [] });
const SMALL = 8;
function freeze(n: Node): void {
  for (const [c, k] of n.next) {
    n.codes.push(c);
    n.kids.push(k);
    freeze(k);
  }
  for (const k of [n.wb, n.sp, n.sps]) if (k) freeze(k);
}
function child(n: Node, c: number): Node | undefined {
  const codes = n.codes;
  if (codes.length > SMALL) return n.next.get(c);
  for (let i = 0; i < codes.length; i++) if (codes[i] === c) return n.kids[i];
  return undefined;
}

const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
const SPACE_RE = /\s/;
const isSpaceCode = (c: number): boolean => (c < 128 ? c === 32 || (c >= 9 && c <= 13) : SPACE_RE.test(String.fromCharCode(c)));

export interface CueGate {
  /** Per pattern index: its candidate start positions in the text (ascending), or null for an ungated pattern. */
  candidates(text: string): Array<number[] | null>;
}

/** One trie over the beginnings of all gated patterns (null entries are not gated). */
export function buildCueGate(beginnings: Array<string[] | null>): CueGate {
  const root = node();
  for (let k = 0; k < beginnings.length; k++) {
    const list = beginnings[k];
    if (!list) continue;
    for (const s of list) {
      let n = root;
      for (let j = 0; j < s.length; j++) {
        const c = s.charCodeAt(j);
        if (s[j] === WB) n = n.wb ??= node();
        else if (s[j] === SP) n = n.sp ??= node();
        else if (s[j] === SPS) n = n.sps ??= node();
        else {
          let m = n.next.get(c);
          if (!m) n.next.set(c, (m = node()));
          n = m;
        }
      }
      if (!n.ends.includes(k)) n.ends.push(k);
    }
  }
  freeze(root);
  // Positions where a walk can begin: a literal first character, or a word boundary / white space at the root.
  const rootAtBoundaryOnly = root.next.size === 0 && !root.sp && !root.sps && root.ends.length === 0;
  // From a word boundary, which first two (ASCII) characters can lead anywhere: pairOk[c1 * 128 + c2]; a pair
  // outside ASCII is always walked. Only a shortcut: the walk itself decides.
  const pairOk = new Uint8Array(128 * 128);
  const wbRoot = root.wb;
  if (wbRoot) {
    const anyFirst = wbRoot.ends.length > 0 || !!wbRoot.wb || !!wbRoot.sp || !!wbRoot.sps;
    for (let c1 = 0; c1 < 128; c1++) {
      const child = wbRoot.next.get(c1);
      if (anyFirst) pairOk.fill(1, c1 * 128, c1 * 128 + 128);
      if (!child) continue;
      const anySecond = child.ends.length > 0 || !!child.wb;
      for (let c2 = 0; c2 < 128; c2++) {
        if (anySecond || child.next.has(c2) || ((child.sp || child.sps) && isSpaceCode(c2))) pairOk[c1 * 128 + c2] = 1;
      }
    }
  }

  return {
    candidates(text: string): Array<number[] | null> {
      const out: Array<number[] | null> = beginnings.map((b) => (b ? [] : null));
      const n = text.length;
      let start = 0;
      const mark = (ends: number[]): void => {
        for (const k of ends) {
          const list = out[k]!;
          if (list.length === 0 || list[list.length - 1] !== start) list.push(start);
        }
      };
      const boundaryAt = (p: number): boolean => {
        const a = p > 0 && isWordCode(text.charCodeAt(p - 1));
        const b = p < n && isWordCode(text.charCodeAt(p));
        return a !== b;
      };
      const walk = (nd: Node, p: number): void => {
        for (;;) {
          if (nd.ends.length) mark(nd.ends);
          if (nd.wb && boundaryAt(p)) walk(nd.wb, p);
          if (p >= n) return;
          const c = text.charCodeAt(p);
          if ((nd.sp || nd.sps) && isSpaceCode(c)) {
            if (nd.sp) walk(nd.sp, p + 1);
            if (nd.sps) {
              for (let q = p + 1; ; q++) {
                walk(nd.sps, q);
                if (q >= n || !isSpaceCode(text.charCodeAt(q))) break;
              }
            }
          }
          const m = child(nd, c);
          if (!m) return;
          nd = m;
          p++;
        }
      };
      if (rootAtBoundaryOnly) {
        const wb = root.wb;
        if (wb) {
          let prevWord = false;
          let c = n > 0 ? text.charCodeAt(0) : -1;
          for (let p = 0; p <= n; p++) {
            const c2 = p + 1 < n ? text.charCodeAt(p + 1) : -1;
            const w = p < n && isWordCode(c);
            if (w !== prevWord && (c < 0 || c >= 128 || c2 < 0 || c2 >= 128 || pairOk[c * 128 + c2] === 1)) {
              start = p;
              walk(wb, p);
            }
            prevWord = w;
            c = c2;
          }
        }
      } else {
        for (let p = 0; p <= n; p++) {
          start = p;
          walk(root, p);
        }
      }
      return out;
    },
  };
}
