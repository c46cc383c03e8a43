import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cleanPlainText, loadBoilerplateData } from './plaintext.js';

const P1 = 'The harbour board met on Monday to discuss the new tariffs for container ships and fishing boats alike.';
const P2 = 'Its chair said the decision would be published after the regional elections in the autumn.';

test('boilerplate data loads, and invalid data is refused with a reason', () => {
  const raw = JSON.parse(readFileSync(new URL('./data/boilerplate.json', import.meta.url), 'utf8'));
  assert.doesNotThrow(() => loadBoilerplateData(raw));
  const noNote = structuredClone(raw);
  delete noNote.prompts[0].note;
  assert.throws(() => loadBoilerplateData(noNote), /prompts\[0\].*note or source/);
  const badRe = structuredClone(raw);
  badRe.footers[0].pattern = '(unclosed';
  assert.throws(() => loadBoilerplateData(badRe), /footers\[0\].*does not compile/);
  const badKind = structuredClone(raw);
  badKind.listHeadings[0].kind = 'Read Also';
  assert.throws(() => loadBoilerplateData(badKind), /kind/);
});

test('body lines that only mention read/follow/share/subscribe/copyright stay', () => {
  const body = [
    P1,
    'Follow the money, said one councillor.',
    'Readers can read the full report at the town hall.',
    'Share prices of the port operator fell.',
    'Subscribers to the ferry pass will pay less.',
    'Copyright rules for the harbour photographs were also discussed.',
    'Join us in welcoming the new harbour master.',
    P2,
  ].join('\n\n');
  const r = cleanPlainText(body);
  assert.equal(r.text, body);
  assert.deepEqual(r.boilerplate, []);
  assert.equal(r.title, null);
});

test('a subheading followed by prose is not a related-links list', () => {
  const body = `${P1}\n\nRelated developments\n\n${P2}\n\nThe board will meet again in June, and the minutes will follow a week later as usual.`;
  assert.equal(cleanPlainText(body).text, body);
  const withHeading = `${P1}\n\nRelated\n\n${P2}`;
  assert.equal(cleanPlainText(withHeading).text, withHeading, 'one prose paragraph under "Related" stays');
});

test('prompts and ad labels inside the body are removed and reported', () => {
  const r = cleanPlainText(`${P1}\n\nADVERTISEMENT\n\nJoin our Telegram channel\n\n${P2}`);
  assert.equal(r.text, `${P1}\n\n${P2}`);
  assert.deepEqual(r.boilerplate.map((b) => b.kind), ['advertisement', 'follow-prompt']);
});

test('title hint and outlet hint: masthead and " | Outlet" suffix', () => {
  const r = cleanPlainText(`Harbour Gazette\nBoard raises tariffs | Harbour Gazette\n\n${P1}\n\n${P2}`, {
    title: 'Board raises tariffs',
    outlet: 'Harbour Gazette',
  });
  assert.equal(r.title, 'Board raises tariffs');
  assert.equal(r.outletHint, 'Harbour Gazette');
  assert.equal(r.text, `${P1}\n\n${P2}`);
  assert.deepEqual(r.boilerplate.map((b) => b.kind), ['masthead', 'title']);
});

test('relative timestamps need a reference instant', () => {
  const body = `Board raises tariffs\n3 hours ago\n\n${P1}\n\n${P2}`;
  const without = cleanPlainText(body);
  assert.equal(without.published, null);
  assert.equal(without.text, `${P1}\n\n${P2}`, 'the line is still a timestamp line');
  const withRef = cleanPlainText(body, { reference: new Date('2024-05-01T12:00:00Z') });
  assert.deepEqual(withRef.published, { iso: '2024-05-01T09:00Z', precision: 'minute' });
});

test('RFC 2822 date line, breadcrumb section, wire byline', () => {
  const body = `News › World › Middle East\nBoard raises tariffs\nBy Reuters\nTue, 12 Mar 2024 14:05:09 +0000\n\n${P1}\n\n${P2}`;
  const r = cleanPlainText(body);
  assert.equal(r.section, 'Middle East');
  assert.equal(r.title, 'Board raises tariffs');
  assert.equal(r.byline, 'Reuters');
  assert.equal(r.wireByline, 'Reuters');
  assert.deepEqual(r.authors, []);
  assert.deepEqual(r.published, { iso: '2024-03-12T14:05:09Z', precision: 'second' });
});

test('person byline with a wire after it, and a dateline wire', () => {
  const r = cleanPlainText(`Board raises tariffs\nBy Lena Hart, AFP\n\nPORTSEA (AFP) - ${P1}\n\n${P2}`);
  assert.deepEqual(r.authors, ['Lena Hart']);
  assert.equal(r.wireByline, 'AFP');
  const d = cleanPlainText(`PORTSEA, Velmark (Saltline) — ${P1}\n\n${P2}`);
  assert.equal(d.wireByline, 'Saltline');
  assert.ok(d.text.startsWith('PORTSEA, Velmark (Saltline) —'), 'the dateline stays in the text');
});

