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
