import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { escapeControls, escapeControlsInText } from './io.js';
import { main } from './main.js';
import { renderTable } from './table.js';
import { captureIO } from './test-io.js';

// Invented texts and names. The hostile parts: a newline that would forge an output line, ANSI escapes that
// would recolour (CSI m), clear the screen (CSI 2J) or set the window title (OSC 0), BEL, C1 CSI (U+009B), NEL
// (U+0085) and a right-to-left override (U+202E) that would make the rest of the line read backwards.
const ESC = '\x1b';
const NEWLINE_NAME = `empty\nerror forged line ${ESC}[2J.txt`;
const ANSI_NAME = `red${ESC}[31mname\u202e.txt`;
const TITLE = `Harbour ${ESC}[31mtalks\nerror forged title\u202eevil\u009b2J`;
const OUTLET = `Coast\x07al ${ESC}]0;pwned\x07Herald`;
const BYLINE = `Ada\u0085Fenwick ${ESC}[2J`;
const TEXT = 'The harbour talks resumed on Monday after the delegation from Lorvan returned to the table, officials said.';
/** Anything a terminal would act on, in output that must be inert. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'parallax-tty-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(cwd: string, ...argv: string[]) {
  const io = captureIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('escapeControls', () => {
  const table: Array<[string, string]> = [
    ['plain text, “quotes” and émigré', 'plain text, “quotes” and émigré'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['a\tb', 'a\\tb'],
    [`${ESC}[31mred${ESC}[0m`, '\\u{1b}[31mred\\u{1b}[0m'],
    [`${ESC}]0;title\x07`, '\\u{1b}]0;title\\u{7}'],
    ['\u0000\u007f', '\\u{0}\\u{7f}'],
    ['\u0085\u009b', '\\u{85}\\u{9b}'],
    ['\u2028\u2029', '\\u{2028}\\u{2029}'],
    ['abc\u202edef', 'abc\\u{202e}def'],
    ['\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069', '\\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{2066}\\u{2067}\\u{2068}\\u{2069}'],
    // Bidi marks in a one-line message (found by the fuzz suite in a JSON error's excerpt); article text keeps them.
    ['unexpected "\u200e" \u200f\u061c', 'unexpected "\\u{200e}" \\u{200f}\\u{61c}'],
    ['عربي فارسی עברית', 'عربي فارسی עברית'], // right-to-left scripts themselves are text, not controls
    ['中文 ✓ 🙂', '中文 ✓ 🙂'],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      assert.equal(escapeControls(input), expected);
      assert.doesNotMatch(escapeControls(input), RAW_CONTROL);
    });
  }

  it('keeps the bidi marks of right-to-left article text', () => {
    assert.equal(escapeControlsInText('کتاب\u200cها \u200fو'), 'کتاب\u200cها \u200fو');
  });

  it('keeps line breaks and tabs in article text, and escapes the rest', () => {
    assert.equal(escapeControlsInText(`one\n\ttwo ${ESC}[2J\r\u202e`), 'one\n\ttwo \\u{1b}[2J\\r\\u{202e}');
  });

  it('renderTable shows control characters escaped on one row, and colours only after padding', () => {
    const out = renderTable([{ header: 'title', max: 100 }, { header: 'status', paint: (t, v) => (v === 'x' ? `<${t}>` : t) }], [[TITLE, 'x']], 200);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 3, out);
    assert.doesNotMatch(out, RAW_CONTROL);
    assert.match(lines[2], /Harbour \\u\{1b\}\[31mtalks\\nerror forged title\\u\{202e\}evil\\u\{9b\}2J\s+<x/);
  });
});

describe('CLI output with hostile file names and metadata', () => {
  it('prints one escaped line per file name, title, outlet and byline, while --json keeps them exact', async () => {
    const dir = tempDir();
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    writeFileSync(join(inputs, NEWLINE_NAME), ''); // fails: empty
    const RAW_BODY = `${TEXT}\nA closing line with a stray ${ESC}[2J escape.\n`;
    writeFileSync(join(inputs, ANSI_NAME), RAW_BODY);
    writeFileSync(join(inputs, `skip\n${ESC}[31mme.png`), 'x'); // skipped: unsupported type
    writeFileSync(join(inputs, 'record.jsonl'), `${JSON.stringify({ text: `${TEXT} The ferry also ran again.`, title: TITLE, outlet: OUTLET, byline: BYLINE })}\n`);
    const db = join(dir, 'p.db');

    const ingest = await run(dir, 'ingest', inputs, '--db', db, '--no-language', '--workers', '0');
    assert.equal(ingest.code, 1, 'the empty file failed');
    for (const stream of [ingest.out, ingest.err]) {
      assert.doesNotMatch(stream, RAW_CONTROL, 'no raw control character reaches the terminal');
      assert.doesNotMatch(stream, /^error forged/m, 'no forged line');
    }
    const errLines = ingest.err.trimEnd().split('\n');
    assert.equal(errLines.length, 1, ingest.err);
    assert.equal(errLines[0], `error ${join(inputs, 'empty')}\\nerror forged line \\u{1b}[2J.txt: file is empty (0 bytes)`);
    assert.match(ingest.out, /^skipped .*skip\\n\\u\{1b\}\[31mme\.png: unsupported file type "\.png"$/m);

    const list = await run(dir, 'list', '--db', db);
    assert.equal(list.code, 0, list.err);
    assert.doesNotMatch(list.out, RAW_CONTROL);
    assert.doesNotMatch(list.out, /^error forged/m);
    assert.equal(list.out.trimEnd().split('\n').length, 2 + 2 + 1, `header, rule, two rows, count:\n${list.out}`);
    assert.match(list.out, /Coast\\u\{7\}al \\u\{1b\}\]0;p…/); // truncated to the column
    assert.match(list.out, /Harbour \\u\{1b\}\[31mtalks\\nerror forged/);

    const rows = JSON.parse((await run(dir, 'list', '--db', db, '--json')).out) as Array<{ id: string; title: string; outlet: string | null; source: string }>;
    const record = rows.find((r) => r.outlet)!;
    assert.equal(record.title, TITLE, '--json keeps the stored title exactly');
    assert.equal(record.outlet, OUTLET);

    const shown = await run(dir, 'show', record.id, '--db', db);
    assert.equal(shown.code, 0, shown.err);
    assert.doesNotMatch(shown.out, RAW_CONTROL);
    assert.match(shown.out, /^title +Harbour \\u\{1b\}\[31mtalks\\nerror forged title\\u\{202e\}evil\\u\{9b\}2J$/m);
    assert.match(shown.out, /^byline +Ada\\u\{85\}Fenwick \\u\{1b\}\[2J$/m);
    const fromFile = rows.find((r) => r.source.endsWith('.txt'))!;
    const shownFile = await run(dir, 'show', fromFile.id, '--db', db);
    assert.match(shownFile.out, /^source +.*red\\u\{1b\}\[31mname\\u\{202e\}\.txt$/m);
    assert.equal(JSON.parse((await run(dir, 'show', fromFile.id, '--db', db, '--json')).out).source, join(inputs, ANSI_NAME));

    // show --raw: the stored bytes as they are when piped; escaped (lines kept) on a terminal.
    assert.equal((await run(dir, 'show', fromFile.id, '--raw', '--db', db)).out, RAW_BODY, 'piped --raw is the stored input, byte for byte');
    const tty = captureIO(dir);
    tty.stdout.isTTY = true;
    assert.equal(await main(['show', fromFile.id, '--raw', '--db', db], tty), 0);
    assert.equal(tty.out(), RAW_BODY.replace(ESC, '\\u{1b}'));

    const search = await run(dir, 'search', 'ferry', '--db', db);
    assert.doesNotMatch(search.out, RAW_CONTROL);
    assert.match(search.out, /Coast\\u\{7\}al/);
  });

  it('the corpus views print hostile outlet and group names escaped', async () => {
    const dir = tempDir();
    const db = join(dir, 'p.db');
    const story = (who: string) =>
      `President Mara Velden of Lorvan met Prime Minister Anselm Daru in Merrow on Monday. "We will sign the harbour agreement next week," Velden said. ${who} reported that the regime in Lorvan had threatened fishermen, and Daru accused Lorvan of aggression. The talks were held after protests on Sunday.`;
    const records = [
      { text: story('The Coast Herald'), title: TITLE, outlet: OUTLET, group: `north${ESC}[2J\nforged`, published: '2025-03-10' },
      { text: story('Island Voice'), title: 'Harbour talks resume', outlet: `Island\u202eVoice${ESC}[31m`, group: 'south', published: '2025-03-11' },
    ];
    writeFileSync(join(dir, 'r.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
    assert.equal((await run(dir, 'ingest', join(dir, 'r.jsonl'), '--db', db, '--no-language', '--workers', '0')).code, 0);
    const analyzed = await run(dir, 'analyze', '--db', db);
    assert.equal(analyzed.code, 0, analyzed.err);
    for (const argv of [['compare', '--by', 'outlet'], ['compare', '--by', 'group'], ['actors'], ['labels', '--min-support', '1'], ['stance', '--actor', 'Lorvan'], ['quotes'], ['timeline'], ['techniques'], ['search', 'harbour']]) {
      const r = await run(dir, ...argv, '--db', db);
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
      assert.doesNotMatch(r.out + r.err, RAW_CONTROL, argv.join(' '));
      assert.doesNotMatch(r.out, /^forged/m, argv.join(' '));
    }
    const compare = await run(dir, 'compare', '--by', 'group', '--db', db);
    assert.match(compare.out, /north\\u\{1b\}\[2J\\nforged/);
  });

  it('error messages naming a hostile input are escaped too', async () => {
    const dir = tempDir();
    const r = await run(dir, 'show', `nope\n${ESC}[2Jerror forged`, '--db', join(dir, 'p.db'));
    assert.equal(r.code, 1);
    assert.equal(r.err, 'error nope\\n\\u{1b}[2Jerror forged: no article with id "nope\\n\\u{1b}[2Jerror forged"\n');
    const unknown = await run(dir, `frob\n${ESC}[31m`);
    assert.match(unknown.err, /^error unknown command "frob\\n\\u\{1b\}\[31m"\n/);
  });
});

describe('CLI: symbolic links out of an ingested folder', () => {
  it('refuses them by default with the link and its target named, and reads them with --follow-symlinks', async () => {
    const dir = tempDir();
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    const secret = join(dir, 'outside-secret.txt');
    writeFileSync(secret, 'Private notes kept outside the corpus folder, never meant to be ingested.\n');
    writeFileSync(join(inputs, 'a.txt'), `${TEXT}\n`);
    symlinkSync(secret, join(inputs, 'passwd.txt'));
    const db = join(dir, 'p.db');

    const refused = await run(dir, 'ingest', inputs, '--db', db, '--no-language', '--workers', '0');
    assert.equal(refused.code, 1, 'a refused link counts as a failed input');
    assert.equal(
      refused.err,
      `error ${join(inputs, 'passwd.txt')}: symbolic link to ${realpathSync(secret)}, outside the folder ${realpathSync(inputs)}: not followed (--follow-symlinks reads it)\n`,
    );
    assert.match(refused.out, /^1 ingested, 0 skipped, 1 failed$/m);
    const stored = JSON.parse((await run(dir, 'list', '--db', db, '--json')).out) as Array<{ source: string }>;
    assert.deepEqual(stored.map((r) => r.source), [join(inputs, 'a.txt')]);

    const followed = await run(dir, 'ingest', inputs, '--follow-symlinks', '--db', db, '--no-language', '--workers', '0');
    assert.equal(followed.code, 0, followed.err);
    assert.match(followed.out, /^1 ingested/m);
    const help = await run(dir, 'ingest', '--help');
    assert.match(help.out, /--follow-symlinks/);
  });
});

describe('usage errors', () => {
  it('an option given a value starting with "-" says in one line how to write it', async () => {
    const io = captureIO(tempDir());
    assert.equal(await main(['stance', '--offset', '-3', '--db', join(tempDir(), 'p.db')], io), 2);
    assert.equal(io.err().trim().split('\n').length, 1, io.err());
    assert.match(io.err(), /--offset needs a value; one starting with "-" is written --offset=VALUE/);
    const io2 = captureIO(tempDir());
    assert.equal(await main(['stance', '--offset=-3', '--db', join(tempDir(), 'p.db')], io2), 2);
    assert.match(io2.err(), /--offset expects an integer ≥ 0, got "-3"/);
  });
});