test('a "By contrast" paragraph is not a byline', () => {
  const body = `Board raises tariffs\n\nBy contrast, the river port kept its fees unchanged for the third year in a row.\n\n${P2}`;
  const r = cleanPlainText(body);
  assert.equal(r.byline, null);
  assert.ok(r.text.startsWith('By contrast'));
});

test('licence and copyright glued to the last sentence', () => {
  const r = cleanPlainText(`${P1}\n\n${P2}Text on this site is licensed under CC BY-SA 4.0.`);
  assert.equal(r.license, 'CC BY-SA 4.0');
  assert.equal(r.text, `${P1}\n\n${P2}`);
  const c = cleanPlainText(`${P1}\n\n${P2} © 2023 Quayside Review Ltd. All rights reserved.`);
  assert.equal(c.outletHint, 'Quayside Review Ltd');
  assert.equal(c.text, `${P1}\n\n${P2}`);
});

test('empty and header-only inputs do not throw', () => {
  assert.equal(cleanPlainText('').text, '');
  const r = cleanPlainText('Board raises tariffs\nBy Lena Hart');
  assert.equal(r.text, 'Board raises tariffs\nBy Lena Hart', 'nothing but a header: kept as text');
});

test('deterministic and does not depend on the input line ending style', () => {
  const body = `Board raises tariffs\r\nBy Lena Hart\r\n\r\n${P1}\r\n\r\n${P2}\r\nShare this article\r\n`;
  const a = cleanPlainText(body);
  assert.deepEqual(cleanPlainText(body), a);
  assert.deepEqual(cleanPlainText(body.replace(/\r\n/g, '\n')), a);
  assert.equal(a.text, `${P1}\n\n${P2}`);
});

test('short last lines of a body stay: a quote, bullet points, a question', () => {
  for (const tail of ['"We will be back"', 'Key points:\nTariffs rise by five percent\nFishing boats are exempt\nA review is due in June', 'Who pays in the end?']) {
    const body = `${P1}\n\n${P2}\n\n${tail}`;
    const r = cleanPlainText(body);
    assert.equal(r.text, body, tail);
    assert.deepEqual(r.boilerplate, []);
  }
});

test('a date line above the headline, and a template meta line with desk and comment count', () => {
  const a = cleanPlainText(`12 March 2024\nBoard raises tariffs for ships\n\n${P1}\n\n${P2}`);
  assert.equal(a.title, 'Board raises tariffs for ships');
  assert.deepEqual(a.published, { iso: '2024-03-12', precision: 'day' });
  assert.equal(a.text, `${P1}\n\n${P2}`);
  const b = cleanPlainText(`Board raises tariffs\nMarch 12, 2024 | Harbour Desk | 3 Comments\n5 min read\n\n${P1}\n\n${P2}`);
  assert.deepEqual(b.published, { iso: '2024-03-12', precision: 'day' });
  assert.equal(b.subtitle, null);
  assert.equal(b.text, `${P1}\n\n${P2}`);
  assert.deepEqual(b.boilerplate.map((x) => x.kind), ['title', 'timestamp', 'page-meta']);
});

test('labels win over order: "Updated" first, "Published" second', () => {
  const r = cleanPlainText(`Board raises tariffs\nUpdated: 13 March 2024 09:10\nPublished: 12 March 2024 18:00\n\n${P1}\n\n${P2}`);
  assert.deepEqual(r.published, { iso: '2024-03-12T18:00', precision: 'minute' });
  assert.deepEqual(r.updated, { iso: '2024-03-13T09:10', precision: 'minute' });
});

test('a "More from" list of headlines without timestamps goes; its heading is required', () => {
  const list = 'Board chair resigns over tariff row\nFishing fleet protests in harbour\nNew ferry timetable announced';
  const r = cleanPlainText(`${P1}\n\n${P2}\n\nMore from Harbour Gazette\n${list}`);
  assert.equal(r.text, `${P1}\n\n${P2}`);
  assert.deepEqual(r.boilerplate.map((x) => x.kind), ['more-from']);
  const noHeading = `${P1}\n\n${P2}\n\n${list}`;
  assert.equal(cleanPlainText(noHeading).text, noHeading);
});

test('a "|" breadcrumb under a known section, and a dateline with a date before the wire', () => {
  const r = cleanPlainText(`World | Coastal Affairs\n\nBoard raises tariffs\n\nMarch 8, 2024 5:12 PM UTC\n\nPORTSEA, March 8 (Saltline) - ${P1}\n\n${P2}`);
  assert.equal(r.section, 'Coastal Affairs');
  assert.equal(r.title, 'Board raises tariffs');
  assert.deepEqual(r.published, { iso: '2024-03-08T17:12Z', precision: 'minute' });
  assert.equal(r.wireByline, 'Saltline');
});

test('a title hint never removes a lede that restates the headline (issue 17)', () => {
  const title = 'Harbour board raises tariffs for container ships';
  // The lede shares almost every word of the headline: before the fix it passed the containment test and was
  // dropped as a "title" line.
  const lede = 'The harbour board raises tariffs for container ships from Monday, its chair said.';
  const r = cleanPlainText([lede, P1, P2].join('\n\n'), { title });
  assert.equal(r.text.split('\n\n')[0], lede);
  assert.deepEqual(r.boilerplate, []);
});

