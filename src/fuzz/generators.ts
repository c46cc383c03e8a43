import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import iconv from 'iconv-lite';

/**
 * Generators of hostile and careless inputs for the fuzz suite (docs/fuzzing.md). Everything a user or a web page
 * can hand to `parallax ingest`: arbitrary bytes, odd Unicode, plausible news text laced with hostile pieces,
 * tag soup, deep nesting, broken and entity-laden feeds, JSON Lines with wrong types, gzip (corrupt, and bombs),
 * text in legacy and mislabelled charsets, file names with control characters, symbolic links out of the folder,
 * and URLs that hide private addresses (classified only, never fetched).
 *
 * All text is generated here; nothing is copied from real articles. Sizes are bounded by {@link FuzzLimits}, so the
 * same generators serve the short run inside `npm test` and the long runs of `npm run fuzz`.
 */

export interface FuzzLimits {
  /** Rough upper bound of one generated text, in characters. */
  maxChars: number;
  /** Deepest generated nesting (HTML, feeds, JSON). */
  maxDepth: number;
  /** Longest single token without a space. */
  maxToken: number;
  /** Largest decompressed size of a gzip bomb, in bytes. */
  maxBomb: number;
  /** Most files in one case. */
  maxFiles: number;
}

export const SMALL_LIMITS: FuzzLimits = { maxChars: 6_000, maxDepth: 300, maxToken: 3_000, maxBomb: 600_000, maxFiles: 2 };
/** The `npm test` run's: small enough that a few hundred inputs finish in well under a minute on two cores. */
export const TEST_LIMITS: FuzzLimits = { maxChars: 4_000, maxDepth: 100, maxToken: 2_000, maxBomb: 300_000, maxFiles: 2 };
export const DEFAULT_LIMITS: FuzzLimits = { maxChars: 40_000, maxDepth: 5_000, maxToken: 20_000, maxBomb: 8_000_000, maxFiles: 3 };

/** One file of a case, relative to the case's folder. `name` may hold any character but "/" and NUL. */
export interface FuzzFile {
  name: string;
  bytes: Uint8Array;
  /** The generator family of this file's document (a case may hold several files of different families). */
  family?: string;
}

/** A symbolic link placed in the case's folder. */
export interface FuzzLink {
  name: string;
  /** outside-file: a text file outside the folder (must not be ingested by default); loop: a link to its own folder. */
  target: 'outside-file' | 'outside-dir' | 'loop' | 'dangling';
}

/** Served over HTTP on 127.0.0.1 by the harness, to reach the URL reading path (Content-Type, Content-Encoding). */
export interface FuzzServed {
  bytes: Uint8Array;
  contentType: string | null;
  /** Compress the body with Content-Encoding: gzip. */
  gzipEncoding: boolean;
  /** Last path segment of the URL (its extension is a hint for JSON Lines). */
  pathName: string;
}

export interface FuzzCase {
  /** Generator family, e.g. "html/deep-nesting": failures are grouped by it. */
  family: string;
  files: FuzzFile[];
  links: FuzzLink[];
  served: FuzzServed | null;
  /** Ingest the case's folder (recursive walk) or each file path given on the command line. */
  via: 'folder' | 'paths';
  /**
   * A word that must come through when the input is well-formed and correctly labelled (a round-trip check):
   * the article text of some stored article contains it. Null when the case makes no such promise.
   */
  marker: string | null;
  /** Text planted outside the folder behind a symbolic link: it must never be stored. */
  secret: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Unicode and text pieces

/** Characters that break naive text handling: controls, bidi overrides, zero-width, separators, lone surrogates. */
export const HOSTILE_CHARS = [
  '\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\r', '\u001b', '\u007f', '\u0085', '\u009b',
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad',
  '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u2028', '\u2029', '\u00a0', '\u3000', '\u180e',
  '\ud800', '\udbff', '\udc00', '\udfff',
  '\u0301', '\u0336', '\u20dd', '\ufffd', '\ufffe', '\uffff', '\u{10ffff}', '\u{1f600}', '\u{1f1fa}\u{1f1f8}',
  '\u05d0', '\u0627\u0644', '\u4e2d', '\u0e01', '\u1100\u1161',
];

const ESC_SEQUENCES = ['\u001b[31m', '\u001b[2J', '\u001b]0;title\u0007', '\u001b[1A\u001b[2K', '\r\n', '\n\r', '\r'];

export const hostileChar = fc.constantFrom(...HOSTILE_CHARS);

/** Any Unicode string, weighted toward the hostile characters. */
export function unicodeText(maxLength: number): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: hostileChar },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom(' ', '\n', '\n\n', '\t', '.', '"', '“', '”', '«', '»', '—') },
    ),
    maxLength,
  });
}

