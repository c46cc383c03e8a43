import assert from 'node:assert/strict';
import { chmod, mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { articles, collect, failures, summary, withTempDir } from './test-helpers.js';

// All fixtures are invented: outlets, people and events do not exist.
const TXT = 'The Harbour Ledger reports that the ferry service resumed on Monday after a two-week strike.\n';
const HTML = '<!doctype html><html><head><title>Ferry returns</title></head><body><p>The ferry service resumed.</p></body></html>';
const RECORD = { text: 'Dockworkers voted to end the strike.', title: 'Strike ends', outlet: 'Northern Courier', published: '2024-03-04', language: 'en', group: 'north', updated: '2024-03-05', byline: 'Ada Fenwick', url: 'https://courier.example/strike' };
const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Valley Gazette</title><link>https://gazette.example/</link>
<item><title>Bridge opens</title><link>https://gazette.example/bridge</link><pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate>
<description>Short teaser</description><content:encoded><![CDATA[<p>The new bridge opened to traffic.</p>]]></content:encoded><dc:creator>Lin Okafor</dc:creator></item>
<item><title>Market day</title><link>https://gazette.example/market</link><description>&lt;p&gt;Stalls &amp;amp; crowds&lt;/p&gt;</description></item>
</channel></rss>`;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('readInputs: local files', () => {
  formatTests();
  folderTests();
  readingTests();
});

/** readInputs on local files: formats: text, HTML, JSON, JSON Lines, gzip. */
function formatTests(): void {
  it('reads .txt and .html with the right format and source kind', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'a.txt'), TXT);
      await writeFile(path.join(dir, 'b.html'), HTML);
      await writeFile(path.join(dir, 'c.htm'), HTML);
      const rs = await collect([path.join(dir, 'a.txt'), path.join(dir, 'b.html'), path.join(dir, 'c.htm')]);
      const [a, b, c] = articles(rs);
      assert.equal(rs.length, 3);
      assert.deepEqual([a.format, a.sourceKind, a.body, a.source], ['text', 'txt', TXT, path.join(dir, 'a.txt')]);
      assert.deepEqual([b.format, b.sourceKind, b.body], ['html', 'html', HTML]);
      assert.equal(c.format, 'html');
      assert.deepEqual(a.meta, {});
    });
  });

  it('reads a .json object, a .json array and maps every meta field', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'one.json'), JSON.stringify(RECORD));
      await writeFile(path.join(dir, 'many.json'), JSON.stringify([{ html: '<p>First</p>', title: 'One' }, { text: 'Second' }, { title: 'no body' }]));
      const rs = await collect([path.join(dir, 'one.json'), path.join(dir, 'many.json')]);
      assert.deepEqual(summary(rs, dir), ['article one.json', 'article many.json#1', 'article many.json#2', 'failed many.json#3 E_INPUT_FORMAT']);
      const [one, first, second] = articles(rs);
      assert.equal(one.format, 'text');
      assert.equal(one.sourceKind, 'json');
      assert.equal(one.body, RECORD.text);
      const { text: _t, ...meta } = RECORD;
      assert.deepEqual(one.meta, meta);
      assert.deepEqual([first.format, first.body, first.meta.title], ['html', '<p>First</p>', 'One']);
      assert.equal(second.body, 'Second');
      assert.match(failures(rs)[0].error.message, /no "text" or "html"/);
    });
  });

  it('names the line and column of invalid JSON and fails the file as a whole', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'broken.json');
      await writeFile(file, '[\n  {"text": "ok"},\n  {"text": "missing comma" "title": "x"}\n]\n');
      const rs = await collect([file]);
      assert.equal(rs.length, 1);
      const f = failures(rs)[0];
      assert.equal(f.source, file);
      assert.equal(f.error.code, 'E_INPUT_FORMAT');
      assert.equal(f.error.input, file);
      assert.match(f.error.message, /line 3, column 28/);
      assert.match(f.error.message, /expected "," or "}"/);
    });
  });

  it('streams .jsonl: a bad line fails alone and the other lines continue', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'batch.jsonl');
      const lines = [
        JSON.stringify({ text: 'First record.', outlet: 'Northern Courier' }),
        '{"text": "unterminated',
        '',
        JSON.stringify({ title: 'no text field' }),
        JSON.stringify({ html: '<p>Fifth line.</p>' }) + '\r',
        JSON.stringify({ text: '   ' }),
      ];
      await writeFile(file, lines.join('\n'));
      const rs = await collect([file]);
      assert.deepEqual(summary(rs, dir), [
        'article batch.jsonl#1',
        'failed batch.jsonl#2 E_INPUT_FORMAT',
        'failed batch.jsonl#4 E_INPUT_FORMAT',
        'article batch.jsonl#5',
        'failed batch.jsonl#6 E_INPUT_EMPTY',
      ]);
      const [a, b] = articles(rs);
      assert.deepEqual([a.sourceKind, a.meta.outlet], ['jsonl', 'Northern Courier']);
      assert.deepEqual([b.format, b.body], ['html', '<p>Fifth line.</p>']);
      assert.equal(failures(rs)[0].error.input, `${file}#2`);
      assert.match(failures(rs)[0].error.message, /invalid JSON/);
    });
  });

  it('fails one over-long JSON Lines line with E_INPUT_TOO_LARGE and keeps the rest', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'big.jsonl');
      await writeFile(file, [JSON.stringify({ text: 'x'.repeat(500) }), JSON.stringify({ text: 'small' })].join('\n'));
      const rs = await collect([file], { maxBytes: 100 });
      assert.deepEqual(summary(rs, dir), ['failed big.jsonl#1 E_INPUT_TOO_LARGE', 'article big.jsonl#2']);
    });
  });

  it('reads gzip-compressed files by suffix and by magic bytes', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'x.jsonl.gz'), gzipSync(JSON.stringify({ text: 'one' }) + '\n' + JSON.stringify({ text: 'two' }) + '\n'));
      await writeFile(path.join(dir, 'page.html.gz'), gzipSync(HTML));
      await writeFile(path.join(dir, 'feed.xml.gz'), gzipSync(RSS));
      await writeFile(path.join(dir, 'sneaky.txt'), gzipSync(TXT)); // compressed without saying so
      await writeFile(path.join(dir, 'corrupt.txt.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]));
      const rs = await collect([dir]);
      assert.deepEqual(summary(rs, dir), [
        'failed corrupt.txt.gz E_INPUT_FORMAT',
        'article feed.xml.gz#1',
        'article feed.xml.gz#2',
        'article page.html.gz',
        'article sneaky.txt',
        'article x.jsonl.gz#1',
        'article x.jsonl.gz#2',
      ]);
      const byName = Object.fromEntries(articles(rs).map((a) => [path.basename(a.source), a]));
      assert.equal(byName['page.html.gz'].body, HTML);
      assert.equal(byName['sneaky.txt'].body, TXT);
      assert.equal(byName['x.jsonl.gz#2'].body, 'two');
      assert.equal(byName['feed.xml.gz#1'].meta.feedChannel, 'Valley Gazette');
      assert.match(failures(rs)[0].error.message, /gzip/);
    });
  });
}

