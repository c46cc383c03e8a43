/**
 * The Store contract: one suite every dialect must pass (the Kysely habit). A dialect's test file calls
 *   storeContract('sqlite (file)', () => openSqliteStore(tmpFile()))
 * with a factory that returns a fresh, empty store each time. Nothing here may depend on a dialect: no SQL, no
 * file paths, no dialect-specific ranking numbers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Article } from '../core/article.js';
import { isParallaxError, type ErrorCode } from '../core/errors.js';
import { simhash64 } from '../clean/dedup.js';
import type { Store, StoredAnalysis } from './store.js';
import { makeArticle, makeItem } from './test-fixtures.js';

async function rejectsWith(p: Promise<unknown>, code: ErrorCode, re?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isParallaxError(e), `expected a ParallaxError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (re) assert.match(e.message, re);
    return true;
  });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

// Written for these tests; the places are invented.
const MULTILINGUAL = [
  'Cumhurbaşkanı Erdoğan, Valmere limanında gazetecilere konuştu: “Anlaşma imzalanacak.” 😀',
  'وزیر خارجه گفت که گفت‌وگوها در تهران ادامه خواهد یافت و نتیجه هفته آینده اعلام می‌شود.',
  'Министр заявил, что переговоры в Кесселе продолжатся на следующей неделе.',
  'Cumhurbaşkanı Erdoğan, Valmere limanında gazetecilere konuştu: “Anlaşma imzalanacak.” 😀',
].join('\n\n');

function richArticle(): Article {
  const a = makeArticle(MULTILINGUAL, {
    source: 'feeds/ağ.xml#3',
    url: 'https://example.org/haber/erdoğan?x=1',
    canonicalUrl: 'https://example.org/haber/erdogan',
    outlet: 'Haber Günlüğü',
    outletId: 'haber-gunlugu',
    outletCountry: 'TR',
    group: 'south',
    title: 'Erdoğan: «Anlaşma imzalanacak» — وزیر خارجه',
    byline: 'Ayşe Yılmaz and Дмитрий Орлов',
    authors: ['Ayşe Yılmaz', 'Дмитрий Орлов'],
    published: '2024-03-05T08:15',
    publishedPrecision: 'minute',
    updated: '2024-03',
    updatedPrecision: 'month',
    language: 'tr',
    languageConfidence: 0.873,
    license: 'CC-BY-4.0',
    section: 'Dünya',
    republishedFrom: 'feedfacecafebeef',
    republication: { from: 'feedfacecafebeef', similarity: 0.912, signals: ['wire-byline:Anadolu', 'near-duplicate'] },
    citedSources: [
      { name: 'Anadolu Agency', id: 'anadolu-agency', via: 'title', mention: 'AA' },
      { name: 'Halk Gazetesi', id: null, via: 'reported', mention: 'Halk Gazetesi', span: { start: 0, end: 5 } },
    ],
    flags: ['non-english', 'language-uncertain'],
    boilerplate: [{ kind: 'share-prompt', text: 'Paylaş: 𝕏 · Telegram' }],
    ingestedAt: '2024-03-05T09:00:00.123Z',
  });
  return a;
}

/** An analysis of `a` with findings of several kinds: quoted and own voice, nested evidence, non-BMP text. */
function findingsAnalysis(a: Article, tag: string) {
  const t = a.text;
  const at = (w: string) => ({ start: t.indexOf(w), end: t.indexOf(w) + w.length });
  const ev = (w: string) => t.slice(at(w).start, at(w).end);
  const first = a.text.startsWith('Velgrad');
  const quoteWords = first ? 'Karvenian regime must' : 'officials said';
  const labelWords = first ? 'The Karvenian regime' : 'Karvenia';
  const vs = 'Vessany';
  const sentence = { start: 0, end: t.indexOf('.') + 1 };
  const f = [
    { id: 'actors:1', analyzer: 'actors', kind: 'actor-mention', span: at('Karvenia'), evidence: ev('Karvenia'), actorId: 'state:KV', actorKind: 'state', canonical: 'Karvenia', label: 'Karvenia', labelNormalized: 'karvenia', labelType: 'name', stateId: 'state:KV', voice: 'outlet' },
    { id: 'labels:1', analyzer: 'labels', kind: 'label', span: at(labelWords), actorId: 'state:KV', actorKind: 'state', canonical: 'Karvenia', label: ev(labelWords), labelNormalized: first ? 'karvenian regime' : 'karvenia', labelType: 'epithet', connotation: 'pejorative', cue: 'regime', linkedBy: 'known-label', confidence: 0.9, evidence: ev(labelWords), message: 'Calls Karvenia “the regime”', voice: first ? { speaker: 'Velgrad', actorId: 'place:velgrad' } : 'outlet' },
    { id: 'quotes:1', analyzer: 'quotes', kind: 'quote', span: at(quoteWords), evidence: ev(quoteWords), quoteType: 'direct', speaker: 'Velgrad', actorId: null, speakerKind: null, speakerVia: 'name', verb: 'say', verbStance: 'neutral', related: [{ role: 'speaker', span: at(first ? 'Velgrad' : 'officials'), evidence: ev(first ? 'Velgrad' : 'officials') }], voice: 'outlet' },
    { id: 'stance:1', analyzer: 'stance', kind: 'stance', messageId: 'stance', span: at('Karvenia'), actorId: 'state:KV', canonical: 'Karvenia', polarity: 'negative', score: -0.62, confidence: 0.8, cues: [{ text: ev('Karvenia'), span: at('Karvenia'), pull: -1.5 }], related: [{ role: 'sentence', span: sentence, evidence: t.slice(sentence.start, sentence.end) }], evidence: ev('Karvenia'), voice: 'outlet', data: { tag } },
    { id: 'bias:1', analyzer: 'bias', kind: 'bias-sentence', span: sentence, evidence: 'not the text under the span', score: 0.25, words: [], voice: 'outlet' },
    { id: 'actors:2', analyzer: 'actors', kind: 'actor-mention', span: at(vs), evidence: ev(vs), actorId: 'state:VS', actorKind: 'state', canonical: 'Vessany', label: vs, labelNormalized: 'vessany', labelType: 'name', stateId: 'state:VS', voice: 'outlet' },
  ];
  return { schemaVersion: '1.0.0', articleId: a.id, textHash: a.textHash, findings: f, diagnostics: [{ analyzer: 'x', severity: 'info', code: 'c', message: `Erdoğan 😀 ${tag}` }], versions: { actors: '1.0.0', labels: '2.0.0' } };
}

