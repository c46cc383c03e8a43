import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTimes, resolveTime, timeBounds } from './index.js';

const P = '2025-03-18T10:00:00Z'; // a Tuesday

function one(text: string, published: string | null = P, tense: 'past' | 'future' | null = null) {
  const ms = readTimes(text, published);
  assert.equal(ms.length, 1, `one time expression in "${text}", got ${ms.map((m) => m.text).join(' | ')}`);
  return resolveTime(ms[0], { published, tense });
}

test('absolute dates, months, years and ranges', () => {
  assert.deepEqual([one('signed on 14 June 2019.').value, one('signed on June 14, 2019.').value], ['2019-06-14', '2019-06-14']);
  const nov = one('voted in November 2022 to open it');
  assert.equal(nov.value, '2022-11');
  assert.equal(nov.precision, 'month');
  assert.equal(nov.anchor, 'absolute');
  const r = one('Between 2016 and 2020, it bought arms.');
  assert.deepEqual([r.precision, r.from, r.to], ['range', '2016', '2020']);
  assert.deepEqual([one('in the years 2019–2023').from, one('in the years 2019–2023').to], ['2019', '2023']);
  const since = one('It has bought drones since 2010.');
  assert.deepEqual([since.precision, since.from, since.to], ['open-range', '2010', undefined]);
  assert.equal(one('Since November 2024 the reservoir fills.').from, '2024-11');
  assert.deepEqual([one('by 2027').precision, one('by 2027').to], ['open-range', '2027']);
  assert.equal(one('back in the 90s').value, '1990s');
});

test('dates without a year take it from the publication date, on the side the tense says', () => {
  assert.equal(one('On January 27, a channel aired it.').value, '2025-01-27');
  assert.equal(one('the talks on March 8').value, '2025-03-08');
  assert.equal(one('on December 20', P, 'past').value, '2024-12-20');
  assert.equal(one('on April 2', P, 'future').value, '2025-04-02');
  const noPub = one('On January 27, a channel aired it.', null);
  assert.equal(noPub.anchor, 'unresolved');
  assert.equal(noPub.value, undefined);
});

test('relative expressions resolve against the publication date, or stay relative and say so', () => {
  const ago = one('talks held two weeks ago');
  assert.deepEqual([ago.value, ago.precision, ago.anchor, ago.direction], ['2025-03-04', 'week', 'publication', 'past']);
  assert.deepEqual([one('He will visit this year.').value, one('He will visit this year.').precision], ['2025', 'year']);
  assert.equal(one('Venkel went there last March.').value, '2024-03', 'last March, said in March, is a year back');
  assert.equal(one('They met last Tuesday.').value, '2025-03-11');
  assert.equal(one('It opens on Friday.', P, 'future').value, '2025-03-21');
  assert.equal(one('It was shot on Saturday.', P, 'past').value, '2025-03-15');
  const recently = one('Recently, the minister visited.');
  assert.deepEqual([recently.precision, recently.to, recently.direction], ['imprecise', '2025-03-18', 'past']);
  assert.deepEqual([one('yesterday').value, one('tomorrow').value], ['2025-03-17', '2025-03-19']);
  const unresolved = one('talks held two weeks ago', null);
  assert.equal(unresolved.anchor, 'unresolved');
  assert.match(unresolved.note ?? '', /publication date/);
  assert.equal(unresolved.relative, '2 week ago');
});

test('numbers that are not years, and words that are not months', () => {
  assert.deepEqual(readTimes('They may march on. 2,016 people and 2020 votes, $2016.').map((m) => m.text), []);
  assert.deepEqual(readTimes('69% of 2016 imports').map((m) => m.text), ['2016']);
});

test('timeBounds gives first and last days', () => {
  assert.deepEqual(timeBounds({ value: '2025-02', precision: 'month' }), { lo: '2025-02-01', hi: '2025-02-28' });
  assert.deepEqual(timeBounds({ from: '2016', to: '2020', precision: 'range' }), { lo: '2016-01-01', hi: '2020-12-31' });
  assert.deepEqual(timeBounds({ from: '2010', precision: 'open-range' }), { lo: '2010-01-01', hi: null });
});

test('what chrono adds: month ranges, end of a period, a weekday with its date; what we keep out', () => {
  const r = one('the flow between November and February fell');
  assert.deepEqual([r.precision, r.from, r.to], ['range', '2024-11', '2025-02']);
  const until = one('reserves will last until the end of May, and');
  assert.deepEqual([until.precision, until.to, until.text], ['open-range', '2025-05-31', 'until the end of May']);
  assert.equal(one('on the morning of 8 March, said').value, '2025-03-08');
  assert.equal(one('Monday night’s debate').value, '2025-03-17');
  assert.deepEqual(readTimes('after 9/11 and until now the rules held', P).map((m) => m.text), []);
  assert.deepEqual(readTimes('from 2012 until earlier this year', P).map((m) => m.text), ['2012', 'earlier this year'], 'a relative phrase is not merged into a range');
});
