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