/** Runs a test on a fresh store from the dialect's factory and closes it afterwards. */
type WithStore = (fn: (store: Store) => Promise<void>) => Promise<void>;

export function storeContract(name: string, open: () => Promise<Store>): void {
  const withStore: WithStore = async (fn) => {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };

  describe(`Store contract: ${name}`, () => {
    articleTests(withStore);
    listingTests(withStore);
    searchTests(withStore);
    republicationTests(withStore);
    analysisTests(withStore);
    leaseAndMergeTests(withStore);
    findingRowsTests(withStore);
    closeTests(open);
  });
}

/** Articles: round trip, raw input, duplicates, batches, id prefixes, groups. */
function articleTests(withStore: WithStore): void {
  it('round-trips every Article field, non-Latin text and exact UTF-16 offsets included', () =>
    withStore(async (store) => {
      const a = richArticle();
      assert.equal(a.repeatedParagraphs.length, 1, 'fixture has one repeated paragraph');
      const out = await store.ingestBatch([makeItem(a)]);
      assert.deepEqual(out, [{ status: 'inserted', id: a.id }]);
      const got = await store.getArticle(a.id);
      assert.deepEqual(got, a);
      const rp = got!.repeatedParagraphs[0];
      assert.equal(got!.text.slice(rp.span.start, rp.span.end), got!.text.slice(rp.repeatOf.start, rp.repeatOf.end));
      assert.ok(got!.text.slice(rp.span.start, rp.span.end).startsWith('Cumhurbaşkanı Erdoğan'));
      assert.ok(got!.text.slice(rp.span.start, rp.span.end).endsWith('😀'));

      const plain = makeArticle('A plain article with every optional field left empty for the round trip.');
      await store.ingestBatch([makeItem(plain)]);
      assert.deepEqual(await store.getArticle(plain.id), plain);
    }));

  it('keeps the raw input bytes and metadata exactly', () =>
    withStore(async (store) => {
      const a = makeArticle('Raw bytes survive storage untouched, even bytes that are not valid UTF-8.');
      const body = new Uint8Array([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0x00, 0xc4, 0x9f, 0x3c]);
      await store.ingestBatch([makeItem(a, body, { title: 'Ham', overrides: { outlet: 'X' }, n: 3 })]);
      const raw = await store.getRaw(a.id);
      assert.ok(raw);
      assert.deepEqual(Array.from(raw.body), Array.from(body));
      assert.deepEqual(raw.meta, { title: 'Ham', overrides: { outlet: 'X' }, n: 3 });
      assert.equal(raw.source, 'test.txt');
      assert.equal(raw.sourceKind, 'txt');
      assert.equal(raw.format, 'text');
      assert.equal(await store.getRaw('0000000000000000'), null);
    }));

  it('an exact duplicate returns the existing id and creates nothing, across and within batches', () =>
    withStore(async (store) => {
      const a = makeArticle('The harbour reopened on Monday after a week of repairs to the crane.', { source: 'first.txt' });
      const again = makeArticle('the harbour  reopened on monday — after a week of repairs to the crane', { source: 'second.txt' });
      assert.equal(again.textHash, a.textHash, 'normalised texts hash alike');
      const b = makeArticle('A different article about the ferry timetable in winter months.', { source: 'third.txt' });
      assert.deepEqual(await store.ingestBatch([makeItem(a)]), [{ status: 'inserted', id: a.id }]);
      const out = await store.ingestBatch([makeItem(again), makeItem(b), makeItem({ ...b, source: 'fourth.txt' })]);
      assert.deepEqual(out, [
        { status: 'duplicate', id: a.id },
        { status: 'inserted', id: b.id },
        { status: 'duplicate', id: b.id },
      ]);
      assert.equal(await store.countArticles(), 2);
      assert.equal((await store.getArticle(a.id))!.source, 'first.txt');
      assert.equal((await store.getRaw(a.id))!.source, 'first.txt');
      assert.equal((await store.getRaw(b.id))!.source, 'third.txt');
      assert.deepEqual(await store.ingestBatch([]), []);
    }));

  it('a batch is all or nothing', () =>
    withStore(async (store) => {
      const a = makeArticle('First article of a batch that will fail at its third item.');
      const b = makeArticle('Second article of the same failing batch, never to be stored.');
      const stored = makeArticle('An article stored before the failing batch arrived.');
      await store.ingestBatch([makeItem(stored)]);
      // Same id as a stored article, different text: the store must refuse, and roll back a and b.
      const clash = makeArticle('A text whose id collides with a stored one by construction.', { id: stored.id });
      await assert.rejects(store.ingestBatch([makeItem(a), makeItem(b), makeItem(clash)]), (e: unknown) => isParallaxError(e));
      assert.equal(await store.countArticles(), 1);
      assert.equal(await store.getArticle(a.id), null);
      assert.equal(await store.getRaw(b.id), null);
      assert.deepEqual(await store.search('"never to be stored"'), []);
      // Invalid input is refused before anything is written.
      await assert.rejects(store.ingestBatch([makeItem(a), makeItem({ ...b, simhash: 'not-a-hash' })]), (e: unknown) => isParallaxError(e));
      assert.equal(await store.countArticles(), 1);
    }));

  it('finds an article by id or unique prefix; short and ambiguous prefixes are usage errors', () =>
    withStore(async (store) => {
      const x = makeArticle('Prefix test article one about river levels.', { id: 'abcd000000000001', title: 'River levels' });
      const y = makeArticle('Prefix test article two about snowfall totals.', { id: 'abcd000000000002', title: 'Snowfall' });
      const z = makeArticle('Prefix test article three about bus fares.', { id: '1234567890abcdef' });
      await store.ingestBatch([makeItem(x), makeItem(y), makeItem(z)]);
      assert.equal((await store.getArticle('1234567890abcdef'))!.id, z.id);
      assert.equal((await store.getArticle('1234'))!.id, z.id);
      assert.equal((await store.getArticle(' 1234567890ABCDEF '))!.id, z.id);
      assert.equal((await store.getArticle('abcd0000000000015'))?.id, undefined);
      assert.equal(await store.getArticle('ffff'), null);
      assert.equal((await store.getArticle('abcd000000000002'))!.id, y.id);
      await rejectsWith(store.getArticle('abc'), 'E_USAGE', /at least 4/);
      await rejectsWith(store.getArticle('abcd'), 'E_USAGE', /ambiguous.*abcd000000000001.*abcd000000000002/);
    }));

  it('sets groups in one call, counting only rows that changed', () =>
    withStore(async (store) => {
      const a = makeArticle('Regroup one: a story from the west about a harbour.', { outlet: 'Coast Herald', group: null });
      const b = makeArticle('Regroup two: a story from the east about the railway.', { outlet: 'Plains Daily', group: 'east' });
      await store.ingestBatch([makeItem(a), makeItem(b)]);
      assert.equal(await store.setGroups([{ id: a.id, group: 'Coast' }, { id: b.id, group: 'east' }, { id: 'ffffffffffffffff', group: 'x' }]), 1);
      assert.deepEqual((await store.listArticles()).map((s) => s.group), ['Coast', 'east']);
      assert.equal(await store.setGroups([{ id: a.id, group: null }]), 1);
      assert.equal((await store.getArticle(a.id))?.group, null);
      assert.equal(await store.setGroups([]), 0);
    }));
}

