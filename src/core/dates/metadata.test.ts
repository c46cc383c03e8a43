import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDates, normalizeDate } from './index.js';

const cases: Array<[string, string | null, string?]> = [
  ['2023', '2023', 'year'],
  ['2023-04', '2023-04', 'month'],
  ['2023-04-15', '2023-04-15', 'day'],
  ['2023-04-15T20:53', '2023-04-15T20:53', 'minute'],
  ['2023-04-15T20:53:10Z', '2023-04-15T20:53:10Z', 'second'],
  ['2023-04-15T20:53:00+04:30', '2023-04-15T20:53:00+04:30', 'second'],
  ['2023-04-15T20:53:00.250+0000', '2023-04-15T20:53:00Z', 'second'],
  ['2023-04-15 20:53 (GMT+3)', '2023-04-15T20:53+03:00', 'minute'],
  ['20230415T205300Z', '2023-04-15T20:53:00Z', 'second'],
  ['Sat, 15 Apr 2023 20:53:00 +0000', '2023-04-15T20:53:00Z', 'second'],
  ['Sat, 15 Apr 2023 20:53:00 GMT', '2023-04-15T20:53:00Z', 'second'],
  ['Tue, 12 Mar 2024 14:05:09 -0500', '2024-03-12T14:05:09-05:00', 'second'],
  ['Apr 15, 2023 - 20:53', '2023-04-15T20:53', 'minute'],
  ['Apr 15, 2023\u00A0-\u00A020:53', '2023-04-15T20:53', 'minute'],
  ['31 May 2023 - 11:05', '2023-05-31T11:05', 'minute'],
  ['21 September 2023 - 09:51', '2023-09-21T09:51', 'minute'],
  ['April 15, 2023', '2023-04-15', 'day'],
  ['15 April 2023', '2023-04-15', 'day'],
  ['15th of April, 2023', '2023-04-15', 'day'],
  ['Saturday, April 15, 2023 at 8:53 pm EDT', '2023-04-15T20:53-04:00', 'minute'],
  ['April 2023', '2023-04', 'month'],
  ['15.04.2023', '2023-04-15', 'day'],
  ['2023/04/15', '2023-04-15', 'day'],
  ['15/04/2023', '2023-04-15', 'day'],
  ['04/15/2023', '2023-04-15', 'day'],
  ['20:53, 15 April 2023', '2023-04-15T20:53', 'minute'],
  ['Published: 12.03.2024 14:05', '2024-03-12T14:05', 'minute'],
  ['Updated: 12 March 2024', '2024-03-12', 'day'],
  ['Last updated on March 12, 2024', '2024-03-12', 'day'],
  // Not dates, or dates we would have to guess.
  ['04/05/2023', null],
  ['31 February 2023', null],
  ['2023-13-01', null],
  ['12:30', null],
  ['hello world', null],
  ['Published: soon', null],
  ['April 15, 2023 and more text', null],
  ['3 hours ago', null],
  ['', null],
];

test('normalizeDate keeps the precision the source states', () => {
  for (const [input, iso, precision] of cases) {
    const d = normalizeDate(input);
    if (iso === null) assert.equal(d, null, input);
    else assert.deepEqual(d, { iso, precision }, input);
  }
});

test('relative dates need a reference', () => {
  const reference = new Date('2024-03-12T10:30:00Z');
  assert.deepEqual(normalizeDate('3 hours ago', { reference }), { iso: '2024-03-12T07:30Z', precision: 'minute' });
  assert.deepEqual(normalizeDate('2 days ago', { reference }), { iso: '2024-03-10', precision: 'day' });
  assert.deepEqual(normalizeDate('Yesterday', { reference }), { iso: '2024-03-11', precision: 'day' });
  assert.equal(normalizeDate('yesterday'), null);
});

test('findDates reports spans and label roles', () => {
  const line = 'Published: 12.03.2024 14:05 | Updated: 12.03.2024 16:40';
  const found = findDates(line);
  assert.equal(found.length, 2);
  assert.deepEqual(found.map((f) => [f.date.iso, f.role, line.slice(f.start, f.end)]), [
    ['2024-03-12T14:05', 'published', '12.03.2024 14:05'],
    ['2024-03-12T16:40', 'updated', '12.03.2024 16:40'],
  ]);
  const sec = findDates('WORLD 31 May 2023 - 11:05');
  assert.equal(sec.length, 1);
  assert.equal(sec[0].text, '31 May 2023 - 11:05');
  assert.equal(sec[0].role, null);
});

test('findDates ignores bare years and number ranges in prose', () => {
  assert.deepEqual(findDates('Between 2016 and 2020, in the 2019-20 season, 1,200 people'), []);
  assert.deepEqual(findDates('in November 2022 the assembly voted').map((d) => d.date), [{ iso: '2022-11', precision: 'month' }]);
});

test('findDates: the timestamp shortcut gives exactly what chrono gives, for every day, month and time', async () => {
  const { plainStampForTest } = await import('./metadata.js');
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const lines: string[] = [];
  // Every day 0–32 of every month, both month spellings, both orders, in leap, plain and century years.
  for (const year of [1900, 1999, 2000, 2023, 2024, 2099]) {
    for (const m of months) {
      for (const name of [m, m.slice(0, 3)]) {
        for (let d = 0; d <= 32; d++) lines.push(`${d} ${name} ${year}`, `${name} ${d}, ${year}`);
      }
    }
  }
  // Every time of day (and impossible ones) on two dates, in both orders; zero-padded days; years out of range.
  for (let h = 0; h <= 24; h++) {
    for (let mi = 0; mi <= 60; mi += h % 6 === 0 ? 1 : 7) {
      const t = `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
      lines.push(`29 Feb 2024 - ${t}`, `September 9, 2023 - ${t}`);
    }
  }
  lines.push('09 Apr 2024 - 05:13', '1899 Apr 2024', '1 Apr 1899', '1 Apr 2100 - 10:00', '31 Apr 2024 - 10:00', '29 Feb 2023 - 10:00');
  let shortcuts = 0;
  for (const line of lines) {
    const { shortcut, chrono } = plainStampForTest(line);
    if (!shortcut) continue;
    shortcuts++;
    const fast = [{ date: shortcut, start: 0, end: line.length, text: line, role: null }];
    assert.deepEqual(fast, chrono, line);
    assert.deepEqual(findDates(line, { reference: new Date(Date.UTC(2000, 0, 1)) }), chrono, line);
  }
  assert.ok(shortcuts > 8000, `the shortcut answered ${shortcuts} lines`);
});
