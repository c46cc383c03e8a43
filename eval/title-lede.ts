/**
 * Does a record's `title` field make the plain-text cleaner drop the article's first paragraph?
 *
 * A JSON / JSON Lines record `{title, text}` reaches `cleanPlainText(text, {title})` (src/clean/index.ts). A lede
 * that restates the headline must stay text: the title hint may remove a title-like line, never a paragraph.
 * This script builds such records from development data that has a headline and a body:
 *
 * - PolNeAR (`../shared/data/polnear/{dev,train}/text/*.txt`): the first paragraph is the headline, the rest the
 *   article (US political news, 2016);
 * - PTC (`../shared/data/ptc/train-articles/*.txt`): title line, blank line, one sentence a line.
 *
 * (MBIC's article texts carry no headline, only a URL, so they are not used.)
 *
 * For every article it runs the cleaner three ways and counts articles whose first body paragraph is gone:
 * - `title + body`: `{title, text: body}` — the documented record shape, the case the issue is about;
 * - `no hint`: `{text: body}` — what the cleaner removes by shape alone (the baseline the hint must not worsen);
 * - `title in text`: `{title, text: title + "\n\n" + body}` — the headline repeated at the top of the text, which
 *   must still be removed (counted as "headline left in the text").
 *
 * Usage: npm run eval -- title-lede [--show N]   (--show: print the first N dropped first paragraphs)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanPlainText } from '../src/clean/plaintext.js';
import { normalizeText } from '../src/clean/normalize.js';

const DATA = join('..', 'shared', 'data');

interface Rec {
  id: string;
  title: string;
  body: string;
}

function splitTitle(id: string, raw: string): Rec | null {
  const text = normalizeText(raw);
  const nl = text.indexOf('\n');
  if (nl < 0) return null;
  const title = text.slice(0, nl).trim();
  const body = text.slice(nl + 1).trim();
  if (!title || !body) return null;
  return { id, title, body };
}

function readDir(dir: string, prefix: string): Rec[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => splitTitle(`${prefix}/${f}`, readFileSync(join(dir, f), 'utf8')))
    .filter((r): r is Rec => r !== null);
}

function firstParagraph(text: string): string {
  return text.split('\n').find((l) => l.trim()) ?? '';
}

interface Tally {
  articles: number;
  dropped: number;
  byKind: Map<string, number>;
  examples: { id: string; title: string; para: string; kind: string }[];
}

function tally(): Tally {
  return { articles: 0, dropped: 0, byKind: new Map(), examples: [] };
}

/** Is `para` (one line of the normalised body) still a line of the cleaned text? */
function kept(cleaned: string, para: string): boolean {
  return cleaned.split('\n').some((l) => l === para);
}

function run(recs: Rec[]): { hint: Tally; none: Tally; inText: Tally; headlineLeft: number } {
  const hint = tally();
  const none = tally();
  const inText = tally();
  let headlineLeft = 0;
  const count = (t: Tally, r: Rec, body: string, title: string | undefined) => {
    const para = firstParagraph(normalizeText(r.body));
    const res = cleanPlainText(body, title ? { title } : {});
    t.articles++;
    if (kept(res.text, para)) return res;
    t.dropped++;
    const kind = res.boilerplate.find((b) => b.text.split('\n').includes(para))?.kind ?? '(changed)';
    t.byKind.set(kind, (t.byKind.get(kind) ?? 0) + 1);
    t.examples.push({ id: r.id, title: r.title, para, kind });
    return res;
  };
  for (const r of recs) {
    count(hint, r, r.body, r.title);
    count(none, r, r.body, undefined);
    const res = count(inText, r, `${r.title}\n\n${r.body}`, r.title);
    if (kept(res.text, normalizeText(r.title))) headlineLeft++;
  }
  return { hint, none, inText, headlineLeft };
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');
const kinds = (t: Tally) => [...t.byKind].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || '—';

function main(): void {
  const args = process.argv.slice(2);
  const si = args.indexOf('--show');
  const show = si >= 0 ? Number(args[si + 1] ?? 10) : 0;
  const sets: [string, Rec[]][] = [
    ['polnear dev', readDir(join(DATA, 'polnear', 'dev', 'text'), 'polnear/dev')],
    ['polnear train', readDir(join(DATA, 'polnear', 'train', 'text'), 'polnear/train')],
    ['ptc train', readDir(join(DATA, 'ptc', 'train-articles'), 'ptc')],
  ];
  if (sets.every(([, r]) => r.length === 0)) {
    console.log(`title-lede: no PolNeAR or PTC texts under ${DATA} (run from the repository root); nothing to measure.`);
    return;
  }
  console.log('first body paragraph dropped (articles) — title + body | no hint | title in text; headline left in text');
  for (const [name, recs] of sets) {
    if (!recs.length) {
      console.log(`${name}: absent, skipped`);
      continue;
    }
    const { hint, none, inText, headlineLeft } = run(recs);
    console.log(
      `${name.padEnd(14)} n=${String(recs.length).padStart(4)}  ` +
        `title+body ${hint.dropped} (${pct(hint.dropped, hint.articles)}) [${kinds(hint)}]  ` +
        `no hint ${none.dropped} (${pct(none.dropped, none.articles)})  ` +
        `title in text ${inText.dropped} (${pct(inText.dropped, inText.articles)})  ` +
        `headline left ${headlineLeft} (${pct(headlineLeft, recs.length)})`,
    );
    for (const e of hint.examples.slice(0, show)) {
      console.log(`  ${e.id} [${e.kind}]\n    title: ${e.title.slice(0, 140)}\n    lede:  ${e.para.slice(0, 200)}`);
    }
  }
}

main();