/** readInputs on local files: folders and symbolic links. */
function folderTests(): void {
  it('walks directories recursively in sorted order, skipping hidden and unsupported entries', async () => {
    await withTempDir(async (dir) => {
      await mkdir(path.join(dir, 'b-sub', 'deeper'), { recursive: true });
      await mkdir(path.join(dir, '.git'));
      await writeFile(path.join(dir, '.git', 'config.txt'), TXT);
      await writeFile(path.join(dir, 'Z.txt'), TXT);
      await writeFile(path.join(dir, 'a.txt'), TXT);
      await writeFile(path.join(dir, 'c.txt'), TXT);
      await writeFile(path.join(dir, '.hidden.txt'), TXT);
      await writeFile(path.join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      await writeFile(path.join(dir, 'README'), TXT);
      await writeFile(path.join(dir, 'b-sub', 'm.html'), HTML);
      await writeFile(path.join(dir, 'b-sub', 'deeper', 'n.txt'), TXT);
      await writeFile(path.join(dir, 'b-sub', 'a.txt'), TXT);
      await symlink(dir, path.join(dir, 'b-sub', 'loop'));
      const rs = await collect([dir]);
      assert.deepEqual(summary(rs, dir), [
        'skipped .git',
        'skipped .hidden.txt',
        'skipped README',
        'article Z.txt',
        'article a.txt',
        'article b-sub/a.txt',
        'article b-sub/deeper/n.txt',
        'skipped b-sub/loop',
        'article b-sub/m.html',
        'article c.txt',
        'skipped photo.png',
      ]);
      const reasons = Object.fromEntries(rs.flatMap((r) => (r.kind === 'skipped' ? [[path.basename(r.source), r.reason]] : [])));
      assert.equal(reasons['.git'], 'hidden directory');
      assert.equal(reasons['.hidden.txt'], 'hidden file');
      assert.equal(reasons['photo.png'], 'unsupported file type ".png"');
      assert.match(reasons['loop'], /loop/);
    });
  });

  it('refuses symbolic links that lead out of the folder, naming link and target; follows those that stay inside', async () => {
    await withTempDir(async (tmp) => {
      const dir = path.join(tmp, 'corpus');
      const outside = path.join(tmp, 'elsewhere');
      await mkdir(path.join(dir, 'sub'), { recursive: true });
      await mkdir(path.join(outside, 'private'), { recursive: true });
      const SECRET = 'Outside text that must not be ingested unless the user asks for links to be followed.';
      await writeFile(path.join(outside, 'secret.txt'), SECRET);
      await writeFile(path.join(outside, 'private', 'notes.txt'), SECRET);
      await writeFile(path.join(dir, 'a.txt'), TXT);
      await writeFile(path.join(dir, 'sub', 'b.txt'), `Sub ${TXT}`);
      await symlink(path.join(dir, 'a.txt'), path.join(dir, 'inside-link.txt')); // stays inside: read
      await symlink('sub', path.join(dir, 'inside-dir')); // relative, stays inside: read (sub is then already read)
      await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'passwd.txt')); // file outside
      await symlink(outside, path.join(dir, 'out-dir')); // directory outside
      await symlink('../../elsewhere/secret.txt', path.join(dir, 'sub', 'relative.txt')); // relative, outside
      await symlink(path.join(dir, 'passwd.txt'), path.join(dir, 'chain.txt')); // inside link → outside link
      await symlink(path.join(dir, 'sub'), path.join(dir, 'sub', 'loop')); // loop inside

      const rs = await collect([dir]);
      assert.deepEqual(summary(rs, dir), [
        'article a.txt',
        'failed chain.txt E_INPUT_READ',
        'article inside-dir/b.txt',
        'skipped inside-dir/loop',
        'failed inside-dir/relative.txt E_INPUT_READ',
        'article inside-link.txt',
        'failed out-dir E_INPUT_READ',
        'failed passwd.txt E_INPUT_READ',
        'skipped sub',
      ]);
      assert.ok(!articles(rs).some((a) => a.body.includes('Outside text')), 'nothing from outside the folder was read');
      const realOutside = await realpath(outside);
      const byName = Object.fromEntries(failures(rs).map((f) => [path.basename(f.source), f.error]));
      assert.equal(byName['passwd.txt'].input, path.join(dir, 'passwd.txt'));
      assert.match(byName['passwd.txt'].message, new RegExp(`^symbolic link to ${escapeRe(path.join(realOutside, 'secret.txt'))}, outside the folder .*corpus: not followed \\(--follow-symlinks reads it\\)$`));
      assert.match(byName['out-dir'].message, new RegExp(`symbolic link to ${escapeRe(realOutside)}, outside`));
      assert.match(byName['chain.txt'].message, /secret\.txt, outside/);
      assert.match(byName['relative.txt'].message, /secret\.txt, outside/);

      // --follow-symlinks: the user says the links are meant; everything is read, loops still end.
      const open = await collect([dir], { followSymlinks: true });
      assert.deepEqual(summary(open, dir), [
        'article a.txt',
        'article chain.txt',
        'article inside-dir/b.txt',
        'skipped inside-dir/loop',
        'article inside-dir/relative.txt',
        'article inside-link.txt',
        'article out-dir/private/notes.txt',
        'article out-dir/secret.txt',
        'article passwd.txt',
        'skipped sub',
      ]);
      // A link named on the command line is the user's own choice and is followed.
      assert.equal(articles(await collect([path.join(dir, 'passwd.txt')]))[0].body, SECRET);
    });
  });
}

