/**
 * Finding listed terms (names, epithets, reporting verbs) in text of one language, on the folded text
 * (src/core/lang/fold.ts) with the few morphological rules that decide whether a written word is a form of a listed
 * word:
 *
 * - Hebrew: up to three one-letter prefixes (ו ה ב כ ל מ ש) on the first word, with the article ה elided after
 *   ב/כ/ל ("במשטר האיראני" is a form of "המשטר האיראני").
 * - Arabic: the conjunctions و/ف and the prepositions ب/ك/ل on the first word, with لل for ل + ال.
 * - Persian: plural, ezafe, indefinite and pronoun suffixes on the last word (ها، های، ی، ای، ش …; the zero-width
 *   non-joiner before them is already folded away).
 * - Russian: case endings on every word, compared by a light stem (the word less its longest nominal or adjectival
 *   ending, keeping at least four letters): "сионистского режима" is a form of "сионистский режим".
 * - Turkish and Azerbaijani: suffixes on the last word, after an apostrophe ("İsrail'in": the span stops at the
 *   apostrophe) or attached to a word of four letters or more ("rejimin", "Ermənistanın").
 *
 * Matches never overlap: the longest term wins at a position, then the one matched without rules. Spans are offsets
 * into the original text (toOriginal), so right-to-left text and marks stay as written.
 */
import { fold, foldTerm, toOriginal, type Folded } from './fold.js';

export interface TermSpec<T> {
  /** The term as written (any case, marks and spelling variants fold away). */
  form: string;
  value: T;
  /** Folded words that cancel the match when they come right after it ("Америка" before "Латинская" is not the US). */
  notFollowedBy?: string[];
  /** Folded words that cancel the match when they come right before it. */
  notAfter?: string[];
  /** Match the words as listed: no prefixes or suffixes taken off (Russian endings still are). For verb forms listed in full. */
  exact?: boolean;
  /** Match only with a prefix taken off (Hebrew עזה alone is also the adjective "fierce"; בעזה, מעזה are Gaza). */
  needsPrefix?: boolean;
}

export interface TermMatch<T> {
  /** Offsets into the original text. */
  start: number;
  end: number;
  value: T;
  /** The listed form that matched. */
  form: string;
  /** 'exact': the words as listed; 'inflected': a suffix or case ending; 'clitic': a prefix was taken off. */
  how: 'exact' | 'inflected' | 'clitic';
}

interface CompiledTerm<T> {
  spec: TermSpec<T>;
  words: string[];
  /** Russian: the readings (ruStems) of each word. */
  stems: string[][] | null;
  notFollowedBy: Set<string> | null;
  notAfter: Set<string> | null;
  /** A one-word term listed with a capital must be written with one (Russian "Газа" is not "газа", gas). */
  cased: boolean;
}

export interface TermTable<T> {
  lang: string;
  byKey: Map<string, Array<CompiledTerm<T>>>;
  size: number;
}

