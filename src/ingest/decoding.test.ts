import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { charsetFromContentType, decodeBytes, metaCharset, resolveCharset } from './charset.js';
import { jsonErrorOffset, lineColumn, parseJsonOrThrow, recordToArticle } from './records.js';
import { fsError } from './results.js';
import { kindFromContentType, kindFromName, looksLikeFeed, sniffText } from './sniff.js';
import { ParallaxError } from '../core/errors.js';
import { resultsFromBytes } from './content.js';

describe('charset decoding', () => {
  it('orders the evidence: BOM, declared charset, meta / XML declaration, valid UTF-8, windows-1252', () => {
    const ru = 'Совет';
    const cp1251 = iconv.encode(ru, 'windows-1251');
    assert.deepEqual(decodeBytes(cp1251, { declared: 'windows-1251' }), { text: ru, charset: 'windows-1251', from: 'header' });
    // A BOM outranks a wrong header.
    const bomUtf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ru)]);
    assert.deepEqual(decodeBytes(bomUtf8, { declared: 'windows-1251' }), { text: ru, charset: 'utf-8', from: 'bom' });
    const xml = iconv.encode(`<?xml version="1.0" encoding="KOI8-R"?><rss>${ru}</rss>`, 'koi8-r');
    assert.equal(decodeBytes(xml, { xml: true }).charset, 'koi8-r');
    assert.ok(decodeBytes(xml, { xml: true }).text.includes(ru));
    assert.equal(decodeBytes(Buffer.from('plain ascii'), { html: true }).from, 'utf-8-valid');
    assert.deepEqual(decodeBytes(Buffer.from([0x93, 0x48, 0x69, 0x94])), { text: '“Hi”', charset: 'windows-1252', from: 'fallback' });
  });

  it('reads meta charset in both forms and treats a declared UTF-16 in markup as UTF-8', () => {
    assert.equal(metaCharset(Buffer.from('<meta charset="ISO-8859-2">')), 'ISO-8859-2');
    assert.equal(metaCharset(Buffer.from("<META HTTP-EQUIV='content-type' CONTENT='text/html; charset=windows-1256'>")), 'windows-1256');
    assert.equal(metaCharset(Buffer.from(`${' '.repeat(5000)}<meta charset="koi8-r">`)), undefined, 'only the first 4 KB count');
    const d = decodeBytes(Buffer.from('<meta charset="utf-16"><p>é</p>'), { html: true });
    assert.equal(d.charset, 'utf-8');
    assert.ok(d.text.includes('é'));
  });

  it('resolves labels through WHATWG names, then iconv-lite, and ignores unknown ones', () => {
    assert.equal(resolveCharset('latin1'), 'windows-1252');
    assert.equal(resolveCharset('cp1256'), 'windows-1256');
    assert.equal(resolveCharset('CP437'), 'cp437');
    assert.equal(resolveCharset('no-such-charset'), null);
    assert.equal(decodeBytes(Buffer.from('ok'), { declared: 'no-such-charset' }).from, 'utf-8-valid');
    assert.equal(charsetFromContentType('text/html; Charset="Windows-1251"'), 'Windows-1251');
    assert.equal(charsetFromContentType('text/html'), undefined);
  });
});

describe('sniffing', () => {
  it('tells JSON, JSON Lines, feeds, HTML and text apart', () => {
    assert.equal(sniffText('{"text":"a"}'), 'json');
    assert.equal(sniffText('{\n  "text": "a"\n}'), 'json');
    assert.equal(sniffText('{"text":"a"}\n{"text":"b"}'), 'jsonl');
    assert.equal(sniffText('[{"text":"a"}]'), 'json');
    assert.equal(sniffText('\uFEFF<?xml version="1.0"?>\n<!-- c --><rss version="2.0">'), 'feed');
    assert.equal(sniffText('<feed xmlns="http://www.w3.org/2005/Atom">'), 'feed');
    assert.equal(sniffText('<rdf:RDF xmlns:rdf="x">'), 'feed');
    assert.equal(sniffText('<!DOCTYPE html><html>'), 'html');
    assert.equal(sniffText('Just words.'), 'text');
    assert.ok(!looksLikeFeed('<html><rss>'));
  });

  it('maps names and content types', () => {
    assert.equal(kindFromName('a/b/C.JSONL.gz'), 'jsonl');
    assert.equal(kindFromName('page.htm'), 'html');
    assert.equal(kindFromName('x.tar.gz'), null);
    assert.equal(kindFromName('README'), null);
    assert.equal(kindFromContentType('application/atom+xml; charset=utf-8'), 'feed');
    assert.equal(kindFromContentType('application/ld+json'), 'json');
    assert.equal(kindFromContentType('application/x-ndjson'), 'jsonl');
    assert.equal(kindFromContentType('text/xml'), null, 'generic XML is sniffed');
  });
});