/** Listing and streaming articles. */
function listingTests(withStore: WithStore): void {
  it('lists summaries in ingest order with outlet, group, language filters and paging', () =>
    withStore(async (store) => {
      const arts = [
        makeArticle('Listing one: a story from the west about a harbour.', { outlet: 'Coast Herald', outletId: 'coast-herald', group: 'west', language: 'en', title: 'One', published: '2024-01-02', publishedPrecision: 'day', source: 'a.txt' }),
        makeArticle('Listing two: a story from the east about the railway.', { outlet: 'Plains Daily', group: 'east', language: 'en', title: 'Two', source: 'b.txt' }),
        makeArticle('Listing three: история с востока о железной дороге и мосте.', { outlet: 'Plains Daily', group: 'east', language: 'ru', title: 'Три', source: 'c.txt' }),
        makeArticle('Listing four: a story with no outlet at all.', { source: 'd.txt' }),
      ];
      await store.ingestBatch(arts.slice(0, 2).map((a) => makeItem(a)));
      await store.ingestBatch(arts.slice(2).map((a) => makeItem(a)));
      const all = await store.listArticles();
      assert.deepEqual(all.map((s) => s.id), arts.map((a) => a.id));
      assert.deepEqual(all[0], {
        id: arts[0].id,
        outlet: 'Coast Herald',
        group: 'west',
        published: '2024-01-02',
        language: 'en',
        wordCount: arts[0].wordCount,
        title: 'One',
        byline: null,
        republishedFrom: null,
        citedSources: [],
        source: 'a.txt',
      });
      assert.deepEqual((await store.listArticles({ outlet: 'Plains Daily' })).map((s) => s.title), ['Two', 'Три']);
      assert.deepEqual((await store.listArticles({ outlet: 'plains daily' })).map((s) => s.title), ['Two', 'Три']);
      assert.deepEqual((await store.listArticles({ outlet: 'coast-herald' })).map((s) => s.title), ['One']);
      assert.deepEqual((await store.listArticles({ group: 'east', language: 'ru' })).map((s) => s.title), ['Три']);
      assert.deepEqual((await store.listArticles({ group: 'north' })), []);
      assert.deepEqual((await store.listArticles({ limit: 2, offset: 1 })).map((s) => s.source), ['b.txt', 'c.txt']);
      assert.deepEqual((await store.listArticles({ offset: 3 })).map((s) => s.source), ['d.txt']);
      assert.equal(await store.countArticles(), 4);
      await rejectsWith(store.listArticles({ limit: -1 }), 'E_USAGE');
    }));

  it('streams articles in ingest order, filtered and paged, while the caller writes', () =>
    withStore(async (store) => {
      const arts = Array.from({ length: 450 }, (_, i) =>
        makeArticle(`Streamed article number ${i} reports on topic ${i % 5} in some depth.`, { group: i % 3 === 0 ? 'a' : 'b' }),
      );
      await store.ingestBatch(arts.map((a) => makeItem(a)));
      let n = 0;
      for await (const a of store.iterateArticles()) {
        assert.equal(a.id, arts[n].id);
        // Writing while a stream is open must work (the SQLite store pages by rowid for this reason).
        if (n % 100 === 0) await store.setRepublication(a.id, { from: null, similarity: null, signals: ['wire-byline:Test'] });
        n++;
      }
      assert.equal(n, 450);
      assert.deepEqual((await collect(store.iterateArticles({ group: 'a' }))).map((a) => a.id), arts.filter((_, i) => i % 3 === 0).map((a) => a.id));
      assert.deepEqual((await collect(store.iterateArticles({ limit: 3, offset: 299 }))).map((a) => a.id), arts.slice(299, 302).map((a) => a.id));
      assert.equal((await collect(store.iterateArticles({ offset: 440 }))).length, 10);
      assert.deepEqual((await store.getArticle(arts[200].id))!.republication, { from: null, similarity: null, signals: ['wire-byline:Test'] });
    }));
}

