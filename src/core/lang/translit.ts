/**
 * A sound key for a name written in Latin or Cyrillic script, so the same person named by outlets in English,
 * Russian, Turkish and Azerbaijani lands on one actor ("Jens Aukland" / "Йенс Аукланд" / "Yens Aukland").
 *
 * Cyrillic is transliterated letter by letter (a simple scheme close to BGN/PCGN, with the Azerbaijani, Kazakh and
 * Ukrainian letters news uses), Latin letters lose their diacritics (ə → e, ı → i, ş → s), and the spellings that
 * transliteration systems disagree on become one: j and y (Jens / Yens, Anja / Anya), w and v, kh and x and h,
 * doubled letters and the soft and hard signs. Scripts without vowels (Arabic, Persian, Hebrew) are not keyed here:
 * their vowels are not written, so one skeleton stands for many Latin names; those names are matched only through
 * the multilingual lexicon (actors/ml), never guessed.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian and Belarusian
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u',
  // Azerbaijani (Cyrillic era), Kazakh and other Turkic Cyrillic
  ә: 'e', ғ: 'gh', ҹ: 'j', һ: 'h', ө: 'o', ү: 'u', ҝ: 'g', ј: 'y', қ: 'q', ң: 'ng', ұ: 'u',
};

/** Latin letters that NFD does not take apart. */
const LATIN: Record<string, string> = { ə: 'e', ı: 'i', ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', ł: 'l', þ: 'th' };

const MARKS = /\p{M}/gu;
const HAS_LATIN_OR_CYRILLIC = /[\p{Script=Latin}\p{Script=Cyrillic}]/u;
const OTHER_LETTER = /[^\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * The sound key of one word of a name: lower-case ASCII letters, or null when the word is not in Latin or Cyrillic
 * script (or has no letters).
 */
export function soundKey(word: string): string | null {
  if (!HAS_LATIN_OR_CYRILLIC.test(word) || OTHER_LETTER.test(word)) return null;
  let s = '';
  for (const ch of word.toLowerCase()) s += CYRILLIC[ch] ?? LATIN[ch] ?? ch;
  s = s
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(/[^a-z]/g, '');
  if (!s) return null;
  s = s
    .replace(/kh|x/g, 'h')
    .replace(/j/g, 'y')
    .replace(/w/g, 'v')
    .replace(/([a-z])\1+/g, '$1');
  return s;
}

/**
 * Endings by which a name's form in a case of Russian, Turkish or Azerbaijani grammar differs from its dictionary
 * form, as sound keys: Russian genitive/dative/instrumental/prepositional (Аукланда, Руску, Пеллом, Пелле) and
 * the Turkic genitive, dative and accusative after a consonant (Auklandın, Aukland'a, Pell'i).
 */
const CASE_ENDINGS = new Set(['a', 'u', 'e', 'y', 'i', 'om', 'em', 'ym', 'im', 'oy', 'ey', 'ya', 'yu', 'in', 'un', 'nin', 'nun', 'yi', 'ye', 'ni', 'na', 'ne', 'da', 'de', 'dan', 'den']);

/**
 * True when two words of a name are the same word: the same sound key, or one key is the other plus a case ending
 * and the longer comes from a language that inflects names (`aInflects`, `bInflects`: Russian "Аукланда" is
 * "Aukland", English "Auklanda" is another name), the shorter being at least three letters.
 */
export function sameNameWord(a: string, b: string, aInflects: boolean, bInflects: boolean): boolean {
  if (a === b) return true;
  const [short, long, longInflects] = a.length <= b.length ? [a, b, bInflects] : [b, a, aInflects];
  return longInflects && short.length >= 3 && long.startsWith(short) && CASE_ENDINGS.has(long.slice(short.length));
}