test('a title hint still removes the headline repeated at the top of the text', () => {
  const title = 'Harbour board raises tariffs for container ships.';
  // An exact repeat (final period and all), a two-sentence headline, a reworded title-shaped variant.
  for (const [line, hint] of [
    [title, title],
    ['Harbour board raises tariffs. Fishermen are next.', 'Harbour board raises tariffs. Fishermen are next.'],
    ['Harbour Board Raises Tariffs For Container Ships | Tidewire', title],
  ]) {
    const r = cleanPlainText([line, P1, P2].join('\n\n'), { title: hint });
    assert.equal(r.text, [P1, P2].join('\n\n'), line);
    assert.equal(r.boilerplate[0].text, line);
  }
});

test('a hard-wrapped first paragraph is kept whole: its first line is neither a title nor a dek', () => {
  // Text wrapped at a fixed width (plain-text exports, mail, wire copy): the lede's first line has no sentence end.
  const wrappedLede = [
    'Quay dispute reaches the council',
    '',
    'Jonas Brekke, the harbourmaster, said on Monday that the quay would reopen in May, and the council agreed to pay',
    'for the repairs. The ferry timetable would not change, he added.',
  ].join('\n');
  const a = cleanPlainText(wrappedLede);
  assert.equal(a.title, 'Quay dispute reaches the council');
  assert.equal(a.subtitle, null);
  assert.match(a.text, /^Jonas Brekke, the harbourmaster, said on Monday/);
  // no title line at all: the wrapped lede is not taken for one
  const noTitle = ['The ferry from Saltmere left two hours late on Friday after the crew waited for the', 'Harbour Board to sign off the repairs, the operator said.', '', 'Passengers were given vouchers.'].join('\n');
  assert.equal(cleanPlainText(noTitle).title, null);
  assert.match(cleanPlainText(noTitle).text, /^The ferry from Saltmere left/);
  // a line ending on a comma runs on, whatever case the next line starts with
  const comma = ['Ferry talks resume', '', 'Negotiators from both ports met again on Tuesday in Saltmere,', 'Harbour Board officials said.'].join('\n');
  assert.match(cleanPlainText(comma).text, /^Negotiators from both ports/);
  // a real dek on its own line is still recognised
  const dek = ['Ferry talks resume', 'Both ports send negotiators back to the table', '', 'Negotiators met again on Tuesday. They agreed on a timetable.'].join('\n');
  assert.equal(cleanPlainText(dek).subtitle, 'Both ports send negotiators back to the table');
});

test('the trailer shortcut never calls a timestamp line prose', async () => {
  const { timestampShortcutForTest } = await import('./plaintext.js');
  const { readdirSync } = await import('node:fs');
  const dir = new URL('../../../fixtures/clean/', import.meta.url);
  const lines = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('\n'));
  const stamp = 'Published: 12 March 2024 14:05 | Updated: 13 March 2024 09:10 | 3 comments';
  // Long lines that are nothing but dates, labels and counters; long prose with dates in it; words next to dates.
  lines.push(
    Array(6).fill(stamp).join(' · '),
    Array(8).fill('Posted on 2 May 2023 at 10:00 / 5 min read').join(' | '),
    `${'x'.repeat(150)} 12 March 2024 ${'y'.repeat(150)}`,
    `Updated ${Array(12).fill('12.03.2024, 3 hours ago').join(' ')} yesterday`,
    `On 4 June 2023 the ministry said that talks would resume. ${'Negotiators from both sides met in the old port town and agreed to keep their talks going. '.repeat(4)}`,
    `${'Residents of the valley said they had not been consulted about the new road and the quarry. '.repeat(3)}The works began on 12 March 2024.`,
    `Published 12 March 2024. ${'Delegations met again to discuss the disputed strip, and the talks ended without a statement. '.repeat(3)}`,
    `Posted on 2 May 2023 at 10:00. ${'The union said the plan was a reckless gamble with ordinary lives, and would not support it. '.repeat(3)}`,
    `${'Analysts expect the issue to be raised at the summit within days, officials in the capital said. '.repeat(3)}Updated 3 hours ago.`,
  );
  let prose = 0;
  for (const line of lines.filter((l) => l.length > 220)) {
    const r = timestampShortcutForTest(line);
    if (r.prose) {
      prose++;
      assert.equal(r.timestamp, false, line);
    }
  }
  assert.ok(prose >= 5, `the shortcut decided ${prose} lines`);
  // Lines of dates, labels and counters only: never decided by the shortcut, and chrono does call them timestamps.
  for (const l of [Array(6).fill(stamp).join(' · '), Array(8).fill('Posted on 2 May 2023 at 10:00 / 5 min read').join(' | ')]) {
    assert.deepEqual(timestampShortcutForTest(l), { prose: false, timestamp: true }, l);
  }
});