/** Full-text search. */
function searchTests(withStore: WithStore): void {
  it('searches titles and texts with [bracketed] snippets, best first', () =>
    withStore(async (store) => {
      const a = makeArticle('The ferry operator cancelled crossings to Ostrand because of the storm. Passengers waited for hours.', { title: 'Storm halts ferries', outlet: 'Coast Herald' });
      const b = makeArticle('Farmers near Valmere said the storm flattened barley fields, and the ferry was mentioned only in passing.', { title: 'Barley harvest lost' });
      const c = makeArticle('The central bank left interest rates unchanged on Thursday.', { title: 'Rates on hold' });
      await store.ingestBatch([a, b, c].map((x) => makeItem(x)));
      const hits = await store.search('storm');
      assert.deepEqual(new Set(hits.map((h) => h.id)), new Set([a.id, b.id]));
      assert.equal(hits[0].id, a.id, 'a title hit ranks first');
      assert.equal(hits[0].outlet, 'Coast Herald');
      assert.equal(hits[0].title, 'Storm halts ferries');
      for (const h of hits) {
        assert.match(h.snippet, /\[storm\]/i);
        assert.equal(typeof h.rank, 'number');
      }
      assert.deepEqual((await store.search('"ferry operator cancelled"')).map((h) => h.id), [a.id]);
      assert.deepEqual((await store.search('"operator ferry cancelled"')).map((h) => h.id), []);
      assert.deepEqual((await store.search('ferr*')).map((h) => h.id).sort(), [a.id, b.id].sort());
      assert.deepEqual((await store.search('barley OR interest')).map((h) => h.id).sort(), [b.id, c.id].sort());
      assert.deepEqual((await store.search('storm barley')).map((h) => h.id), [b.id]);
      assert.deepEqual((await store.search('title:barley')).map((h) => h.id), [b.id]);
      // a word of a's text, not of any title (no stemming question: PostgreSQL's english config folds ferry/ferries)
      assert.deepEqual((await store.search('title:operator')).map((h) => h.id), []);
      assert.deepEqual((await store.search('text:operator')).map((h) => h.id), [a.id]);
      assert.equal((await store.search('storm', 1)).length, 1);
    }));

  it('search never throws on hostile or malformed queries', () =>
    withStore(async (store) => {
      const a = makeArticle('Officials in Polvar (the capital) said "no comment" and left; NOT a word more — AND nothing else.', { title: 'No comment' });
      await store.ingestBatch([makeItem(a)]);
      const hostile = [
        '"', '""', '"""', '(', ')', '((', 'Polvar)', '(Polvar', 'AND', 'OR', 'NOT', 'NEAR', 'NEAR(a b)', 'a OR', 'OR a',
        'Polvar AND', 'NOT Polvar', '*', '**', '-', '-Polvar', '^Polvar', 'Polvar^', '+', ':', 'title:', 'text:"',
        'nosuchcolumn:Polvar', '{title text}: Polvar', "'; DROP TABLE articles; --", 'Polvar"; --', 'a"b', '\\', '\u0000',
        '😀', '\u200b', 'x'.repeat(5000), '"no comment', 'comment"', '"(the capital)"', 'Polvar*"', 'AND OR NOT', 'Polvar   OR   OR  x',
      ];
      for (const q of hostile) {
        const hits = await store.search(q);
        assert.ok(Array.isArray(hits), `query ${JSON.stringify(q.slice(0, 40))}`);
      }
      assert.deepEqual((await store.search('(Polvar')).map((h) => h.id), [a.id]);
      assert.deepEqual((await store.search('NOT Polvar')).map((h) => h.id), [a.id], 'NOT is searched as a word');
      assert.deepEqual((await store.search('"no comment')).map((h) => h.id), [a.id]);
      assert.deepEqual((await store.search("'; DROP TABLE articles; --")), []);
      assert.equal(await store.countArticles(), 1);
      assert.deepEqual(await store.search('   '), []);
    }));
}

