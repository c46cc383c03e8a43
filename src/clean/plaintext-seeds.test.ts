// Acceptance on the five real seed articles in ../shared/seeds (third-party text: read at run time, never
// copied here). Expected values are the metadata each text states; body checks use short phrases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanPlainText, type PlainTextResult } from './plaintext.js';
import { findDates } from '../core/dates/index.js';
import { SEEDS_DIR, SEEDS_SKIP } from '../core/test-seeds.js';

const SEEDS = SEEDS_DIR ?? '';
const skip = SEEDS_SKIP;

function clean(file: string): { raw: string; r: PlainTextResult } {
  const raw = readFileSync(join(SEEDS, file), 'utf8');
  return { raw, r: cleanPlainText(raw) };
}

/** No line of the body is only a timestamp: lists of dated headlines are gone. */
function assertNoTimestampLines(text: string): void {
  for (const line of text.split('\n')) {
    const d = findDates(line);
    const rest = d.reduce((s, x) => s.replace(x.text, ''), line).replace(/[\s\-|,]/g, '');
    assert.ok(!(d.length && rest === ''), `timestamp line left in body: ${line}`);
  }
}

function firstLine(raw: string): string {
  return raw.split(/\r?\n/)[0].trim();
}

test('000 Mehr editorial: licence line glued to the last sentence', { skip }, () => {
  const { raw, r } = clean('000_b74a047917978e99.txt');
  assert.equal(r.license, 'Creative Commons Attribution 4.0 International License');
  assert.equal(r.outletHint, 'Mehr News Agency');
  assert.equal(r.title, null);
  assert.equal(r.byline, null);
  assert.equal(r.published, null);
  assert.ok(!r.text.includes('All Content by'));
  assert.ok(!r.text.includes('licensed under'));
  // First and last body sentences kept.
  assert.ok(r.text.startsWith(raw.slice(0, 30)));
  assert.ok(r.text.endsWith('its relations with Baku.'));
  assert.deepEqual(r.boilerplate.map((b) => b.kind), ['licence']);
});

test('001 analysis: title variants, two timestamps, "By:" byline', { skip }, () => {
  const { raw, r } = clean('001_f78903c0c38de6a5.txt');
  const lines = raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  assert.equal(r.title, lines[0]);
  assert.deepEqual(r.titleVariants, [lines[1]]);
  assert.ok(r.title?.startsWith('Is Baku a deceptive ally'));
  assert.deepEqual(r.published, { iso: '2023-04-15T20:53', precision: 'minute' });
  assert.deepEqual(r.updated, { iso: '2023-12-16T13:10', precision: 'minute' });
  assert.equal(r.byline, 'H. Zaïm-Bashi');
  assert.deepEqual(r.authors, ['H. Zaïm-Bashi']);
  assert.equal(r.wireByline, null);
  assert.ok(r.text.startsWith('Armenia has recently voiced alarm'));
  assert.ok(r.text.endsWith('appearances can be misleading.'));
  assert.ok(!r.text.includes('Is Baku a deceptive ally'), 'no title line in the body');
  assert.ok(!r.text.includes('By:'));
  // The numbered list inside the body is body, not boilerplate.
  assert.ok(r.text.includes('1. a) Closeness'));
  assert.ok(r.text.includes('4. d) and the availability'));
  assertNoTimestampLines(r.text);
});

test('002 IRNA commentary: title line only', { skip }, () => {
  const { raw, r } = clean('002_78fcc4ea315a7df4.txt');
  assert.equal(r.title, firstLine(raw));
  assert.ok(r.title?.startsWith('IRNA: Israeli Defense Minister'));
  assert.equal(r.byline, null);
  assert.equal(r.published, null);
  assert.ok(r.text.startsWith('After the latest round of military conflict'));
  assert.ok(r.text.endsWith('relations between Tehran and Baku.'));
  // The quoted paragraph and its paraphrase are both body (dedup flags the repeat, cleaning keeps it).
  assert.ok(r.text.includes('IRNA reported.'));
  assert.deepEqual(r.boilerplate.map((b) => b.kind), ['title']);
});

test('003 Caliber.Az interview: dek with outlet, section+dateline, name byline, read-also and latest-news lists', { skip }, () => {
  const { raw, r } = clean('003_328aa994977fad1a.txt');
  assert.equal(r.title, firstLine(raw));
  assert.ok(r.title?.startsWith("Herzog's visit shows"));
  assert.equal(r.subtitle, 'Israeli experts for Caliber.Az');
  assert.equal(r.outletHint, 'Caliber.Az');
  assert.equal(r.section, 'INTERVIEWS');
  assert.deepEqual(r.published, { iso: '2023-05-31T11:05', precision: 'minute' });
  assert.equal(r.updated, null);
  assert.equal(r.byline, 'Vadim Mansurov');
  assert.deepEqual(r.authors, ['Vadim Mansurov']);
  assert.ok(r.text.startsWith('The day has come'));
  assert.ok(r.text.endsWith('he summed up.'));
  for (const gone of ['Subscribe to our Telegram', 'Read also', 'Latest news', 'All news', 'INTERVIEWS', 'September 2023']) {
    assert.ok(!r.text.includes(gone), `"${gone}" left in body`);
  }
  // Every headline of the trailing lists is gone: the last body line is the one before the prompt.
  const kinds = r.boilerplate.map((b) => b.kind);
  assert.deepEqual(kinds, ['title', 'subtitle', 'timestamp', 'byline', 'subscribe-prompt', 'read-also', 'latest-news', 'navigation']);
  const listed = r.boilerplate.filter((b) => b.kind === 'read-also' || b.kind === 'latest-news').map((b) => b.text).join('\n');
  const tail = raw.slice(raw.indexOf('Read also')).split('\n').map((l) => l.trim()).filter((l) => l && l !== 'All news');
  for (const l of tail) assert.ok(listed.includes(l), `list line not reported as removed: ${l}`);
  assertNoTimestampLines(r.text);
});

test('004 JNS via World Israel News: dek, wire byline, glued feed footer gives title and outlet', { skip }, () => {
  const { raw, r } = clean('004_1f41d9a9a53a11a9.txt');
  assert.ok(r.title?.startsWith('Amid regional tensions'));
  assert.ok(r.title?.endsWith('to visit Azerbaijan'));
  assert.equal(r.outletHint, 'World Israel News');
  assert.equal(r.byline, 'JNS');
  assert.equal(r.wireByline, 'JNS');
  assert.deepEqual(r.authors, []);
  assert.equal(r.subtitle, firstLine(raw));
  assert.ok(r.text.startsWith('Prime Minister Benjamin Netanyahu is expected'));
  assert.ok(r.text.endsWith('took place in 2016.'));
  assert.ok(!r.text.includes('The post '));
  assert.ok(!r.text.includes('appeared first on'));
  assert.ok(!r.text.includes('By JNS'));
  // The dek sentence also appears inside the body; that copy is body text.
  assert.equal(r.text.split(firstLine(raw)).length - 1, 1);
});
