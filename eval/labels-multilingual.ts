/**
 * How often a name from the labels term tables (src/analyzers/labels/data/ml/<lang>.json) found in real text is a
 * name there: on the development halves of the multilingual NER sets (../shared/data/multilingual/<lang>/dev.jsonl),
 * the share of term matches of type name / short-name / metonym / toponym-variant whose span overlaps a gold entity
 * (PER, ORG, LOC or MISC). Epithets are counted, not scored (the sets do not annotate them). Development data only.
 *
 *   npm run eval -- labels-multilingual [--examples N]
 *
 * Skips with a message when the data folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTerms } from '../src/core/lang/index.js';
import { defaultMlTables } from '../src/analyzers/labels/multilingual.js';

interface Rec {
  text: string;
  entities: Array<{ start: number; end: number; type: string }>;
}

const root = join(process.cwd(), '..', 'shared', 'data', 'multilingual');
const examplesArg = process.argv.indexOf('--examples');
const examples = examplesArg > 0 ? Number(process.argv[examplesArg + 1]) : 0;

if (!existsSync(root)) {
  console.log(`labels-multilingual: skipped, ${root} not found (the development data is not part of the repository)`);
} else {
  const tables = defaultMlTables();
  console.log('lang  records  name matches  on a gold entity  precision  epithet matches  chars/ms');
  for (const lang of ['fa', 'ar', 'he', 'ru', 'tr']) {
    const file = join(root, lang, 'dev.jsonl');
    if (!existsSync(file)) continue;
    const recs = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
    let names = 0;
    let hits = 0;
    let epithets = 0;
    let chars = 0;
    const misses: string[] = [];
    const t0 = performance.now();
    for (const r of recs) {
      chars += r.text.length;
      for (const m of findTerms(r.text, tables.get(lang)!)) {
        if (m.value.labelType === 'epithet') {
          epithets++;
          continue;
        }
        names++;
        if (r.entities.some((e) => e.start < m.end && m.start < e.end)) hits++;
        else if (misses.length < examples) misses.push(`${r.text.slice(Math.max(0, m.start - 30), m.start)}[[${r.text.slice(m.start, m.end)}]]${r.text.slice(m.end, m.end + 30)}`);
      }
    }
    const ms = performance.now() - t0;
    console.log(`${lang.padEnd(4)}  ${String(recs.length).padStart(7)}  ${String(names).padStart(12)}  ${String(hits).padStart(16)}  ${(names ? hits / names : 0).toFixed(3).padStart(9)}  ${String(epithets).padStart(15)}  ${(chars / ms).toFixed(0).padStart(8)}`);
    for (const x of misses) console.log(`      not on a gold entity: ${x.replace(/\s+/g, ' ')}`);
  }
}