/** Near-duplicate candidates and republication links. */
function republicationTests(withStore: WithStore): void {
  it('returns near-duplicate candidates sharing a SimHash band, and trimmed copies by shingle fingerprints', () =>
    withStore(async (store) => {
      const base = makeArticle('Crane collapse shuts the northern grain terminal at Lestria.', { simhash: '1111222233334444', outlet: 'A', byline: 'Staff', published: '2024-01-01', publishedPrecision: 'day' });
      const sharesOne = makeArticle('Snowfall totals broke records across three mountain districts.', { simhash: 'aaaabbbb3333cccc' });
      const sharesNone = makeArticle('Teachers in Mirrow voted to accept the revised pay offer.', { simhash: 'deadbeefcafef00d' });
      await store.ingestBatch([base, sharesOne, sharesNone].map((a) => makeItem(a)));
      const c = await store.nearDuplicateCandidates(base.simhash, base.id);
      assert.deepEqual(c.map((r) => r.id), [sharesOne.id]);
      assert.equal(c[0].simhash, 'aaaabbbb3333cccc');
      assert.equal(c[0].ingestedAt, sharesOne.ingestedAt);
      const self = await store.nearDuplicateCandidates(base.simhash);
      assert.deepEqual(self.map((r) => r.id), [base.id, sharesOne.id]);
      assert.deepEqual(
        { id: self[0].id, simhash: self[0].simhash, published: self[0].published, byline: self[0].byline, outlet: self[0].outlet },
        { id: base.id, simhash: base.simhash, published: '2024-01-01', byline: 'Staff', outlet: 'A' },
      );
      assert.deepEqual(await store.nearDuplicateCandidates('ffffffffffffffff'), []);

      // A copy cut to its first half shares no band here by construction, but shares fingerprints.
      const sentences = Array.from({ length: 40 }, (_, i) => `Sentence ${i} of the wire story says the ${['port', 'mill', 'bridge', 'school'][i % 4]} in district ${i * 3} will ${['close', 'open', 'move', 'grow'][i % 4]} soon.`);
      const wire = makeArticle(sentences.join(' '), { simhash: '0000000000000000' });
      const trimmed = makeArticle(sentences.slice(0, 20).join(' '), { simhash: 'ffffffffffffffff' });
      const unrelated = makeArticle(sentences.map((s) => s.split(' ').reverse().join(' ')).join(' '), { simhash: '0f0f0f0f0f0f0f0f' });
      await store.ingestBatch([wire, trimmed, unrelated].map((a) => makeItem(a)));
      const found = await store.nearDuplicateCandidates(trimmed.simhash, trimmed.id);
      assert.deepEqual(found.map((r) => r.id), [wire.id]);
      assert.ok((found[0].sharedFingerprints ?? 0) >= 2);
      assert.ok(simhash64(wire.text) !== simhash64(trimmed.text));
    }));

  it('sets and clears a republication link', () =>
    withStore(async (store) => {
      const origin = makeArticle('The original wire story about the dam inspection in Corvale.');
      const copy = makeArticle('A copy of the wire story about the dam inspection in Corvale, lightly edited.');
      await store.ingestBatch([makeItem(origin), makeItem(copy)]);
      await store.setRepublication(copy.id, { from: origin.id, similarity: 0.93, signals: ['near-duplicate'] });
      const got = (await store.getArticle(copy.id))!;
      assert.equal(got.republishedFrom, origin.id);
      assert.deepEqual(got.republication, { from: origin.id, similarity: 0.93, signals: ['near-duplicate'] });
      assert.equal((await store.listArticles()).find((s) => s.id === copy.id)!.republishedFrom, origin.id);
      await store.setRepublication(copy.id, { from: null, similarity: null, signals: ['wire-byline:X'] });
      assert.equal((await store.getArticle(copy.id))!.republishedFrom, null);
      await store.setRepublication(copy.id, null);
      const cleared = (await store.getArticle(copy.id))!;
      assert.equal(cleared.republication, null);
      assert.equal(cleared.republishedFrom, null);
      assert.deepEqual(await store.search('dam inspection').then((h) => h.length), 2, 'text index untouched by the update');
      await rejectsWith(store.setRepublication('0000000000000000', null), 'E_NOT_FOUND');
    }));
}