/** readInputs on local files: lazy reading; missing, empty, binary, too large and unreadable files; sniffing. */
function readingTests(): void {
  it('reads files lazily, one at a time, as results are pulled', async () => {
    await withTempDir(async (dir) => {
      for (const n of ['1', '2', '3']) await writeFile(path.join(dir, `${n}.txt`), `${n} ${TXT}`);
      const { readInputs } = await import('./index.js');
      const it = readInputs([dir]);
      const first = await it.next();
      assert.equal(first.value?.kind, 'article');
      // Changing later files after the first result must show: nothing was read ahead.
      await writeFile(path.join(dir, '2.txt'), 'rewritten after the first result');
      await rm(path.join(dir, '3.txt'));
      const rest: string[] = [];
      for await (const r of it) rest.push(r.kind === 'article' ? r.raw.body : `${r.kind} ${r.kind === 'failed' ? r.error.code : ''}`);
      assert.deepEqual(rest, ['rewritten after the first result', 'failed E_INPUT_NOT_FOUND']);
    });
  });

  it('reports missing paths, empty and whitespace-only files, binary data, and carries on', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'empty.txt'), '');
      await writeFile(path.join(dir, 'blank.html'), ' \n\t \n');
      await writeFile(path.join(dir, 'empty.jsonl'), '\n\n');
      await writeFile(path.join(dir, 'empty.json'), '[]');
      await writeFile(path.join(dir, 'bin.txt'), Buffer.from([0x41, 0x00, 0x42, 0x00, 0x00]));
      await writeFile(path.join(dir, 'ok.txt'), TXT);
      const missing = path.join(dir, 'nope.txt');
      const rs = await collect([missing, path.join(dir, 'empty.txt'), path.join(dir, 'blank.html'), path.join(dir, 'empty.jsonl'), path.join(dir, 'empty.json'), path.join(dir, 'bin.txt'), path.join(dir, 'ok.txt')]);
      assert.deepEqual(summary(rs, dir), [
        'failed nope.txt E_INPUT_NOT_FOUND',
        'failed empty.txt E_INPUT_EMPTY',
        'failed blank.html E_INPUT_EMPTY',
        'failed empty.jsonl E_INPUT_EMPTY',
        'failed empty.json E_INPUT_EMPTY',
        'failed bin.txt E_INPUT_FORMAT',
        'article ok.txt',
      ]);
      const f = failures(rs);
      assert.equal(f[0].error.input, missing);
      for (const x of f) assert.ok(!x.error.message.includes('\n'), 'one-line messages');
    });
  });

  it('enforces maxBytes on whole files', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'big.txt'), 'word '.repeat(100));
      await writeFile(path.join(dir, 'bomb.txt.gz'), gzipSync('a'.repeat(100_000)));
      const rs = await collect([path.join(dir, 'big.txt'), path.join(dir, 'bomb.txt.gz')], { maxBytes: 200 });
      assert.deepEqual(summary(rs, dir), ['failed big.txt E_INPUT_TOO_LARGE', 'failed bomb.txt.gz E_INPUT_TOO_LARGE']);
      assert.match(failures(rs)[0].error.message, /200 bytes limit/);
    });
  });

  it('reports unreadable files as E_INPUT_READ', { skip: process.getuid?.() === 0 ? 'running as root' : false }, async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'secret.txt');
      await writeFile(file, TXT);
      await chmod(file, 0o000);
      const rs = await collect([file]);
      assert.deepEqual(summary(rs, dir), ['failed secret.txt E_INPUT_READ']);
      assert.match(failures(rs)[0].error.message, /permission denied/);
    });
  });

  it('sniffs files with unknown extensions when named explicitly', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'feed.dat'), RSS);
      await writeFile(path.join(dir, 'notes'), TXT);
      const rs = await collect([path.join(dir, 'feed.dat'), path.join(dir, 'notes')]);
      assert.deepEqual(summary(rs, dir), ['article feed.dat#1', 'article feed.dat#2', 'article notes']);
      assert.equal(articles(rs)[2].format, 'text');
    });
  });
}