const FIRST = ['Ilse', 'Anton', 'Nadia', 'Marek', 'Sofi', 'Teodor', 'Lina', 'Oskar', 'Rhea', 'Jun'];
const LAST = ['Varro', 'Kessel', 'Brun', 'Odell', 'Marquez', 'Haldane', 'Petrov', 'Nakamura', 'Okafor', 'Lind'];
const PLACES = ['Lorvan', 'Merrow', 'Tessel', 'Brascony', 'Halveth', 'Oster', 'Vanteel'];
const ROLES = ['Foreign Minister', 'President', 'Port director', 'spokeswoman', 'Defense Minister', 'the mayor of'];
const VERBS = ['said', 'claimed', 'admitted', 'warned', 'denied', 'told reporters', 'accused', 'praised'];
const NOUNS = ['the harbour', 'the talks', 'the ceasefire', 'grain exports', 'the blockade', 'the regime', 'the council', 'the border crossing'];
const ADJ = ['so-called', 'occupying', 'brutal', 'routine', 'historic', 'illegal', 'peaceful', 'terrorist'];

const person = fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([a, b]) => `${a} ${b}`);
const place = fc.constantFrom(...PLACES);

/** One plausible news sentence (invented names, quotes, figures, dates). */
export const newsSentence: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(place, fc.constantFrom(...VERBS), place, fc.constantFrom(...NOUNS)).map(([a, v, b, n]) => `The government of ${a} ${v} on Monday that ${b} had blocked ${n} for a third week.`),
  fc.tuple(fc.constantFrom(...ROLES), person, fc.constantFrom(...ADJ), fc.constantFrom(...NOUNS)).map(([r, p, a, n]) => `${r} ${p} called it "an act of war against ${a} ${n}" and said talks would resume.`),
  fc.tuple(person, fc.integer({ min: 1, max: 99 }), place).map(([p, n, pl]) => `“We will not accept this,” ${p} said, adding that ${n} percent of the grain of ${pl} passes through the port.`),
  fc.tuple(place, fc.constantFrom(...ADJ), place).map(([a, adj, b]) => `According to officials in ${a}, the ${adj} regime in ${b} fired on the crossing between 2019 and 2022.`),
  fc.tuple(person, fc.integer({ min: 1, max: 28 }), fc.constantFrom('January', 'March', 'October')).map(([p, d, m]) => `${p} told reporters on ${d} ${m} 2024 that the works would end within ten days.`),
  fc.tuple(place, place).map(([a, b]) => `${a} and ${b} agreed to resume talks, the regional council said in a statement.`),
);

/** Boilerplate a scraper leaves around article text. */
const boilerplate = fc.constantFrom(
  'Share this article', 'Advertisement', 'Copyright 2024 The Oster Ledger. All rights reserved.', 'Read more:',
  'Sign up for our newsletter', 'By Nadia Brun, Staff Writer', 'Updated: 12 March 2024 10:31 GMT', 'Photo: Reuters',
  'Follow us on Twitter', 'Related: Talks resume', 'Comments (0)', 'Click here to subscribe',
);

function longToken(maxToken: number): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom('a', 'x', 'ab', 'é', '\u05d0', '-', '.', '"', '0', 'Lorvan', '\u200b', '—'), fc.integer({ min: 100, max: Math.max(100, maxToken) })).map(
    ([unit, n]) => unit.repeat(Math.ceil(n / unit.length)),
  );
}

/** A paragraph of news sentences with hostile pieces mixed in. */
function hostileParagraph(limits: FuzzLimits): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 8, arbitrary: newsSentence },
    { weight: 1, arbitrary: boilerplate },
    { weight: 1, arbitrary: unicodeText(40) },
    { weight: 1, arbitrary: hostileChar },
    { weight: 1, arbitrary: fc.constantFrom(...ESC_SEQUENCES) },
    { weight: 1, arbitrary: longToken(Math.min(limits.maxToken, 2_000)) },
    { weight: 1, arbitrary: fc.constantFrom('"', '“', '«', '„', "'", '(', '[', '—', '...', '!!!', '?', '\u201c\u201c\u201c') },
  );
  return fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join(' '));
}

export interface Article {
  title: string | null;
  paragraphs: string[];
  marker: string;
}