/** Analyses: put, replace, batches, timings. */
function analysisTests(withStore: WithStore): void {
  it('puts, replaces, gets and streams analyses', () =>
    withStore(async (store) => {
      const a = makeArticle('Analysis target one: the minister resigned after the vote.');
      const b = makeArticle('Analysis target two: the strike ended on Wednesday night.');
      await store.ingestBatch([makeItem(a), makeItem(b)]);
      const an = (article: Article, n: number): StoredAnalysis => ({
        articleId: article.id,
        textHash: article.textHash,
        versions: { nlp: '1.0.0', labels: `1.${n}.0` },
        analysis: { findings: [{ id: 'f1', span: { start: 0, end: 8 }, evidence: article.text.slice(0, 8), n }], diagnostics: [], note: 'Erdoğan 😀' },
        timings: n === 1 ? null : { nlp: 1.25, labels: n },
        createdAt: `2024-05-0${n}T00:00:00.000Z`,
      });
      assert.equal(await store.getAnalysis(a.id), null);
      await store.putAnalysis(an(b, 1));
      await store.putAnalysis(an(a, 1));
      await store.putAnalysis(an(a, 2));
      assert.deepEqual(await store.getAnalysis(a.id), an(a, 2));
      const all = await collect(store.iterateAnalyses());
      assert.deepEqual(all, [an(a, 2), an(b, 1)], 'one per article, in ingest order');
      const failed = { ...an(b, 3), analysis: { findings: [], diagnostics: [{ analyzer: 'labels', code: 'analyzer-error', severity: 'error', message: 'boom' }] } };
      await store.putAnalysis(failed);
      assert.deepEqual(
        await collect(store.iterateAnalysisDiagnostics()),
        [
          { articleId: a.id, diagnostics: [] },
          { articleId: b.id, diagnostics: [{ analyzer: 'labels', code: 'analyzer-error', severity: 'error', message: 'boom' }] },
        ],
        'the diagnostics of each stored analysis, in ingest order, without its findings',
      );
      await store.putAnalysis(an(b, 1));
      await rejectsWith(store.putAnalysis({ ...an(a, 1), articleId: '0000000000000000' }), 'E_NOT_FOUND');
      assert.deepEqual(
        await store.listAnalysisStamps(),
        [an(a, 2), an(b, 1)].map((x) => ({ articleId: x.articleId, textHash: x.textHash, versions: x.versions })),
        'stamps: one per analysis, in ingest order, without the analysis body',
      );
    }));

  it('puts a batch of analyses in one transaction: all or none', () =>
    withStore(async (store) => {
      const a = makeArticle('Batch target one: the ferry resumed its winter schedule.');
      const b = makeArticle('Batch target two: the council approved the harbour budget.');
      await store.ingestBatch([makeItem(a), makeItem(b)]);
      const an = (article: Article, tag: string): StoredAnalysis => ({
        articleId: article.id,
        textHash: article.textHash,
        versions: { nlp: tag },
        analysis: { findings: [], diagnostics: [], tag },
        timings: null,
        createdAt: '2024-05-01T00:00:00.000Z',
      });
      assert.deepEqual(await store.listAnalysisStamps(), []);
      await store.putAnalyses([]);
      await rejectsWith(store.putAnalyses([an(a, 'x'), { ...an(b, 'x'), articleId: '0000000000000000' }]), 'E_NOT_FOUND');
      assert.equal(await store.getAnalysis(a.id), null, 'a failed batch stores nothing, not even its valid first item');
      await store.putAnalyses([an(a, '1'), an(b, '1')]);
      await store.putAnalyses([an(b, '2')]);
      assert.deepEqual(await store.getAnalysis(a.id), an(a, '1'));
      assert.deepEqual(await store.getAnalysis(b.id), an(b, '2'), 'a later batch replaces');
      assert.deepEqual((await store.listAnalysisStamps()).map((s) => s.versions.nlp), ['1', '2']);
    }));

  it('keeps timings apart from the analysis, which is stored as given', () =>
    withStore(async (store) => {
      const a = makeArticle('Timing target: the bridge reopened after the inspection.');
      await store.ingestBatch([makeItem(a)]);
      const json = '{"findings":[],"diagnostics":[],"versions":{"nlp":"1.0.0"},"x":0.1}';
      await store.putAnalyses([{ articleId: a.id, textHash: a.textHash, versions: { nlp: '1.0.0' }, analysis: null, analysisJson: json, timings: { nlp: 12.5 }, createdAt: '2024-05-01T00:00:00.000Z' }]);
      const got = (await store.getAnalysis(a.id))!;
      assert.equal(JSON.stringify(got.analysis), json, 'the analysis comes back byte for byte, without timings');
      assert.deepEqual(got.timings, { nlp: 12.5 });
      assert.deepEqual(await store.getAnalysisStamp(a.id), { articleId: a.id, textHash: a.textHash, versions: { nlp: '1.0.0' }, createdAt: '2024-05-01T00:00:00.000Z' });
      assert.equal(await store.getAnalysisStamp('0000000000000000'), null);
    }));
}