describe('records', () => {
  it('locates JSON syntax errors by line and column', () => {
    const text = '{\n  "a": 1,\n  "b": tru\n}';
    const where = jsonErrorOffset(text);
    assert.ok(where);
    assert.deepEqual(lineColumn(text, where.offset), { line: 3, column: 8 });
    assert.equal(jsonErrorOffset('[1, 2]'), null);
    assert.match(jsonErrorOffset('{"a": "x\ny"}')!.problem, /control character/);
    assert.match(jsonErrorOffset('{"a": 1} extra')!.problem, /after the end/);
    assert.match(jsonErrorOffset('[1, 2')!.problem, /unexpected end of input/);
    assert.throws(() => parseJsonOrThrow('{"a" 1}', 'f.json'), /invalid JSON at line 1, column 6: expected ":"/);
  });

  it('keeps string meta, stringifies numbers, ignores other types, and prefers text over html', () => {
    const raw = recordToArticle({ text: 'T', html: '<p>H</p>', title: '  Title  ', published: 2024, outlet: { name: 'x' }, language: '' }, { source: 's', sourceKind: 'json' });
    assert.deepEqual(raw, { source: 's', sourceKind: 'json', format: 'text', body: 'T', meta: { title: 'Title', published: '2024' } });
    assert.throws(() => recordToArticle('just a string', { source: 's', sourceKind: 'json' }), /got a string/);
    assert.throws(() => recordToArticle({ text: 42 }, { source: 's', sourceKind: 'json' }), /"text" field must be a string/);
  });
});

describe('file-system errors', () => {
  it('map to one-line coded errors naming the input', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: raw message`), { code });
    const cases: Array<[string, string, RegExp]> = [
      ['ENOENT', 'E_INPUT_NOT_FOUND', /no such file/],
      ['EACCES', 'E_INPUT_READ', /permission denied/],
      ['EPERM', 'E_INPUT_READ', /permission denied/],
      ['EIO', 'E_INPUT_READ', /could not be read/],
    ];
    for (const [code, expected, message] of cases) {
      const e = fsError(err(code), 'a.txt');
      assert.ok(e instanceof ParallaxError);
      assert.equal(e.code, expected);
      assert.equal(e.input, 'a.txt');
      assert.match(e.message, message);
    }
  });
});

describe('UTF-16 without a BOM (issue 17)', () => {
  const html = '<html><head><meta charset="utf-16le"><title>Ferry</title></head><body><p>Паром вернулся — the ferry is back.</p></body></html>';
  const be = (s: string) => Buffer.from(s, 'utf16le').swap16();
  const read = (bytes: Buffer, ctx: Partial<Parameters<typeof resultsFromBytes>[1]>) => [...resultsFromBytes(bytes, { input: 'page', kind: 'html', maxBytes: 1 << 20, ...ctx })];

  it('honours charset=utf-16le / utf-16be / utf-16 in the Content-Type header instead of calling it binary', () => {
    for (const [declared, bytes] of [
      ['utf-16le', Buffer.from(html, 'utf16le')],
      ['UTF-16BE', be(html)],
      ['utf-16', be(html)],
      ['utf-16', Buffer.from(html, 'utf16le')],
    ] as const) {
      const [r] = read(bytes, { declaredCharset: declared, kind: null, origin: 'url' });
      assert.equal(r.kind, 'article', declared);
      if (r.kind === 'article') assert.equal(r.raw.body, html, declared);
    }
  });

  it('honours a <meta charset> / XML declaration naming UTF-16 in a file without a BOM', () => {
    const [r] = read(Buffer.from(html, 'utf16le'), {});
    assert.equal(r.kind === 'article' ? r.raw.body : r.kind, html);
    const xml = '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>t</title><item><title>Ferry</title><description>Back.</description></item></channel></rss>';
    const [f] = read(be(xml), { kind: 'feed', input: 'feed.xml' });
    assert.equal(f.kind === 'article' ? f.raw.meta.title : f.kind, 'Ferry');
  });

  it('still refuses binary data with NUL bytes', () => {
    const bin = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
    assert.throws(() => read(bin, { declaredCharset: undefined }), /binary data/);
    assert.throws(() => read(bin, { kind: null }), /binary data/);
  });
});