/** A plausible article (title, byline, paragraphs) carrying a marker word that must survive a clean round trip. */
export function plausibleArticle(limits: FuzzLimits): fc.Arbitrary<Article> {
  return fc.record({
    title: fc.constantFrom('none', 'own', 'restates-lede'),
    own: fc.tuple(place, fc.constantFrom(...VERBS), place).map(([a, v, b]) => `${a} ${v} ${b} over harbour`),
    lede: newsSentence,
    paragraphs: fc.array(fc.array(newsSentence, { minLength: 1, maxLength: 5 }).map((s) => s.join(' ')), { minLength: 1, maxLength: 6 }),
    marker: fc.integer({ min: 1000, max: 999_999 }).map((n) => `Zorblat${n}`),
  }).map(({ title, own, lede, paragraphs, marker }) => ({
    // A headline the lede restates (as wire ledes do) must not cost the lede.
    title: title === 'none' ? null : title === 'own' ? own : lede.replace(/[.,"“”]/g, '').split(' ').slice(0, 9).join(' '),
    paragraphs: [`${lede} Observers in ${marker} watched the talks closely.`, ...paragraphs].map((p) => p.slice(0, Math.max(200, limits.maxChars / 4))),
    marker,
  }));
}

/** Text a careless or hostile source hands in: news with hostile pieces, raw Unicode, long tokens, nothing at all. */
export function hostileText(limits: FuzzLimits): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(hostileParagraph(limits), { minLength: 1, maxLength: 8 }).map((ps) => ps.join('\n\n')) },
    { weight: 2, arbitrary: unicodeText(Math.min(limits.maxChars, 2_000)) },
    { weight: 1, arbitrary: longToken(limits.maxToken) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\n\n', '\u200b\u200b', '\ufeff', '\u0000', '.', 'a') },
    {
      weight: 1,
      arbitrary: fc.tuple(newsSentence, fc.integer({ min: 1, max: 2_000 })).map(([s, n]) => Array.from({ length: n }, () => s).join(n % 3 ? ' ' : '\n')),
    },
    {
      weight: 1,
      // Many lines, each a short header-like line: stresses the plain-text cleaner's line heuristics.
      arbitrary: fc.array(fc.oneof(boilerplate, newsSentence, fc.constantFrom('', '-', '***', '|', '•')), { maxLength: 400 }).map((ls) => ls.join('\n')),
    },
  ).map((t) => t.slice(0, limits.maxChars));
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

const TAGS = ['div', 'span', 'p', 'a', 'b', 'i', 'em', 'table', 'tr', 'td', 'ul', 'li', 'section', 'article', 'header', 'footer', 'nav', 'aside', 'figure', 'figcaption', 'blockquote', 'h1', 'h2', 'pre', 'code', 'svg', 'math', 'template', 'noscript', 'iframe', 'form', 'select', 'option', 'textarea', 'title', 'plaintext', 'xmp'];

function tagSoup(limits: FuzzLimits): fc.Arbitrary<string> {
  const { soup } = fc.letrec<{ soup: string; node: string }>((tie) => ({
    soup: fc.array(tie('node'), { maxLength: 6 }).map((ns) => ns.join('')),
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 3, arbitrary: hostileParagraph(limits).map(escapeHtml) },
      { weight: 1, arbitrary: unicodeText(30) },
      {
        weight: 3,
        arbitrary: fc.tuple(fc.constantFrom(...TAGS), fc.array(fc.tuple(fc.constantFrom('class', 'id', 'style', 'href', 'data-x', 'onclick', 'lang', 'dir', 'charset'), unicodeText(20)), { maxLength: 3 }), tie('soup'), fc.boolean()).map(
          ([t, attrs, inner, close]) => `<${t}${attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('')}>${inner}${close ? `</${t}>` : ''}`,
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom('</div>', '</p></p></p>', '<br>', '<hr/>', '<!-- c -->', '<!--', '<![CDATA[x]]>', '<?php echo 1 ?>', '<!DOCTYPE html>', '&amp;', '&#0;', '&#x110000;', '&#xD800;', '&nbsp;&nbsp;', '&unknown;', '<', '>', '</', '<a', '<a href="', '<<<>>>') },
      { weight: 1, arbitrary: unicodeText(60).map((s) => `<script>var s="${s.replace(/<\/script/gi, '')}";</script>`) },
      { weight: 1, arbitrary: unicodeText(60).map((s) => `<style>p{content:"${s}"}</style>`) },
    ),
  }));
  return soup;
}

function htmlPage(body: string, opts: { title?: string | null; charset?: string | null; lang?: string | null } = {}): string {
  const head = [
    opts.charset ? `<meta charset="${opts.charset}">` : '',
    opts.title ? `<title>${escapeHtml(opts.title)}</title>` : '',
  ].join('');
  return `<!DOCTYPE html><html${opts.lang ? ` lang="${opts.lang}"` : ''}><head>${head}</head><body>${body}</body></html>`;
}

function articleHtml(a: Article): string {
  return htmlPage(`<header><nav><a href="/">Home</a></nav></header><article>${a.title ? `<h1>${escapeHtml(a.title)}</h1>` : ''}${a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</article><footer>Copyright</footer>`, { title: a.title });
}