/** Analysis leases and the actor merge table. */
function leaseAndMergeTests(withStore: WithStore): void {
  it('leases articles for analysis: one owner at a time, renewable, released, and free again once expired', () =>
    withStore(async (store) => {
      const arts = [0, 1, 2, 3].map((i) => makeArticle(`Lease target ${i}: the ferry ${['left', 'waited', 'sank', 'docked'][i]} at dawn.`));
      await store.ingestBatch(arts.map((a) => makeItem(a)));
      const ids = arts.map((a) => a.id);
      const t0 = 1_700_000_000_000;
      const A = { owner: 'host-a:1:x', ttlMs: 60_000, now: t0 };
      const B = { owner: 'host-b:2:y', ttlMs: 60_000, now: t0 + 1000 };
      assert.deepEqual(await store.claimForAnalysis(ids.slice(0, 2), A), ids.slice(0, 2));
      assert.deepEqual(await store.claimForAnalysis(ids, B), ids.slice(2), 'B gets only what A does not hold');
      assert.deepEqual(await store.claimForAnalysis(['0000000000000000', ids[0]], { ...B, now: t0 + 2000 }), [], 'unknown ids and live foreign leases are left out');
      assert.deepEqual(await store.claimForAnalysis([ids[1]], { ...A, now: t0 + 30_000 }), [ids[1]], 'the owner renews its own lease');
      assert.deepEqual(await store.claimForAnalysis([], A), []);
      const live = await store.listClaims(t0 + 2000);
      assert.deepEqual(live.map((l) => [l.articleId, l.owner]), [[ids[0], A.owner], [ids[1], A.owner], [ids[2], B.owner], [ids[3], B.owner]]);
      // A's first lease expires at t0 + 60 s, its renewed one at t0 + 90 s: after 61 s only the first is free.
      assert.deepEqual(await store.claimForAnalysis(ids.slice(0, 2), { ...B, now: t0 + 61_000 }), [ids[0]], 'an expired lease is taken over');
      assert.deepEqual((await store.listClaims(t0 + 60_500)).map((l) => l.owner), [B.owner, A.owner, B.owner, B.owner]);
      await store.releaseClaims(B.owner, [ids[2]]);
      await store.releaseClaims(A.owner, [ids[3]]); // not A's: nothing happens
      assert.deepEqual((await store.listClaims(t0 + 60_500)).map((l) => l.articleId), [ids[0], ids[1], ids[3]]);
      assert.deepEqual(await store.claimForAnalysis([ids[2]], { ...A, now: t0 + 61_000 }), [ids[2]], 'a released lease is free');
      await store.releaseClaims(A.owner);
      assert.deepEqual((await store.listClaims(t0 + 60_500)).map((l) => [l.articleId, l.owner]), [[ids[0], B.owner], [ids[3], B.owner]]);
      assert.deepEqual(await store.listClaims(t0 + 200_000), [], 'expired leases are not listed');
      await rejectsWith(store.claimForAnalysis(ids, { owner: '', ttlMs: 1 }), 'E_INTERNAL');
      await rejectsWith(store.claimForAnalysis(ids, { owner: 'x', ttlMs: 0 }), 'E_INTERNAL');
    }));

  it('keeps the actor merge table: put, replace, list in order, delete', () =>
    withStore(async (store) => {
      assert.deepEqual(await store.listActorMerges(), []);
      await store.putActorMerge({ from: 'person:jim', to: 'person:james-mattis', note: 'same man' });
      await store.putActorMerge({ from: 'person:erdogan', to: 'person:recep-tayyip-erdoğan' });
      await store.putActorMerge({ from: 'person:jim', to: 'person:jim-mattis' }); // replaces the first
      const merges = await store.listActorMerges();
      assert.deepEqual(
        merges.map((m) => [m.from, m.to, m.note]),
        [['person:erdogan', 'person:recep-tayyip-erdoğan', null], ['person:jim', 'person:jim-mattis', null]],
      );
      assert.ok(merges.every((m) => !Number.isNaN(Date.parse(m.createdAt))));
      assert.equal(await store.deleteActorMerge('person:jim'), true);
      assert.equal(await store.deleteActorMerge('person:jim'), false, 'nothing left to delete');
      assert.deepEqual((await store.listActorMerges()).map((m) => m.from), ['person:erdogan']);
    }));
}

