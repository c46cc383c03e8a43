import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import type { Analysis, Finding, LabelFinding } from '../core/finding.js';
import { compare, type CompareItem } from '../compare/index.js';
import { labelMatrix } from '../compare/labels.js';
import { makeArticle } from '../storage/test-fixtures.js';
import { main } from '../cli/main.js';
import { captureIO } from '../cli/test-io.js';
import { buildReport } from './index.js';
import { textDir } from './html.js';

/**
 * Reports of corpora in several languages (issue 16): right-to-left text keeps its direction, labels in another
 * language show their English gloss, every mixed table names the language, and articles in languages Parallax
 * does not read are listed with a note. Then `parallax run` on examples/multilingual end to end.
 */

interface Tag {
  name: string;
  attrs: Record<string, string>;
  text: string;
}
/** Every element with its attributes and its own text (entities decoded). */
function parse(html: string): Tag[] {
  const out: Tag[] = [];
  const open: Tag[] = [];
  const p = new Parser(
    {
      onopentag(name, attrs) {
        const t = { name, attrs, text: '' };
        out.push(t);
        open.push(t);
      },
      ontext(s) {
        for (const t of open) t.text += s;
      },
      onclosetag() {
        open.pop();
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  p.write(html);
  p.end();
  return out;
}

const label = (text: string, word: string, extra: Partial<LabelFinding>, from = 0): Finding => {
  const start = text.indexOf(word, from);
  return {
    id: `l:${start}`,
    analyzer: 'labels',
    kind: 'label',
    messageId: 'label',
    span: { start, end: start + word.length },
    evidence: word,
    voice: 'outlet',
    actorId: 'state:x-vessany',
    actorKind: 'state',
    canonical: 'Vessany',
    label: word,
    labelNormalized: word.toLowerCase(),
    labelType: 'epithet',
    connotation: 'pejorative',
    cue: null,
    linkedBy: 'term-table',
    ...extra,
  };
};

function corpus(gloss = 'the Miravel regime', language = 'fa'): CompareItem[] {
  const fa = makeArticle('رژیم میراول روز پنجشنبه کاروانی از ۱۴ کامیون را متوقف کرد. رژیم میراول مدعی است.', { title: 'توقیف کاروان', outlet: 'صدای ولگراد', language: 'fa', published: '2025-03-27' });
  const en = makeArticle('The regime in Miravel stopped 14 lorries on Thursday, officials said.', { title: 'Convoy stopped', outlet: 'Meridian Wire', language: 'en', published: '2025-03-27' });
  const de = makeArticle('Vessanische Gendarmen haben am Donnerstag einen Konvoi gestoppt.', { title: 'Konvoi gestoppt', outlet: 'Sarn-Rundschau', language: 'de', published: '2025-03-28' });
  const item = (article: CompareItem['article'], findings: Finding[], diagnostics: Analysis['diagnostics'] = []): CompareItem => ({
    article,
    analysis: { schemaVersion: '1.0.0', articleId: article.id, textHash: article.textHash, findings, diagnostics, versions: {}, timings: {} },
  });
  return [
    item(fa, [label(fa.text, 'رژیم میراول', { data: { gloss, language } }), label(fa.text, 'رژیم میراول', { data: { gloss, language } }, 5)]),
    item(en, [label(en.text, 'regime in Miravel', {})]),
    item(de, [], [{ analyzer: 'nlp', severity: 'info', code: 'language-not-read', message: 'German (de) is not read yet: stored and listed, not analysed.' }]),
  ];
}

test('textDir: rtl for right-to-left languages, auto otherwise, nothing unsafe echoed', () => {
  assert.equal(textDir('fa'), ' lang="fa" dir="rtl"');
  assert.equal(textDir('he'), ' lang="he" dir="rtl"');
  assert.equal(textDir('ru'), ' lang="ru" dir="auto"');
  assert.equal(textDir(null), ' dir="auto"');
  assert.equal(textDir('"><script>'), ' dir="auto"');
});

test('label matrix cells carry the language and the English gloss of their findings', () => {
  const items = corpus();
  const rows = labelMatrix(items.map((i) => ({ articleId: i.article.id, outlet: i.article.outlet!, group: 'g', language: i.article.language, findings: i.analysis.findings })), { by: 'outlet' });
  const cells = rows[0].columns;
  assert.equal(cells['صدای ولگراد'][0].language, 'fa');
  assert.equal(cells['صدای ولگراد'][0].gloss, 'the Miravel regime');
  assert.equal(cells['Meridian Wire'][0].language, 'en', 'no data.language: the article language');
  assert.equal(cells['Meridian Wire'][0].gloss, undefined);
});

test('report: RTL labels with their gloss, languages in the mixed tables, the not-read article listed with its note', () => {
  const items = corpus();
  const html = buildReport(items, compare({ items }, { by: 'outlet', minSupport: 1 }), { generatedAt: '2025-04-01T00:00:00Z' });
  const tags = parse(html);
  const orig = tags.find((t) => t.attrs.class === 'orig' && t.text === 'رژیم میراول');
  assert.ok(orig, 'the Persian label as written');
  assert.equal(orig.attrs.dir, 'rtl');
  assert.equal(orig.attrs.lang, 'fa');
  assert.ok(tags.some((t) => t.attrs.class === 'gloss' && t.text.includes('the Miravel regime')), 'its gloss beside it');
  // Every label and every piece of article text has a direction.
  for (const t of tags.filter((x) => x.attrs.class === 'orig' || x.attrs.class === 'ev-text' || x.attrs.class === 'text' || x.attrs.class === 'form')) assert.ok(['rtl', 'auto'].includes(t.attrs.dir), `${t.name}.${t.attrs.class} has dir`);
  const faText = tags.find((t) => t.attrs.class === 'text' && t.attrs.lang === 'fa');
  assert.equal(faText?.attrs.dir, 'rtl');
  // The evidence list of the Persian label (two mentions) gives the gloss beside each quotation.
  assert.ok(tags.some((t) => t.name === 'li' && t.attrs['data-language'] === 'fa' && t.text.includes('the Miravel regime')));
  // The languages table and the not-read section.
  const notRead = tags.find((t) => t.attrs.id === 'not-read');
  assert.ok(notRead && notRead.text.includes('Konvoi gestoppt') && notRead.text.includes('German (de) is not read yet'), 'the diagnostic note');
  assert.ok(!notRead.text.includes('توقیف کاروان'), 'a read article is not listed');
  assert.ok(tags.some((t) => t.name === 'table' && t.attrs.class === 'languages'));
  assert.ok(tags.some((t) => t.name === 'article' && t.attrs['data-language'] === 'de' && t.attrs.class.includes('not-read')));
});

test('report: a hostile gloss or language code stays text', () => {
  const items = corpus('<img src=x onerror=alert(1)>', '"><script>alert(2)</script>');
  const html = buildReport(items, compare({ items }, { by: 'outlet', minSupport: 1 }));
  const tags = parse(html);
  assert.ok(!tags.some((t) => t.name === 'img'));
  assert.equal(tags.filter((t) => t.name === 'script').length, 4, 'only the report’s own scripts');
  for (const t of tags) {
    if (t.attrs.lang) assert.match(t.attrs.lang, /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/);
    for (const k of Object.keys(t.attrs)) assert.ok(!k.startsWith('on'), `event handler ${k}`);
  }
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the gloss shown escaped');
});

const ROOT = process.cwd();
const EXAMPLE = join(ROOT, 'examples', 'multilingual');
const skip = existsSync(join(EXAMPLE, 'corpus')) ? false : 'examples/multilingual not found (run from the repository root)';

test('parallax run on the multilingual example: no error, every article stored, the German one listed as not read', { skip, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-ml-'));
  try {
    const db = join(dir, 'p.db');
    const out = join(dir, 'report.html');
    const io = captureIO(ROOT);
    const code = await main(['run', join(EXAMPLE, 'corpus'), '--config', join(EXAMPLE, 'parallax.config.json'), '--db', db, '--out', out], io);
    assert.equal(code, 0, io.err());
    const list = captureIO(ROOT);
    assert.equal(await main(['list', '--json', '--db', db], list), 0, list.err());
    const rows = JSON.parse(list.out()) as Array<{ language: string | null; title: string | null }>;
    // Eight articles: five HTML pages and three JSONL records, one per language.
    assert.deepEqual(rows.map((r) => r.language).sort(), ['ar', 'az', 'de', 'en', 'fa', 'he', 'ru', 'tr']);
    const tags = parse(readFileSync(out, 'utf8'));
    const notRead = tags.find((t) => t.attrs.id === 'not-read')!;
    const rowsNotRead = tags.filter((t) => t.name === 'tr' && t.attrs['data-language'] && tags.indexOf(t) > tags.indexOf(notRead) && t.text.includes('Kettle-Furt'));
    assert.ok(rowsNotRead.length >= 1 && notRead.text.includes('German'), 'the German article is listed with its language');
    assert.match(notRead.text, /not (among the languages Parallax reads|read)/);
    for (const lang of ['ar', 'fa', 'he']) {
      const text = tags.find((t) => t.attrs.class === 'text' && t.attrs.lang === lang);
      assert.equal(text?.attrs.dir, 'rtl', `${lang} article text right to left`);
    }
    assert.equal(tags.find((t) => t.attrs.class === 'text' && t.attrs.lang === 'ru')?.attrs.dir, 'auto');
    assert.equal(tags.filter((t) => t.name === 'article' && t.attrs.class?.startsWith('art')).length, 8, 'every article in the report');

    // An article in a language not read that is stored without an analysis is listed too (no link to a missing text).
    const extra = join(dir, 'extra.jsonl');
    writeFileSync(extra, `${JSON.stringify({ text: 'Ein zweiter Bericht aus dem Tal: Die Grenze bleibt geschlossen, sagen beide Seiten.', title: 'Grenze bleibt zu', outlet: 'Sarn-Rundschau', language: 'de', published: '2025-03-29' })}\n`);
    const ingest = captureIO(ROOT);
    assert.equal(await main(['ingest', extra, '--db', db], ingest), 0, ingest.err());
    const report = captureIO(ROOT);
    assert.equal(await main(['report', '--db', db, '--out', out], report), 0, report.err());
    const again = parse(readFileSync(out, 'utf8'));
    const section = again.find((t) => t.attrs.id === 'not-read')!;
    assert.ok(section.text.includes('Grenze bleibt zu') && section.text.includes('stored without an analysis'), section.text);
    assert.ok(section.text.includes('Kettle-Furt'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
