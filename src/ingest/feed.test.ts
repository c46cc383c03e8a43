import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import type { RawArticle } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';
import { parseFeed, type FeedItemResult } from './feed.js';
import { articles, collect, summary, withTempDir } from './test-helpers.js';

const raws = (rs: FeedItemResult[]): RawArticle[] => rs.flatMap((r) => ('raw' in r ? [r.raw] : []));

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Valley Gazette &amp; Times</title>
    <link>https://gazette.example/</link>
    <atom:link href="https://gazette.example/feed.xml" rel="self" type="application/rss+xml"/>
    <language>en-gb</language>
    <item>
      <title>Bridge opens&nbsp;early</title>
      <link>https://gazette.example/bridge</link>
      <pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate>
      <author>desk@gazette.example (Lin Okafor)</author>
      <description>Teaser only</description>
      <content:encoded><![CDATA[<p>The new bridge opened to traffic &amp; cyclists.</p>]]></content:encoded>
    </item>
    <item>
      <title>Market day</title>
      <guid isPermaLink="true">https://gazette.example/market</guid>
      <dc:creator>Ana Brix</dc:creator>
      <dc:creator>Tom Reyes</dc:creator>
      <dc:date>2024-03-06T08:30:00Z</dc:date>
      <description>&lt;p&gt;Stalls &amp;amp; crowds&lt;/p&gt;</description>
    </item>
    <item><title>Only a title</title></item>
    <item><title>Relative</title><link>/relative/path</link><description>Body</description></item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title type="html">Le &lt;em&gt;Courrier&lt;/em&gt; du Nord</title>
  <link rel="self" href="https://courrier.example/atom"/>
  <link rel="alternate" href="https://courrier.example/"/>
  <author><name>Rédaction</name></author>
  <entry>
    <title>Le pont est ouvert</title>
    <link rel="alternate" href="https://courrier.example/pont"/>
    <published>2024-03-05T10:00:00+01:00</published>
    <updated>2024-03-05T12:00:00+01:00</updated>
    <author><name>Jeanne Morel</name></author>
    <summary>Résumé</summary>
    <content type="html">&lt;p&gt;Le nouveau pont a été ouvert.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Texte brut</title>
    <link href="https://courrier.example/texte"/>
    <updated>2024-03-06T09:00:00Z</updated>
    <content type="text">Un texte sans balises.</content>
  </entry>
  <entry xml:lang="de">
    <title>XHTML</title>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Eine <b>Brücke</b>.</p></div></content>
  </entry>
  <entry>
    <title>Summary only</title>
    <content src="https://courrier.example/remote"/>
    <summary type="html">&lt;p&gt;Résumé seul&lt;/p&gt;</summary>
  </entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://ledger.example/"><title>Harbour Ledger</title><link>https://ledger.example/</link></channel>
  <item rdf:about="https://ledger.example/a"><title>Ferry resumes</title><link>https://ledger.example/a</link><description>The ferry resumed.</description><dc:date>2024-03-01</dc:date><dc:language>en</dc:language></item>
  <item rdf:about="https://ledger.example/b"><title>Tide tables</title><link>https://ledger.example/b</link><description>New tables.</description></item>