/** Findings stored as rows. */
function findingRowsTests(withStore: WithStore): void {
  it('stores findings as rows: the analysis comes back byte for byte, a re-analysis replaces them', () =>
    withStore(async (store) => {
      const a = makeArticle('Velgrad said: “The Karvenian regime must stop.” The ministry of Vessany denied it on Monday. 😀 Karvenia agreed.');
      const b = makeArticle('A second article: Karvenia and Vessany met in Tolmar, officials said.');
      await store.ingestBatch([makeItem(a), makeItem(b)]);
      const analysis = findingsAnalysis(a, 'one');
      const json = JSON.stringify(analysis);
      await store.putAnalyses([{ articleId: a.id, textHash: a.textHash, versions: analysis.versions, analysis: null, analysisJson: json, timings: null, createdAt: '2024-05-01T00:00:00.000Z' }]);
      await store.putAnalysis({ articleId: b.id, textHash: b.textHash, versions: { actors: '1.0.0' }, analysis: findingsAnalysis(b, 'two'), timings: null, createdAt: '2024-05-01T00:00:00.000Z' });
      assert.equal(JSON.stringify((await store.getAnalysis(a.id))!.analysis), json, 'findings rebuilt from rows in order, same JSON');
      assert.equal(JSON.stringify((await collect(store.iterateAnalyses()))[0].analysis), json);

      const rows = await collect(store.iterateFindings({ kinds: ['label', 'actor-mention', 'stance', 'quote'] }));
      assert.deepEqual(rows.map((r) => [r.articleId === a.id ? 'a' : 'b', r.ordinal, r.kind]), [
        ['a', 0, 'actor-mention'], ['a', 1, 'label'], ['a', 2, 'quote'], ['a', 3, 'stance'], ['a', 5, 'actor-mention'],
        ['b', 0, 'actor-mention'], ['b', 1, 'label'], ['b', 2, 'quote'], ['b', 3, 'stance'], ['b', 5, 'actor-mention'],
      ], 'ingest order, then finding order; other kinds left out');
      const label = rows[1];
      assert.deepEqual(
        { ...label, articleId: 'x' },
        { articleId: 'x', ordinal: 1, kind: 'label', analyzer: 'labels', actorId: 'state:KV', actorKind: 'state', canonical: 'Karvenia', voice: 'quote', speaker: 'Velgrad', spanStart: a.text.indexOf('The Karvenian'), spanEnd: a.text.indexOf('The Karvenian') + 20, score: null, confidence: 0.9, key: 'karvenian regime' },
        'the columns, and no payload unless asked',
      );
      assert.equal(rows[3].score, -0.62);
      const own = await collect(store.iterateFindings({ kinds: ['label', 'stance'], ownVoiceOnly: true, payload: true }));
      assert.deepEqual(own.map((r) => r.kind), ['stance', 'label', 'stance'], 'the quoted label of the first article is left out');
      assert.deepEqual(own[0].finding, analysis.findings[3], 'the whole finding, evidence cut from the text again');
      const byActor = await collect(store.iterateFindings({ kinds: ['actor-mention'], actorIds: ['state:VS'] }));
      assert.deepEqual(byActor.map((r) => r.ordinal), [5, 5]);
      assert.deepEqual(await collect(store.iterateFindings({ kinds: [] })), []);

      const mentions = await collect(store.actorMentionsByArticle());
      assert.deepEqual(mentions.map((m) => m.articleId), [a.id, b.id]);
      assert.deepEqual(mentions[0].actors, [
        { actorId: 'state:KV', actorKind: 'state', canonical: 'Karvenia', stateId: 'state:KV', mentions: 1, ownVoice: 1 },
        { actorId: 'state:VS', actorKind: 'state', canonical: 'Vessany', stateId: 'state:VS', mentions: 1, ownVoice: 1 },
      ]);
      const counts = await collect(store.findingCountsByArticle());
      assert.deepEqual(counts[0], { articleId: a.id, counts: { 'actor-mention': 2, label: 1, quote: 1, stance: 1, 'bias-sentence': 1 } });
      assert.deepEqual(Object.keys(counts[0].counts), ['actor-mention', 'label', 'quote', 'stance', 'bias-sentence'], 'kinds in order of their first finding');
      assert.deepEqual((await store.listAnalyzedArticles()).map((x) => x.id), [a.id, b.id]);

      // Re-analysis replaces the rows (no duplicates, none left behind).
      const fewer = { ...analysis, findings: analysis.findings.slice(0, 2) };
      await store.putAnalysis({ articleId: a.id, textHash: a.textHash, versions: analysis.versions, analysis: fewer, timings: null, createdAt: '2024-05-02T00:00:00.000Z' });
      assert.deepEqual((await store.getAnalysis(a.id))!.analysis, fewer);
      const after = await collect(store.iterateFindings({ kinds: ['label', 'actor-mention', 'stance', 'quote', 'bias-sentence'] }));
      assert.deepEqual(after.filter((r) => r.articleId === a.id).map((r) => r.ordinal), [0, 1]);

      // A stale analysis (made from another text) is not current: the views leave it out.
      await store.putAnalysis({ articleId: b.id, textHash: 'f'.repeat(64), versions: {}, analysis: findingsAnalysis(b, 'old'), timings: null, createdAt: '2024-05-01T00:00:00.000Z' });
      assert.deepEqual((await store.listAnalyzedArticles()).map((x) => x.id), [a.id]);
      assert.deepEqual((await collect(store.actorMentionsByArticle())).map((m) => m.articleId), [a.id]);
      assert.deepEqual((await collect(store.findingCountsByArticle())).map((m) => m.articleId), [a.id]);
    }));
}

/** Closing the store. */
function closeTests(open: () => Promise<Store>): void {
  it('close ends the store: later calls fail with E_STORE, closing twice is harmless', async () => {
    const store = await open();
    await store.ingestBatch([makeItem(makeArticle('An article written just before the store was closed.'))]);
    await store.close();
    await store.close();
    await rejectsWith(store.countArticles(), 'E_STORE', /closed/);
    await rejectsWith(store.ingestBatch([makeItem(makeArticle('Too late to be stored.'))]), 'E_STORE');
    await rejectsWith(collect(store.iterateArticles()), 'E_STORE');
  });
}