describe('readInputs: charsets of local files', () => {
  it('honours BOMs (UTF-8, UTF-16LE, UTF-16BE) and strips them', async () => {
    await withTempDir(async (dir) => {
      const s = 'Évora council — «new» budget';
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
      const be = Buffer.from(le);
      be.swap16();
      be[0] = 0xfe;
      be[1] = 0xff;
      await writeFile(path.join(dir, 'u8.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s)]));
      await writeFile(path.join(dir, 'le.txt'), le);
      await writeFile(path.join(dir, 'be.txt'), be);
      await writeFile(path.join(dir, 'le.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ text: s }) + '\n' + JSON.stringify({ text: 'b' }), 'utf16le')]));
      const rs = await collect([dir]);
      assert.deepEqual(summary(rs, dir), ['article be.txt', 'article le.jsonl#1', 'article le.jsonl#2', 'article le.txt', 'article u8.txt']);
      for (const a of articles(rs).filter((x) => x.source.endsWith('.txt'))) assert.equal(a.body, s, a.source);
      assert.equal(articles(rs)[1].body, s);
    });
  });

  it('uses <meta charset> and http-equiv for HTML, and falls back to windows-1252 for invalid UTF-8', async () => {
    await withTempDir(async (dir) => {
      const ru = 'Городской совет обсудил новый бюджет';
      // Persian as windows-1256 writes it: Arabic yeh (U+064A) — the code page has no Farsi yeh (U+06CC).
      const fa = 'شوراي شهر بودجه تازه‌اي را بررسي کرد';
      await writeFile(path.join(dir, 'ru.html'), iconv.encode(`<html><head><meta charset="windows-1251"></head><body><p>${ru}</p></body></html>`, 'windows-1251'));
      await writeFile(path.join(dir, 'fa.html'), iconv.encode(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body><p>${fa}</p></body></html>`, 'windows-1256'));
      await writeFile(path.join(dir, 'legacy.txt'), iconv.encode('Café crème – 5 €', 'windows-1252'));
      await writeFile(path.join(dir, 'plain.txt'), 'Café crème – 5 €');
      const rs = await collect([dir]);
      const by = Object.fromEntries(articles(rs).map((a) => [path.basename(a.source), a.body]));
      assert.ok(by['ru.html'].includes(ru));
      assert.ok(by['fa.html'].includes(fa));
      assert.equal(by['legacy.txt'], 'Café crème – 5 €');
      assert.equal(by['plain.txt'], 'Café crème – 5 €');
    });
  });
});

describe('readInputs: stdin', () => {
  const run = (content: string | Buffer) => collect(['-'], { stdin: Readable.from([Buffer.from(content)]) });

  it('sniffs plain text, HTML, a JSON object, a JSON array, JSON Lines and a feed', async () => {
    const text = await run(TXT);
    assert.deepEqual(summary(text), ['article stdin']);
    assert.deepEqual([articles(text)[0].format, articles(text)[0].sourceKind], ['text', 'stdin']);

    const html = await run(HTML);
    assert.equal(articles(html)[0].format, 'html');

    const obj = await run(JSON.stringify(RECORD, null, 2));
    assert.deepEqual(summary(obj), ['article stdin']);
    assert.equal(articles(obj)[0].meta.outlet, 'Northern Courier');

    const arr = await run(JSON.stringify([{ text: 'a' }, { text: 'b' }]));
    assert.deepEqual(summary(arr), ['article stdin#1', 'article stdin#2']);

    const jsonl = await run(`${JSON.stringify({ text: 'a' })}\nnot json\n${JSON.stringify({ text: 'c' })}\n`);
    assert.deepEqual(summary(jsonl), ['article stdin#1', 'failed stdin#2 E_INPUT_FORMAT', 'article stdin#3']);

    const feed = await run(RSS);
    assert.deepEqual(summary(feed), ['article stdin#1', 'article stdin#2']);
    assert.equal(articles(feed)[0].sourceKind, 'stdin');
  });

  it('reads gzip on stdin and reports empty stdin', async () => {
    const gz = await run(gzipSync(JSON.stringify({ text: 'zipped' }) + '\n' + JSON.stringify({ text: 'two' }) + '\n'));
    assert.deepEqual(summary(gz), ['article stdin#1', 'article stdin#2']);
    assert.deepEqual(summary(await run('')), ['failed stdin E_INPUT_EMPTY']);
    assert.deepEqual(summary(await run('  \n ')), ['failed stdin E_INPUT_EMPTY']);
  });

  it('refuses a second "-" instead of reading nothing', async () => {
    const stdin = Readable.from([Buffer.from(TXT)]);
    const rs = await collect(['-', '-'], { stdin });
    assert.deepEqual(summary(rs), ['article stdin', 'failed stdin E_INPUT_READ']);
  });

  it('finds JSON Lines even when the first line is longer than the sniffing window', async () => {
    const long = JSON.stringify({ text: 'y'.repeat(100_000) });
    const rs = await collect(['-'], { stdin: Readable.from([Buffer.from(`${long}\n${JSON.stringify({ text: 'z' })}\n`)]) });
    assert.deepEqual(summary(rs), ['article stdin#1', 'article stdin#2']);
  });
});

describe('gzip decompression bound (issue 17)', () => {
  it('stops a gzipped JSON Lines bomb past the limit, keeps the records read before, and says so', async () => {
    await withTempDir(async (dir) => {
      const line = JSON.stringify({ text: 'The ferry resumed on Monday after a week of storms.', title: 'Ferry returns' }) + '\n';
      const file = path.join(dir, 'bomb.jsonl.gz');
      await writeFile(file, gzipSync(Buffer.from(line.repeat(20_000)), { level: 9 })); // 1.4 MB → ~5 KB
      const rs = await collect([file], { maxBytes: 64 * 1024 });
      const read = articles(rs).length;
      assert.ok(read > 500 && read < 20_000, `${read} records read`);
      const last = rs[rs.length - 1];
      assert.equal(last.kind, 'failed');
      if (last.kind !== 'failed') return;
      assert.equal(last.error.code, 'E_INPUT_TOO_LARGE');
      assert.match(last.error.message, /^gzip data expands more than 100-fold \(.+ from .+\) past the 64 KB limit: reading stopped \(a decompression bomb\?\); the records on lines 1–\d+ were read$/);
      // Ordinary compression (here 2–3 fold on varied text) is not limited in total.
      const varied = Array.from({ length: 3000 }, (_, k) => JSON.stringify({ text: `Story ${k}: the council met ${k * 7919 % 1000} residents about plan ${k.toString(36)}.` })).join('\n');
      await writeFile(path.join(dir, 'ok.jsonl.gz'), gzipSync(Buffer.from(varied)));
      const ok = await collect([path.join(dir, 'ok.jsonl.gz')], { maxBytes: 64 * 1024 });
      assert.equal(articles(ok).length, 3000);
    });
  });
});