</rdf:RDF>`;

describe('parseFeed', () => {
  it('reads RSS 2.0 items: content:encoded first, entities and CDATA decoded, channel meta, authors, dates', () => {
    const rs = parseFeed(RSS, { input: 'feed.xml', baseUrl: 'https://gazette.example/feed.xml' });
    assert.equal(rs.length, 4);
    const [bridge, market, relative] = raws(rs);
    assert.deepEqual(bridge, {
      source: 'feed.xml#1',
      sourceKind: 'rss',
      format: 'html',
      body: '<p>The new bridge opened to traffic &amp; cyclists.</p>',
      meta: {
        url: 'https://gazette.example/bridge',
        title: 'Bridge opens early',
        byline: 'Lin Okafor',
        published: 'Tue, 05 Mar 2024 09:00:00 GMT',
        language: 'en-gb',
        feedChannel: 'Valley Gazette & Times',
        feedLink: 'https://gazette.example/',
      },
    });
    assert.equal(market.body, '<p>Stalls &amp; crowds</p>');
    assert.equal(market.meta.url, 'https://gazette.example/market', 'permalink guid stands in for a missing <link>');
    assert.equal(market.meta.byline, 'Ana Brix, Tom Reyes');
    assert.equal(market.meta.published, '2024-03-06T08:30:00Z');
    assert.equal(relative.meta.url, 'https://gazette.example/relative/path');
    const empty = rs[2];
    assert.ok('error' in empty);
    assert.equal(empty.source, 'feed.xml#3');
    assert.equal(empty.error.code, 'E_INPUT_EMPTY');
    assert.match(empty.error.message, /"Only a title" has no content/);
  });

  it('reads Atom entries: typed content, xhtml, summary fallback, published/updated, feed author and language', () => {
    const rs = parseFeed(ATOM, { input: 'a.atom' });
    const [pont, texte, xhtml, summaryOnly] = raws(rs);
    assert.equal(rs.length, 4);
    assert.deepEqual(pont, {
      source: 'a.atom#1',
      sourceKind: 'atom',
      format: 'html',
      body: '<p>Le nouveau pont a été ouvert.</p>',
      meta: {
        url: 'https://courrier.example/pont',
        title: 'Le pont est ouvert',
        byline: 'Jeanne Morel',
        published: '2024-03-05T10:00:00+01:00',
        updated: '2024-03-05T12:00:00+01:00',
        language: 'fr',
        feedChannel: 'Le Courrier du Nord',
        feedLink: 'https://courrier.example/',
      },
    });
    assert.deepEqual([texte.format, texte.body], ['text', 'Un texte sans balises.']);
    assert.equal(texte.meta.published, '2024-03-06T09:00:00Z', 'updated stands in when there is no published');
    assert.equal(texte.meta.byline, 'Rédaction', 'feed-level author applies');
    assert.equal(xhtml.format, 'html');
    assert.match(xhtml.body, /<p>Eine <b>Brücke<\/b>\.<\/p>/);
    assert.equal(xhtml.meta.language, 'de');
    assert.deepEqual([summaryOnly.format, summaryOnly.body], ['html', '<p>Résumé seul</p>']);
  });

  it('reads RSS 1.0 (RDF) items that sit beside the channel', () => {
    const rs = raws(parseFeed(RDF, { input: 'r.rdf' }));
    assert.deepEqual(rs.map((r) => [r.source, r.meta.title, r.meta.feedChannel]), [
      ['r.rdf#1', 'Ferry resumes', 'Harbour Ledger'],
      ['r.rdf#2', 'Tide tables', 'Harbour Ledger'],
    ]);
    assert.equal(rs[0].meta.published, '2024-03-01');
    assert.equal(rs[0].meta.language, 'en');
  });

  it('refuses malformed and non-feed documents with a clear message', () => {
    const cases: Array<[string, RegExp, string]> = [
      [RSS.slice(0, RSS.indexOf('<item><title>Relative')), /<channel> at line 3, column 3 is never closed \(truncated file\?\)/, 'E_INPUT_FORMAT'],
      [RSS.replace('<description>Teaser only</description>', '<description>Teaser<br>only</description>'), /<br> at line 13, column 26 is not closed properly/, 'E_INPUT_FORMAT'],
      ['<html><body>no feed</body></html>', /not an RSS or Atom feed \(root element <html>\)/, 'E_INPUT_FORMAT'],
      ['<rss version="2.0"></rss>', /has no <channel>/, 'E_INPUT_FORMAT'],
      ['<rss version="2.0"><channel><title>Empty</title></channel></rss>', /feed has no items/, 'E_INPUT_EMPTY'],
    ];
    for (const [xml, message, code] of cases) {
      assert.throws(
        () => parseFeed(xml, { input: 'bad.xml' }),
        (e: unknown) => e instanceof ParallaxError && e.code === code && message.test(e.message) && e.input === 'bad.xml',
        message.source,
      );
    }
  });
});

describe('readInputs: feed files', () => {
  it('reads .rss, .atom and .xml files, names items file#n and fails a malformed feed as one result', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'a.rss'), RSS);
      await writeFile(path.join(dir, 'b.atom'), ATOM);
      await writeFile(path.join(dir, 'c.xml'), RDF);
      await writeFile(path.join(dir, 'd.xml'), RSS.slice(0, 400));
      await writeFile(path.join(dir, 'e.xml'), '<?xml version="1.0"?><sitemap><url/></sitemap>');
      const rs = await collect([dir]);
      assert.deepEqual(summary(rs, dir), [
        'article a.rss#1',
        'article a.rss#2',
        'failed a.rss#3 E_INPUT_EMPTY',
        'article a.rss#4',
        'article b.atom#1',
        'article b.atom#2',
        'article b.atom#3',
        'article b.atom#4',
        'article c.xml#1',
        'article c.xml#2',
        'failed d.xml E_INPUT_FORMAT',
        'failed e.xml E_INPUT_FORMAT',
      ]);
      assert.equal(articles(rs)[0].sourceKind, 'rss');
      assert.equal(articles(rs)[3].sourceKind, 'atom');
    });
  });

  it('decodes a feed by its XML encoding declaration', async () => {
    await withTempDir(async (dir) => {
      const title = 'Новости города';
      const xml = `<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>${title}</title><item><title>Совет</title><description>Городской совет собрался.</description></item></channel></rss>`;
      await writeFile(path.join(dir, 'ru.xml'), iconv.encode(xml, 'windows-1251'));
      const [a] = articles(await collect([path.join(dir, 'ru.xml')]));
      assert.equal(a.meta.feedChannel, title);
      assert.equal(a.body, 'Городской совет собрался.');
    });
  });
});

describe('hostile feeds (issue 17)', () => {
  const LAUGHS =
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY lol "lol">\n  <!ENTITY lol2 "&lol;&lol;&lol;&lol;">\n]>\n' +
    '<rss version="2.0"><channel><title>Laughs</title><item><title>&lol2;</title><description>Body</description></item></channel></rss>';

  it('refuses an internal DTD subset and says why, from a file named .xml and from stdin alike', async () => {
    assert.throws(
      () => parseFeed(LAUGHS, { input: 'laughs.xml' }),
      (e: unknown) =>
        e instanceof ParallaxError &&
        e.code === 'E_INPUT_FORMAT' &&
        e.message === 'DTD declarations are not accepted (entity expansion risk): the feed has an internal DTD subset, <!DOCTYPE … [ … ]> at line 2, column 1',
    );
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'laughs.xml'), LAUGHS);
      const [r] = await collect([path.join(dir, 'laughs.xml')]);
      assert.equal(r.kind, 'failed');
      assert.match(r.kind === 'failed' ? r.error.message : '', /^DTD declarations are not accepted/);
    });
    const { Readable } = await import('node:stream');
    const [s] = await collect(['-'], { stdin: Readable.from([Buffer.from(LAUGHS)]) });
    assert.match(s.kind === 'failed' ? s.error.message : s.kind, /^DTD declarations are not accepted/);
  });

  it('still reads a feed with an external DOCTYPE (RSS 0.91)', () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">' +
      '<rss version="0.91"><channel><title>Old</title><item><title>Still here</title><description>Body</description></item></channel></rss>';
    assert.equal(raws(parseFeed(xml, { input: 'old.rss' }))[0].meta.title, 'Still here');
  });

  it('refuses a feed nested 100,000 deep with where and how deep, before parsing it', () => {
    const n = 100_000;
    const xml = `<rss version="2.0"><channel><title>Deep</title><item><title>t</title><description>Body</description>${'<x>'.repeat(n)}${'</x>'.repeat(n)}</item></channel></rss>`;
    const t = performance.now();
    assert.throws(
      () => parseFeed(xml, { input: 'deep.xml' }),
      (e: unknown) =>
        e instanceof ParallaxError &&
        e.code === 'E_INPUT_FORMAT' &&
        e.input === 'deep.xml' &&
        /^feed nested deeper than 256 levels: <x> at line 1, column \d+ opens level 257 \(100,003 levels in all\)$/.test(e.message),
    );
    assert.ok(performance.now() - t < 10_000);
    // Up to the limit is fine.
    const ok = `<rss version="2.0"><channel><title>Deep</title><item><title>t</title><description>Body</description>${'<x>'.repeat(200)}${'</x>'.repeat(200)}</item></channel></rss>`;
    assert.equal(raws(parseFeed(ok, { input: 'ok.xml' })).length, 1);
  });
});