const GAP = /^[\s\-\u2010-\u2015\u05BE]{1,3}$/u;
const SPLIT = /[\s\-\u2010-\u2015\u05BE]+/u;
const MARK = /\p{M}/u;
const WORD = /[\p{L}\p{N}\p{M}]+(?:['"][\p{L}\p{N}\p{M}]+)*/gu;

/** Apostrophes and Hebrew geresh/gershayim to ASCII, one code unit for one (offsets do not move). */
function unifyMarks(s: string): string {
  return s.replace(/[\u2019\u02BC\u05F3]/g, "'").replace(/\u05F4/g, '"');
}

function foldWords(term: string, lang: string): string[] {
  return unifyMarks(foldTerm(term, lang)).split(SPLIT).filter(Boolean);
}

const RU_ENDINGS = [
  'ями', 'ами', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ый', 'ий', 'ой', 'ей', 'ую', 'юю',
  'ых', 'их', 'ым', 'им', 'ом', 'ем', 'ах', 'ях', 'ов', 'ев', 'ам', 'ям', 'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й',
];
/**
 * The readings of a folded Russian word: itself and the word less each case ending that leaves at least four
 * letters. Two words are forms of one word when their readings meet ("Песков"/"Пескова" meet in "песков",
 * "сионистский"/"сионистского" in "сионистск"); a light stem, no dictionary.
 */
export function ruStems(w: string): string[] {
  const out = [w];
  for (const e of RU_ENDINGS) if (w.length - e.length >= 4 && w.endsWith(e)) out.push(w.slice(0, -e.length));
  return out;
}

const FA_SUFFIXES = ['هایی', 'های', 'ها', 'یان', 'ان', 'ای', 'یی', 'اش', 'ام', 'ی', 'ش'];
const HE_PREFIX = new Set(['ו', 'ה', 'ב', 'כ', 'ל', 'מ', 'ש']);
const HE_ELIDE = new Set(['ב', 'כ', 'ל']);

interface Variant {
  base: string;
  /** Folded characters taken off the front (a clitic) and where the span ends within the word. */
  cut: number;
  end: number;
  how: TermMatch<unknown>['how'];
  /** The variant only stands for the last word of a term (a suffix was taken off). */
  lastOnly: boolean;
  /** The variant only stands for the first word of a term (a prefix was taken off). */
  firstOnly: boolean;
}

/** The readings of one folded word: itself and what is left after the language's prefixes or suffixes. */
function variants(w: string, lang: string): Variant[] {
  const out: Variant[] = [{ base: w, cut: 0, end: w.length, how: 'exact', lastOnly: false, firstOnly: false }];
  if (lang === 'he') {
    for (let k = 1; k <= 3 && w.length - k >= 2 && HE_PREFIX.has(w[k - 1]!); k++) {
      out.push({ base: w.slice(k), cut: k, end: w.length, how: 'clitic', lastOnly: false, firstOnly: true });
      if (HE_ELIDE.has(w[k - 1]!)) out.push({ base: 'ה' + w.slice(k), cut: k, end: w.length, how: 'clitic', lastOnly: false, firstOnly: true });
    }
  } else if (lang === 'ar') {
    let k = 0;
    if ((w[k] === 'و' || w[k] === 'ف') && w.length - k > 3) k++;
    if (k > 0) out.push({ base: w.slice(k), cut: k, end: w.length, how: 'clitic', lastOnly: false, firstOnly: true });
    if (w.startsWith('لل', k) && w.length - k > 3) out.push({ base: 'ا' + w.slice(k + 1), cut: k, end: w.length, how: 'clitic', lastOnly: false, firstOnly: true });
    else if ((w[k] === 'ب' || w[k] === 'ک' || w[k] === 'ل') && w.length - k > 3) out.push({ base: w.slice(k + 1), cut: k + 1, end: w.length, how: 'clitic', lastOnly: false, firstOnly: true });
  } else if (lang === 'fa') {
    for (const s of FA_SUFFIXES) {
      if (w.length - s.length >= 2 && w.endsWith(s)) out.push({ base: w.slice(0, -s.length), cut: 0, end: w.length, how: 'inflected', lastOnly: true, firstOnly: false });
    }
  } else if (lang === 'ru') {
    for (const st of ruStems(w).slice(1)) out.push({ base: st, cut: 0, end: w.length, how: 'inflected', lastOnly: false, firstOnly: false });
  } else if (lang === 'tr' || lang === 'az') {
    const ap = w.indexOf("'");
    if (ap > 0) {
      out[0] = { base: w.slice(0, ap), cut: 0, end: ap, how: 'exact', lastOnly: false, firstOnly: false };
    } else {
      for (let n = w.length - 1; n >= 4 && w.length - n <= 10; n--) out.push({ base: w.slice(0, n), cut: 0, end: w.length, how: 'inflected', lastOnly: true, firstOnly: false });
    }
  }
  return out;
}

/** Compiles a term list for one language; the same term may be listed once per value. */
export function compileTermTable<T>(lang: string, specs: ReadonlyArray<TermSpec<T>>): TermTable<T> {
  const byKey = new Map<string, Array<CompiledTerm<T>>>();
  let size = 0;
  for (const spec of specs) {
    const words = foldWords(spec.form, lang);
    if (!words.length) continue;
    const stems = lang === 'ru' ? words.map(ruStems) : null;
    const fold1 = (xs: string[] | undefined): Set<string> | null => (xs?.length ? new Set(xs.map((x) => unifyMarks(foldTerm(x, lang)))) : null);
    const c: CompiledTerm<T> = { spec, words, stems, notFollowedBy: fold1(spec.notFollowedBy), notAfter: fold1(spec.notAfter), cased: words.length === 1 && /^\p{Lu}/u.test(spec.form) };
    for (const key of stems ? stems[0]! : [words[0]!]) {
      const list = byKey.get(key) ?? [];
      list.push(c);
      byKey.set(key, list);
    }
    size++;
  }
  return { lang, byKey, size };
}

interface FoldedWord {
  s: string;
  start: number;
  end: number;
}

/** The folded text's words (offsets into the folded text). */
export function foldedWords(folded: Folded): FoldedWord[] {
  const t = unifyMarks(folded.text);
  const out: FoldedWord[] = [];
  for (const m of t.matchAll(WORD)) out.push({ s: m[0], start: m.index!, end: m.index! + m[0].length });
  return out;
}

/** Does folded word `w` stand for term word `tw` at this position (first/last of the term)? */
function wordMatches(table: TermTable<unknown>, w: string, term: CompiledTerm<unknown>, k: number): Variant | undefined {
  const last = k === term.words.length - 1;
  const first = k === 0;
  const want = term.stems ? term.stems[k]! : [term.words[k]!];
  const vs = variants(w, table.lang);
  for (const v of term.spec.exact ? vs.slice(0, 1) : vs) {
    if (!want.includes(v.base)) continue;
    if (v.lastOnly && !last) continue;
    if (v.firstOnly && !first) continue;
    return v;
  }
  return undefined;
}

/** Every non-overlapping match of the table's terms in `text`, left to right. */
export function findTerms<T>(text: string, table: TermTable<T>, folded: Folded = fold(text, table.lang)): Array<TermMatch<T>> {
  const words = foldedWords(folded);
  const ft = folded.text;
  const out: Array<TermMatch<T>> = [];
  for (let i = 0; i < words.length; ) {
    let best: { n: number; term: CompiledTerm<T>; first: Variant; lastV: Variant; rank: number } | undefined;
    const seen = new Set<CompiledTerm<T>>();
    for (const v0 of variants(words[i]!.s, table.lang)) {
      const list = table.byKey.get(v0.base);
      if (!list) continue;
      for (const term of list) {
        if (seen.has(term)) continue;
        seen.add(term);
        const n = term.words.length;
        if (i + n > words.length) continue;
        const first = wordMatches(table as TermTable<unknown>, words[i]!.s, term as CompiledTerm<unknown>, 0);
        if (!first) continue;
        let lastV = first;
        let ok = true;
        for (let k = 1; k < n && ok; k++) {
          if (!GAP.test(ft.slice(words[i + k - 1]!.end, words[i + k]!.start))) ok = false;
          else {
            const v = wordMatches(table as TermTable<unknown>, words[i + k]!.s, term as CompiledTerm<unknown>, k);
            if (!v) ok = false;
            else lastV = v;
          }
        }
        if (!ok) continue;
        if (term.spec.needsPrefix && first.how !== 'clitic') continue;
        if (term.cased && !/\p{Lu}/u.test(text[folded.map[words[i]!.start + first.cut]!] ?? '')) continue;
        const next = words[i + n];
        if (term.notFollowedBy && next && GAP.test(ft.slice(words[i + n - 1]!.end, next.start)) && variants(next.s, table.lang).some((v) => term.notFollowedBy!.has(v.base))) continue;
        const prev = words[i - 1];
        if (term.notAfter && prev && GAP.test(ft.slice(prev.end, words[i]!.start)) && term.notAfter.has(prev.s)) continue;
        const rank = n * 4 - (first.how === 'exact' ? 0 : 1) - (lastV.how === 'exact' ? 0 : 1);
        if (!best || rank > best.rank) best = { n, term, first, lastV, rank };
      }
    }
    if (!best) {
      i++;
      continue;
    }
    const fs = words[i]!.start + best.first.cut;
    const lastWord = words[i + best.n - 1]!;
    const fe = lastWord.start + (best.n === 1 ? best.first.end : best.lastV.end);
    const span = toOriginal(folded, fs, fe);
    // Marks folded away after the last letter (a final harakah, niqqud) belong to the word: keep them in the span.
    while (span.end < text.length && MARK.test(text[span.end]!)) span.end++;
    const asListed = best.term.words.every((tw, k) => words[i + k]!.s === tw);
    const how: TermMatch<T>['how'] = best.first.how === 'clitic' ? 'clitic' : asListed || (best.first.how === 'exact' && best.lastV.how === 'exact' && !best.term.stems) ? 'exact' : 'inflected';
    out.push({ start: span.start, end: span.end, value: best.term.spec.value, form: best.term.spec.form, how });
    i += best.n;
  }
  return out;
}