/** HTML documents: tag soup, deep nesting, unclosed tables, huge attributes, scripts, a plain article. */
export function htmlDocument(limits: FuzzLimits): fc.Arbitrary<{ family: string; html: string; marker: string | null }> {
  const depth = fc.integer({ min: 10, max: limits.maxDepth });
  return fc.oneof(
    { weight: 3, arbitrary: tagSoup(limits).map((s) => ({ family: 'html/tag-soup', html: htmlPage(s), marker: null })) },
    { weight: 2, arbitrary: plausibleArticle(limits).map((a) => ({ family: 'html/article', html: articleHtml(a), marker: a.marker })) },
    {
      weight: 1,
      arbitrary: fc.tuple(depth, fc.constantFrom('span', 'div', 'b', 'blockquote', 'li', 'a', 'font'), newsSentence, fc.boolean()).map(([n, t, s, close]) => ({
        family: 'html/deep-nesting',
        html: htmlPage(`${`<${t}>`.repeat(n)}${escapeHtml(s)}${close ? `</${t}>`.repeat(n) : ''}`),
        marker: null,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(depth, newsSentence).map(([n, s]) => ({ family: 'html/unclosed-tables', html: htmlPage(`${'<table><tr><td>'.repeat(n)}${escapeHtml(s)}`), marker: null })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 1_000, max: Math.max(1_000, limits.maxChars) }), plausibleArticle(limits)).map(([n, a]) => ({
        family: 'html/huge-attribute',
        html: articleHtml(a).replace('<article>', `<article data-x="${'x'.repeat(n)}" style="${'a:b;'.repeat(n >> 4)}">`),
        marker: null,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 200 }), unicodeText(200)).map(([n, s]) => ({
        family: 'html/scripts',
        html: htmlPage(`<script>${'document.write("<p>");'.repeat(n)}</script><noscript>${escapeHtml(s)}</noscript><script>/*`, { title: s.slice(0, 50) }),
        marker: null,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(depth, newsSentence).map(([n, s]) => ({ family: 'html/many-siblings', html: htmlPage(`<p>${escapeHtml(s)}</p>`.repeat(Math.min(n, 3_000))), marker: null })),
    },
  ).map((d) => ({ ...d, html: d.html.slice(0, Math.max(limits.maxChars * 4, 200_000)) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Feeds

const escapeXml = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

function rssItem(a: Article, date: string): string {
  return `<item><title>${escapeXml(a.title ?? '')}</title><link>https://oster-ledger.example/a/${a.marker}</link><pubDate>${date}</pubDate><description><![CDATA[${a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}]]></description></item>`;
}

export function feedDocument(limits: FuzzLimits): fc.Arbitrary<{ family: string; xml: string; marker: string | null }> {
  const date = fc.constantFrom('Mon, 04 Mar 2024 10:00:00 GMT', '2024-03-04T10:00:00Z', 'yesterday', '', '31/02/2024', 'Mon, 99 Foo 0000');
  const items = fc.array(fc.tuple(plausibleArticle(limits), date), { minLength: 1, maxLength: 4 });
  const depth = fc.integer({ min: 10, max: limits.maxDepth });
  return fc.oneof(
    {
      weight: 3,
      arbitrary: items.map((its) => ({
        family: 'feed/rss',
        xml: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Oster Ledger</title>${its.map(([a, d]) => rssItem(a, d)).join('')}</channel></rss>`,
        marker: its[0][0].marker,
      })),
    },
    {
      weight: 2,
      arbitrary: items.map((its) => ({
        family: 'feed/atom',
        xml: `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Vanteel Wire</title>${its
          .map(([a]) => `<entry><title>${escapeXml(a.title ?? '')}</title><id>urn:x:${a.marker}</id><updated>2024-03-04T10:00:00Z</updated><content type="html">${escapeXml(a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join(''))}</content></entry>`)
          .join('')}</feed>`,
        marker: its[0][0].marker,
      })),
    },
    {
      weight: 2,
      // A valid feed cut at a random point, or with a hostile piece spliced in.
      arbitrary: fc.tuple(items, fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(unicodeText(30), fc.constantFrom('</channel>', '<item>', ']]>', '&', '&bogus;', '<![CDATA[', '<!--', '\u0000'))).map(([its, cut, junk]) => {
        const xml = `<rss version="2.0"><channel>${its.map(([a, d]) => rssItem(a, d)).join('')}</channel></rss>`;
        const at = Math.floor(cut * xml.length);
        return { family: 'feed/broken', xml: xml.slice(0, at) + junk + (cut > 0.5 ? xml.slice(at) : ''), marker: null };
      }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom('laughs', 'external', 'parameter', 'plain'), fc.integer({ min: 2, max: 10 }), plausibleArticle(limits)).map(([kind, n, a]) => {
        let dtd: string;
        if (kind === 'laughs') {
          const ents = [`<!ENTITY l0 "lol">`];
          for (let i = 1; i < n; i++) ents.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
          dtd = `<!DOCTYPE rss [${ents.join('')}]>`;
        } else if (kind === 'external') dtd = `<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;
        else if (kind === 'parameter') dtd = `<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://169.254.169.254/latest/meta-data/">%p;]>`;
        else dtd = `<!DOCTYPE rss [<!ELEMENT rss ANY>]>`;
        const ref = kind === 'laughs' ? `&l${n - 1};` : kind === 'external' ? '&xxe;' : '';
        return {
          family: 'feed/dtd',
          xml: `<?xml version="1.0"?>${dtd}<rss version="2.0"><channel><item><title>${ref}</title><description>${escapeXml(a.paragraphs.join(' '))} ${ref}</description></item></channel></rss>`,
          marker: null,
        };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(depth, fc.constantFrom('item', 'x', 'description', 'channel', 'entry'), newsSentence).map(([n, t, s]) => ({
        family: 'feed/deep-nesting',
        xml: `<rss version="2.0"><channel><item><description>${`<${t}>`.repeat(n)}${escapeXml(s)}${`</${t}>`.repeat(n)}</description></item></channel></rss>`,
        marker: null,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 0, max: 2_000 }), fc.boolean()).map(([n, atom]) => ({
        family: 'feed/many-empty-items',
        xml: atom ? `<feed xmlns="http://www.w3.org/2005/Atom">${'<entry></entry>'.repeat(n)}</feed>` : `<rss><channel>${'<item/>'.repeat(n)}</channel></rss>`,
        marker: null,
      })),
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// JSON and JSON Lines

const jsonValue = fc.jsonValue({ maxDepth: 3 });

function jsonRecord(limits: FuzzLimits): fc.Arbitrary<{ line: string; marker: string | null }> {
  const meta = fc.record(
    {
      title: fc.oneof(fc.string(), unicodeText(80), jsonValue),
      url: fc.oneof(fc.webUrl(), fc.string(), fc.constantFrom('javascript:alert(1)', 'http://[::1]/', 'file:///etc/passwd')),
      outlet: fc.oneof(fc.constantFrom('Oster Ledger', 'Vanteel Wire', ''), unicodeText(30), jsonValue),
      byline: fc.oneof(person.map((p) => `By ${p}`), unicodeText(40)),
      published: fc.oneof(fc.constantFrom('2024-03-04', '2024-03-04T10:00:00Z', 'yesterday', '0000-00-00', '9999-99-99', ''), fc.integer(), fc.double(), jsonValue),
      language: fc.oneof(fc.constantFrom('en', 'EN-us', 'he', 'zz', 'x'.repeat(300)), jsonValue),
      group: fc.oneof(fc.constantFrom('a', 'b'), unicodeText(20)),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(plausibleArticle(limits), meta, fc.boolean()).map(([a, m, useTitle]) => ({
        line: JSON.stringify({ ...m, ...(useTitle && a.title ? { title: a.title } : {}), text: a.paragraphs.join('\n\n') }),
        marker: a.marker,
      })),
    },
    { weight: 3, arbitrary: fc.tuple(hostileText(limits), meta).map(([t, m]) => ({ line: JSON.stringify({ ...m, text: t }), marker: null })) },
    { weight: 1, arbitrary: fc.tuple(tagSoup(limits), meta).map(([h, m]) => ({ line: JSON.stringify({ ...m, html: h }), marker: null })) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.oneof(jsonValue, fc.constant(null), fc.array(fc.string())), meta).map(([v, m]) => ({ line: JSON.stringify({ ...m, text: v }), marker: null })),
    },
    { weight: 1, arbitrary: meta.map((m) => ({ line: JSON.stringify(m), marker: null })) },
    { weight: 1, arbitrary: jsonValue.map((v) => ({ line: JSON.stringify(v) ?? 'null', marker: null })) },
    {
      weight: 1,
      // Broken: truncated JSON, raw control characters, lone surrogate escapes, trailing garbage.
      arbitrary: fc.tuple(plausibleArticle(limits), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('', '\\ud800', '\u0000', '}', ',', '\\', '"')).map(([a, cut, junk]) => {
        const line = JSON.stringify({ text: a.paragraphs.join(' ') });
        return { line: line.slice(0, Math.floor(cut * line.length)) + junk, marker: null };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 1_000, max: Math.max(1_000, limits.maxToken) }), plausibleArticle(limits)).map(([n, a]) => ({
        line: JSON.stringify({ title: 'T'.repeat(n), outlet: 'O'.repeat(n), text: a.paragraphs.join('\n\n') }),
        marker: a.marker,
      })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 10, max: limits.maxDepth }).map((n) => ({ line: `{"text":${'['.repeat(n)}${']'.repeat(n)}}`, marker: null })) },
    { weight: 1, arbitrary: fc.constantFrom('{"text":"\\ud800\\udc00 ok \\udfff"}', '{"text":"a\\u0000b"}', '{"text":"\\u202eevil"}', '{}', '[]', 'null', '"text"', '{"text":"   "}', '{"html":"<p></p>"}', '{"text":1e999}') .map((line) => ({ line, marker: null })) },
  );
}

export function jsonlDocument(limits: FuzzLimits): fc.Arbitrary<{ family: string; text: string; marker: string | null }> {
  const sep = fc.constantFrom('\n', '\r\n', '\n\n', '\n \n');
  return fc.tuple(fc.array(jsonRecord(limits), { minLength: 1, maxLength: 6 }), sep, fc.boolean()).map(([recs, s, bom]) => ({
    family: 'jsonl/records',
    text: (bom ? '\ufeff' : '') + recs.map((r) => r.line).join(s) + '\n',
    marker: recs.find((r) => r.marker)?.marker ?? null,
  }));
}

export function jsonDocument(limits: FuzzLimits): fc.Arbitrary<{ family: string; text: string; marker: string | null }> {
  return fc.oneof(
    fc.array(jsonRecord(limits), { minLength: 0, maxLength: 4 }).map((recs) => ({ family: 'json/array', text: `[${recs.map((r) => r.line).join(',\n')}]`, marker: null })),
    jsonRecord(limits).map((r) => ({ family: 'json/object', text: r.line, marker: null })),
    fc.integer({ min: 10, max: limits.maxDepth }).map((n) => ({ family: 'json/deep', text: `${'['.repeat(n)}${']'.repeat(n)}`, marker: null })),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Bytes: charsets, gzip, raw

const LEGACY = ['latin1', 'windows-1252', 'shift_jis', 'windows-1251', 'iso-8859-8', 'koi8-r', 'gb18030', 'euc-kr'];

/** Encodes text in a charset, with or without a BOM; iconv-lite replaces what the charset cannot hold. */
export function encode(text: string, charset: string, bom: boolean): Uint8Array {
  if (charset === 'utf-16le' || charset === 'utf-16be') {
    const b = iconv.encode(text, charset, { addBOM: false });
    if (!bom) return b;
    return Buffer.concat([Buffer.from(charset === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]), b]);
  }
  const b = charset === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, charset);
  return bom && charset === 'utf-8' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]) : b;
}

export interface ContentDoc {
  family: string;
  bytes: Uint8Array;
  /** Extension that names the content (".txt", ".html", ...). */
  ext: string;
  marker: string | null;
  /** The marker promised when the document is served with `contentType` (a header can name what the bytes cannot). */
  markerIfDeclared?: string | null;
  /** Content-Type for serving it over HTTP. */
  contentType: string | null;
}

/** One document of any kind, as bytes. */
export function contentDoc(limits: FuzzLimits): fc.Arbitrary<ContentDoc> {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const plain = fc.oneof(
    { weight: 3, arbitrary: hostileText(limits).map((t) => ({ family: 'text/hostile', bytes: utf8(t), ext: '.txt', marker: null, contentType: 'text/plain; charset=utf-8' })) },
    {
      weight: 2,
      arbitrary: plausibleArticle(limits).map((a) => ({
        family: 'text/article',
        bytes: utf8(`${a.title ? `${a.title}\n\n` : ''}${a.paragraphs.join('\n\n')}`),
        ext: '.txt',
        marker: a.marker,
        contentType: 'text/plain',
      })),
    },
  );
  const html = htmlDocument(limits).map((d) => ({ family: d.family, bytes: utf8(d.html), ext: '.html', marker: d.marker, contentType: 'text/html; charset=utf-8' }));
  const feed = fc.tuple(feedDocument(limits), fc.constantFrom('.xml', '.rss', '.atom')).map(([d, ext]) => ({ family: d.family, bytes: utf8(d.xml), ext, marker: d.marker, contentType: 'application/rss+xml' }));
  const jsonl = jsonlDocument(limits).map((d) => ({ family: d.family, bytes: utf8(d.text), ext: '.jsonl', marker: d.marker, contentType: 'application/x-ndjson' }));
  const json = jsonDocument(limits).map((d) => ({ family: d.family, bytes: utf8(d.text), ext: '.json', marker: d.marker, contentType: 'application/json' }));
  const bytes = fc.uint8Array({ maxLength: Math.min(limits.maxChars, 4_096) }).map((b) => ({ family: 'bytes/random', bytes: b, ext: '.txt', marker: null, contentType: null }));
  const charset = fc
    .tuple(plausibleArticle(limits), fc.constantFrom('utf-16le', 'utf-16be', ...LEGACY), fc.boolean(), fc.constantFrom('none', 'right', 'wrong'), fc.constantFrom('.txt', '.html'))
    .map(([a, cs, bom, declared, ext]) => {
      const body = a.paragraphs.join('\n\n') + ' \u00e9\u00e8 \u05e9\u05dc\u05d5\u05dd \u65e5\u672c \u0416';
      const label = declared === 'right' ? cs : declared === 'wrong' ? (cs === 'shift_jis' ? 'latin1' : 'shift_jis') : null;
      const text = ext === '.html' ? htmlPage(`<p>${escapeHtml(body)}</p>`, { charset: label }) : body;
      const utf16 = cs.startsWith('utf-16');
      return {
        family: `charset/${cs}${bom ? '+bom' : ''}/${declared}`,
        bytes: encode(text, cs, bom),
        ext,
        // ASCII survives any ASCII-compatible charset; UTF-16 needs a BOM on disk, or a BOM or a header over HTTP.
        marker: !utf16 || bom ? a.marker : null,
        markerIfDeclared: !utf16 || bom || declared === 'right' ? a.marker : null,
        contentType: `${ext === '.html' ? 'text/html' : 'text/plain'}${label ? `; charset=${label}` : ''}`,
      };
    });
  const base = fc.oneof(
    { weight: 4, arbitrary: plain },
    { weight: 4, arbitrary: html },
    { weight: 3, arbitrary: feed },
    { weight: 3, arbitrary: jsonl },
    { weight: 1, arbitrary: json },
    { weight: 1, arbitrary: bytes },
    { weight: 2, arbitrary: charset },
  );
  return fc.oneof(
    { weight: 12, arbitrary: base },
    {
      weight: 2,
      arbitrary: fc.tuple(base, fc.constantFrom('whole', 'truncated', 'corrupt', 'concatenated')).map(([d, how]) => {
        let gz = gzipSync(d.bytes);
        if (how === 'truncated') gz = gz.subarray(0, Math.max(2, gz.length >> 1));
        if (how === 'corrupt') {
          gz = Buffer.from(gz);
          gz[Math.min(gz.length - 1, 12)] ^= 0xff;
        }
        if (how === 'concatenated') gz = Buffer.concat([gz, gzipSync(d.bytes)]);
        return { ...d, family: `gzip/${how}/${d.family}`, bytes: gz, ext: `${d.ext}.gz`, marker: how === 'whole' ? d.marker : null };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: Math.min(100_000, limits.maxBomb), max: limits.maxBomb }), fc.constantFrom('empty-records', 'blank-lines', 'one-line', 'text')).map(([n, kind]) => {
        // A gzip bomb: a small file that expands to n bytes. JSON Lines are streamed, so only a total cap stops them.
        const unit = kind === 'empty-records' ? '{"text":""}\n' : kind === 'blank-lines' ? '\n' : kind === 'one-line' ? 'a' : 'the harbour was closed. ';
        const bytes = gzipSync(Buffer.from(unit.repeat(Math.ceil(n / unit.length))), { level: 9 });
        return { family: `gzip/bomb/${kind}`, bytes, ext: kind === 'text' ? '.txt.gz' : '.jsonl.gz', marker: null, contentType: null };
      }),
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// File names and cases

/** File names: ordinary, with control characters, escapes, bidi overrides, very long, misleading extensions. */
export const fileBase: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9_-]{1,12}$/) },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\t', '\u001b[31m', '\u001b[2K', '\u0007', '\u0085', '\u202e', '\u200b', 'error ', '1 ingested', '%s', '$(x)', '\\', '*', '?', '-'), fc.string({ unit: 'grapheme-ascii', maxLength: 3 })), { minLength: 1, maxLength: 8 })
      .map((ps) => ps.join('').replace(/[/\0]/g, '_')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 240 }).map((n) => 'n'.repeat(n)) },
).map((s) => (s === '' ? '_' : s === '.' || s === '..' ? `x${s}` : s)); // a file needs a name: "" would be its folder (EISDIR)

/** The case's file name: a base and the document's extension, sometimes a wrong or missing one. */
function fileName(ext: string): fc.Arbitrary<string> {
  return fc.tuple(fileBase, fc.constantFrom('right', 'right', 'right', 'right', 'wrong', 'none', 'upper')).map(([b, how]) => {
    if (how === 'wrong') return `${b}${ext.endsWith('.gz') ? '.txt' : '.jsonl.gz'}`;
    if (how === 'none') return b;
    return `${b}${how === 'upper' ? ext.toUpperCase() : ext}`;
  });
}

/** A whole case: one or more documents as files in a folder, links, or one document served over HTTP. */
export function fuzzCase(limits: FuzzLimits = DEFAULT_LIMITS): fc.Arbitrary<FuzzCase> {
  const doc = contentDoc(limits);
  const fileOf = doc.chain((d) => fileName(d.ext).map((name) => ({ d, name })));
  const files = fc.array(fileOf, { minLength: 1, maxLength: limits.maxFiles });
  const links = fc.array(
    fc.record({ name: fileBase.map((b) => `${b}.txt`), target: fc.constantFrom<FuzzLink['target']>('outside-file', 'outside-dir', 'loop', 'dangling') }),
    { maxLength: 2 },
  );
  const onDisk = fc.tuple(files, fc.oneof({ weight: 5, arbitrary: fc.constant([] as FuzzLink[]) }, { weight: 1, arbitrary: links }), fc.constantFrom<'folder' | 'paths'>('folder', 'paths')).map(([fs, ls, via]) => {
    // Unique names (a later duplicate would overwrite an earlier file).
    const seen = new Set<string>();
    const kept = fs.filter(({ name }) => !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()));
    const first = kept[0].d;
    return {
      // Every document's family, so a slow or failing case is attributed to all it holds.
      family: [...(ls.length ? [`links/${ls.map((l) => l.target).join('+')}`] : []), ...new Set(kept.map((k) => k.d.family))].join(' + '),
      files: kept.map(({ d, name }) => ({ name, bytes: d.bytes, family: d.family })),
      links: ls.filter((l) => !seen.has(l.name.toLowerCase()) && seen.add(l.name.toLowerCase())),
      served: null,
      via,
      // Only a name the folder walk reads (right extension, not hidden) promises the marker.
      marker: kept.length === 1 && kept[0].name.endsWith(first.ext) && !kept[0].name.startsWith('.') ? first.marker : null,
      secret: ls.some((l) => l.target === 'outside-file' || l.target === 'outside-dir') ? `Secretvalue${kept.length}x${ls.length}` : null,
    } satisfies FuzzCase;
  });
  const served = fc.tuple(doc, fc.boolean(), fc.constantFrom('declared', 'generic', 'none', 'wrong'), fc.constantFrom('a', 'a.jsonl', 'feed.xml', 'x.txt')).map(([d, gz, ct, pathName]) => ({
    family: `url/${d.family}`,
    files: [],
    links: [],
    served: {
      bytes: d.bytes,
      contentType: ct === 'declared' ? d.contentType : ct === 'generic' ? 'application/octet-stream' : ct === 'wrong' ? 'text/html; charset=utf-16le' : null,
      gzipEncoding: gz,
      pathName,
    },
    via: 'paths' as const,
    // Promised only when nothing contradicts the Content-Type: a generic type with a ".jsonl" path is read as JSON Lines.
    marker: ct === 'declared' && pathName === 'a' && !d.family.startsWith('gzip/') ? (d.markerIfDeclared !== undefined ? d.markerIfDeclared : d.marker) : null,
    secret: null,
  } satisfies FuzzCase));
  return fc.oneof({ weight: 6, arbitrary: onDisk }, { weight: 1, arbitrary: served });
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses (classified only; never fetched)

export type AddressClass = 'public' | 'private' | 'loopback' | 'link-local' | 'cgnat' | 'unspecified' | 'multicast' | 'metadata';

const V4_BY_CLASS: Record<AddressClass, fc.Arbitrary<number[]>> = {
  public: fc.constantFrom([93, 184, 216, 34], [8, 8, 8, 8], [1, 1, 1, 1], [151, 101, 1, 69]),
  private: fc.oneof(
    fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
  ),
  loopback: fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })),
  'link-local': fc.tuple(fc.constant(169), fc.constant(254), fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1, max: 254 })).filter((a) => !(a[2] === 169 && a[3] === 254) && !(a[2] === 170 && a[3] === 2)),
  cgnat: fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.integer({ min: 1, max: 254 })).filter((a) => a.join('.') !== '100.100.100.200'),
  unspecified: fc.constant([0, 0, 0, 0]),
  multicast: fc.tuple(fc.integer({ min: 224, max: 239 }), fc.nat(255), fc.nat(255), fc.nat(255)),
  metadata: fc.constantFrom([169, 254, 169, 254], [100, 100, 100, 200], [169, 254, 170, 2]),
};

const hex = (n: number) => n.toString(16);
const hex16 = (a: number, b: number) => hex((a << 8) | b);

/** Every way to write an IPv4 address in a URL host, including inside IPv6 forms that embed it. */
export const ADDRESS_FORMS = ['dotted', 'decimal', 'hex', 'octal', 'short', 'mapped', 'mapped-hex', 'compatible', 'compatible-hex', 'nat64', '6to4', 'teredo', 'trailing-dot'] as const;
export type AddressForm = (typeof ADDRESS_FORMS)[number];

export function writeAddress(a: number[], form: AddressForm): string {
  const [w, x, y, z] = a;
  const n = ((w << 24) >>> 0) + (x << 16) + (y << 8) + z;
  switch (form) {
    case 'dotted':
      return a.join('.');
    case 'trailing-dot':
      return `${a.join('.')}.`;
    case 'decimal':
      return String(n);
    case 'hex':
      return `0x${n.toString(16)}`;
    case 'octal':
      return a.map((p) => `0${p.toString(8)}`).join('.');
    case 'short':
      return `${w}.${(x << 16) + (y << 8) + z}`;
    case 'mapped':
      return `[::ffff:${a.join('.')}]`;
    case 'mapped-hex':
      return `[::ffff:${hex16(w, x)}:${hex16(y, z)}]`;
    case 'compatible':
      return `[::${a.join('.')}]`;
    case 'compatible-hex':
      return `[::${hex16(w, x)}:${hex16(y, z)}]`;
    case 'nat64':
      return `[64:ff9b::${hex16(w, x)}:${hex16(y, z)}]`;
    case '6to4':
      return `[2002:${hex16(w, x)}:${hex16(y, z)}::1]`;
    case 'teredo':
      // Teredo carries the client's address inverted in the last 32 bits.
      return `[2001:0:4136:e378:8000:63bf:${hex16(255 - w, 255 - x)}:${hex16(255 - y, 255 - z)}]`;
  }
}

export interface AddressCase {
  url: string;
  cls: AddressClass;
  form: AddressForm;
  v4: string;
  allowPrivate: boolean;
}

export const addressCase: fc.Arbitrary<AddressCase> = fc
  .tuple(fc.constantFrom<AddressClass>('public', 'private', 'loopback', 'link-local', 'cgnat', 'unspecified', 'multicast', 'metadata'), fc.constantFrom(...ADDRESS_FORMS), fc.boolean(), fc.constantFrom('http', 'https', 'HTTP'), fc.constantFrom('', ':80', ':8080'), fc.constantFrom('/', '/feed.xml', '/a?b=1#c', ''), fc.option(fc.constantFrom('user@', 'user:pw@', 'a.example@'), { nil: '' }))
  .chain(([cls, form, allowPrivate, scheme, port, path, userinfo]) =>
    V4_BY_CLASS[cls].map((a) => ({ url: `${scheme}://${userinfo}${writeAddress(a, form)}${port}${path}`, cls, form, v4: a.join('.'), allowPrivate })),
  );

/** Arbitrary host strings for the classifier: it must answer (a reason or null) and never throw. */
export const hostJunk: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  unicodeText(40),
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  fc.domain(),
  fc.ipV6().map((a) => `[${a}]`),
  fc.ipV6().map((a) => `${a}%eth0`),
  fc.constantFrom('[', ']', '[]', '::', ':::', '[::]', '0', '0x', '256.256.256.256', '1.2.3', '1.2.3.4.5', 'fe80::1%', 'METADATA.GOOGLE.INTERNAL.', 'localhost', 'localhost.', '\u0000', '[::ffff:169.254.169.254]'),
);
