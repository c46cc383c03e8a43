/**
 * How a negation word reads for the claim it stands before — one answer for every analyzer that asks "is this a
 * denial?" (relations, events), so that a statement is never a denial in one view and support in another.
 *
 * - `denial`: the text says the proposition is false or will not be ("not", "never", "cannot be", "would never",
 *   "will not", "denied").
 * - `not-only`: "not simply / merely / just / only / solely / necessarily X" grants X and says it is not the whole
 *   story ("the purpose cannot simply be to sell weapons", "cannot be simply to sell"): no denial, and no plain
 *   support either.
 * - `modal`: negated possibility, ability or obligation ("could not provide", "might not", "should not allow",
 *   "must not"): a statement about what was possible or required, not that the proposition is false. "Could
 *   not" is most often past ability ("at the time X could not provide Y"), which says nothing about now.
 *
 * Callers treat `denial` as asserted = false and the other two as hedged (neither support nor denial).
 * Words are lower-cased tokens as wink splits them ("cannot" → "can" "not", "couldn't" → "could" "n't").
 */
export type NegationReading = 'denial' | 'not-only' | 'modal';

const NOT_ONLY = new Set(['simply', 'merely', 'just', 'only', 'solely', 'necessarily', 'exactly', 'entirely', 'purely']);
const NON_DENYING_MODALS = new Set(['could', 'might', 'may', 'should', 'must', 'ought', 'need', 'needs']);

const BE = new Set(['be', 'is', 'are', 'was', 'were', 'been', 'being']);

/**
 * @param prev the word before the negator (lower case), if any
 * @param after the words after the negator (lower case), at least two where the text has them: "not simply",
 *   and "cannot be simply" (a form of "be" between the negator and the adverb), read as not-only
 */
export function readNegation(prev: string | undefined, after: readonly (string | undefined)[]): NegationReading {
  const [a, b] = after;
  if (a !== undefined && (NOT_ONLY.has(a) || (BE.has(a) && b !== undefined && NOT_ONLY.has(b)))) return 'not-only';
  if (prev !== undefined && NON_DENYING_MODALS.has(prev)) return 'modal';
  return 'denial';
}

/**
 * What the words of the sentence before a claim's cue make of it, beyond a negator next to the cue:
 *
 * - `hypothetical`: a condition or supposition governs it — the sentence opens with a conditional ("if",
 *   "unless", "whether", "supposing", "assuming", "provided that", "lest") or an inverted one ("Had X been…", "Were X
 *   to…", "Should X become…"), or such a word stands before the claim in its sentence ("Peru would object if Norway
 *   sold drones"); or it is a past expectation not met ("was supposed to sell", "was to have sold").
 * - `denial`: a matrix clause denies the clause the claim is in ("it is not true that…", "it is false that…",
 *   "denied that…", "there is no truth in reports that…").
 * - null: neither.
 *
 * Such a statement is never support for the positive claim; only the denial form denies it.
 * @param before the lower-case words of the sentence before the claim's cue word, in order
 */
export type ClauseReading = 'hypothetical' | 'denial';

const CONDITIONALS = new Set(['if', 'unless', 'whether', 'supposing', 'suppose', 'assuming', 'lest']);
const INVERTED = new Set(['had', 'were', 'should']);

export function readClause(before: readonly string[]): ClauseReading | null {
  const toks = before.filter((w) => /[\p{L}',]/u.test(w));
  const words = toks.filter((w) => w !== ',');
  if (!words.length) return null;
  const joined = ` ${words.join(' ')} `;
  if (/ (?:not|n't|never) (?:true|the case) that | (?:untrue|false) that | den(?:y|ies|ied|ying) (?:\S+ ){0,3}that | no truth (?:\S+ ){0,3}that /.test(joined)) return 'denial';
  if (INVERTED.has(words[0]) && words.length > 1 && !BE.has(words[1])) return 'hypothetical';
  const isCond = (w: string, next: string | undefined) => CONDITIONALS.has(w) || ((w === 'provided' || w === 'providing') && next === 'that');
  // A sentence that opens with a condition is conditional throughout ("If X, Y"); a condition inside it governs
  // its own clause only, up to the next comma ("…do not show whether he had anything in his hands, which were at
  // his side when he was shot": the shooting is not in doubt).
  if (isCond(words[0], words[1])) return 'hypothetical';
  for (let i = toks.length - 1; i >= 0 && toks[i] !== ','; i--) if (isCond(toks[i], toks[i + 1])) return 'hypothetical';
  if (/ (?:was|were|is|are) (?:supposed|meant) to | (?:was|were) to have /.test(joined)) return 'hypothetical';
  return null;
}
