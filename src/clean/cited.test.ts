import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCitedSources } from './cited.js';
import { loadOutletRegistry } from './outlets.js';
import { cleanArticle } from './index.js';
import { outletColumn } from '../core/article.js';
import type { ParallaxConfig } from '../core/config.js';

const reg = loadOutletRegistry([
  { id: 'karvenia-wire', name: 'Karvenian Wire Service', aliases: ['KWS'], country: 'AZ', ownership: 'state', type: 'agency', source: 'invented' },
]);

const names = (title: string | null, text: string, own?: string) =>
  findCitedSources(reg, { title, text, outletId: own ?? null }).map((c) => `${c.id ?? c.name}/${c.via}`);

test('a title opening with a known outlet and a colon cites it', () => {
  assert.deepEqual(names('IRNA: Minister heads to the capital for talks', 'The minister left on Monday.'), ['irna/title']);
  assert.deepEqual(names('Tasnim: Port deal signed', 'A deal was signed.'), ['tasnim-news-agency/title']);
  // A person or a label before the colon is not an outlet.
  assert.deepEqual(names('Analysis: why the port matters', 'Text.'), []);
  assert.deepEqual(names('Aliyev: no talks without guarantees', 'Text.'), []);
});

test('body phrases that report another outlet’s piece', () => {
  assert.deepEqual(names(null, 'The talks were cancelled at short notice, IRNA reported on Sunday.'), ['irna/reported']);
  assert.deepEqual(names(null, 'According to the semi-official Tasnim news agency, the drill lasted two days.'), ['tasnim-news-agency/according-to']);
  assert.deepEqual(names(null, 'The KWS quoted a ministry official as saying the road would reopen.'), ['karvenia-wire/reported']);
  assert.deepEqual(names(null, 'Kayhan said in a commentary that the visit was a mistake.'), ['kayhan/reported']);
  assert.deepEqual(names(null, 'The envoy told Reuters the ceasefire would hold.'), ['reuters/told']);
  // Each outlet once, first mention first; the span points at the name in the text.
  const text = 'Fars reported the strike. Later, IRNA reported it too, and Fars reported again.';
  const found = findCitedSources(reg, { title: null, text });
  assert.deepEqual(found.map((c) => c.id), ['fars-news-agency', 'irna']);
  assert.equal(text.slice(found[1].span!.start, found[1].span!.end), 'IRNA');
});

test('unknown names count only when the text calls them an outlet', () => {
  assert.deepEqual(names(null, 'The Dolmar Courier newspaper reported that the mine had closed.'), ['Dolmar Courier/reported']);
  assert.deepEqual(names(null, 'Minister Dolmar reported that the mine had closed.'), []);
  assert.deepEqual(names(null, 'According to Halvard Strenge, the mine had closed.'), []);
  // Short aliases must be written as the outlet writes them: "Ap" and "Kan" are not AP and Kan.
  assert.deepEqual(names(null, 'Ap said the road was closed.'), []);
  assert.deepEqual(names(null, 'reported by ap on Monday.'), []);
});

test('a name is read within its sentence and whole: no outlet made of a longer name or a neighbouring sentence', () => {
  // Invented sentences with real outlet names in them.
  assert.deepEqual(names(null, 'According to the National Weather Service, the storm turned north.'), []);
  assert.deepEqual(names(null, 'The Washington Times reported that the vote was delayed.'), []);
  assert.deepEqual(names(null, 'The envoy told MSNBC’s morning show that talks would resume.'), ['msnbc/told']);
  assert.deepEqual(names(null, 'In an interview with the German Bild newspaper, the minister said no.'), ['bild/according-to']);
  assert.deepEqual(names(null, 'Iran’s IRNA reported the launch.'), ['irna/reported']);
  assert.deepEqual(names(null, 'The minister spoke to Fox News. Rep. Dana Holm said the committee would meet.'), []);
  assert.deepEqual(names(null, 'Its website said the plant had closed.'), []);
  assert.deepEqual(names(null, 'It was reported by the German Catholic newspaper Die Lorze that the bishop resigned.'), []);
  assert.deepEqual(names(null, 'According to the Hungarian Government website, the border stays shut.'), []);
});

test('citing yourself is not a cited source', () => {
  assert.deepEqual(names(null, 'IRNA reported that the minister had arrived.', 'irna'), []);
  // "the Observer" in an invented "Sarn Observer" is the paper itself, not the registry's Observer.
  assert.deepEqual(findCitedSources(reg, { title: null, text: '"The numbers are inflated," Holm told the Observer.', outletName: 'The Sarn Observer' }), []);
  assert.equal(findCitedSources(reg, { title: null, text: '"The numbers are inflated," Holm told the Observer.', outletName: 'Coast Herald' }).length, 1);
});

const config = { groups: [], outlets: [] } as unknown as ParallaxConfig;

test('the cleaner links the cited outlet without making it the outlet, and the column says so', () => {
  const a = cleanArticle(
    {
      source: 'x.txt',
      sourceKind: 'txt',
      format: 'text',
      body: 'IRNA: The minister’s real goal in the capital\n\nThe minister arrived for talks on Monday, and his visit had other motives, IRNA reported. The agency said the talks covered the border and trade, and that more visits were planned.',
      meta: {},
    },
    {},
    { registry: reg, config },
  );
  assert.equal(a.outlet, null);
  assert.deepEqual(a.citedSources?.map((c) => c.id), ['irna']);
  assert.match(outletColumn(a), /^unknown outlet \(citing IRNA: The minister’s real goal in the…, [0-9a-f]{6}\)$/);
  // A wire byline is republication, not a cited source.
  const b = cleanArticle(
    { source: 'y.txt', sourceKind: 'txt', format: 'text', body: 'Port talks resume\nBy JNS\nThe two ministers met again in the port city to resume talks on trade and the border.', meta: { outlet: 'World Israel News' } },
    {},
    { registry: reg, config },
  );
  assert.deepEqual(b.citedSources, []);
  assert.deepEqual(b.republication?.signals, ['wire-byline:Jewish News Syndicate']);
});

test('unknown outlets are named by what they cite, their byline or their title, and stay apart', () => {
  const base = { outlet: null, title: 'Is the port deal a trap?' };
  assert.equal(outletColumn({ ...base, id: 'aaaaaa11' }), 'unknown outlet (Is the port deal a trap?, aaaaaa)');
  assert.equal(outletColumn({ ...base, id: 'bbbbbb22', byline: 'H. Someone' }), 'unknown outlet (by H. Someone, bbbbbb)');
  assert.equal(
    outletColumn({ ...base, id: 'cccccc33', byline: 'H. Someone', citedSources: [{ name: 'Islamic Republic News Agency', id: 'irna', via: 'reported', mention: 'IRNA', span: { start: 10, end: 14 } }] }),
    'unknown outlet (citing IRNA, by H. Someone, cccccc)',
  );
  assert.notEqual(outletColumn({ ...base, id: 'dddddd44', byline: 'H. Someone' }), outletColumn({ ...base, id: 'eeeeee55', byline: 'H. Someone' }));
  assert.equal(outletColumn({ ...base, id: 'ffffff66', outlet: 'Mehr News Agency' }), 'Mehr News Agency');
});
