import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readNegation } from './negation.js';

test('readNegation: denial, not-only and modal readings', () => {
  const cases: Array<[string | undefined, string[], string]> = [
    ['ties', ['not', 'solid'], 'denial'],
    ['would', ['lead', 'to'], 'denial'], // "would never lead"
    ['can', ['be', 'a'], 'denial'], // "can not be a partner"
    ['wo', ['happen', '.'], 'denial'], // "won't happen"
    ['can', ['simply', 'be'], 'not-only'],
    ['can', ['be', 'simply'], 'not-only'],
    ['is', ['only', 'about'], 'not-only'],
    ['could', ['provide', 'drones'], 'modal'],
    ['should', ['allow', 'it'], 'modal'],
    ['might', ['sign', 'it'], 'modal'],
    [undefined, [], 'denial'],
  ];
  for (const [prev, after, want] of cases) assert.equal(readNegation(prev, after), want, `${prev} NOT ${after.join(' ')}`);
});

test('readClause: conditions, suppositions and unmet expectations are hypothetical; a matrix denial denies', async () => {
  const { readClause } = await import('./negation.js');
  const w = (s: string) => s.toLowerCase().match(/[\p{L}']+|,/gu) ?? [];
  const cases: Array<[string, string | null]> = [
    ['If Norway were an', 'hypothetical'],
    ['Had Norway been an', 'hypothetical'],
    ['Were Norway to', 'hypothetical'],
    ['Should Norway become an', 'hypothetical'],
    ['Unless Norway becomes an', 'hypothetical'],
    ['Supposing Norway', 'hypothetical'],
    ['Peru would object if Norway', 'hypothetical'],
    ['Peru asked whether Norway', 'hypothetical'],
    ['Norway was supposed to', 'hypothetical'],
    ['Norway was to have', 'hypothetical'],
    ['It is not true that Norway', 'denial'],
    ['Oslo denied reports that Norway', 'denial'],
    ['It is false that Norway', 'denial'],
    // A condition inside the sentence governs its own clause only.
    ['The videos do not show whether he had anything in his hands , which were at his side when he was', null],
    ['Norway , which provided', null],
    ['Norway', null],
    ['Had', null],
    ['Were there', 'hypothetical'], // a question ("Were there drones on board?") asserts nothing either
  ];
  for (const [before, want] of cases) assert.equal(readClause(w(before)), want, before);
});
