/**
 * Articles for storage tests and benchmarks: built through the real dedup functions so hashes and ids are what
 * the cleaner would produce. All text is generated here from invented words; nothing is copied from anywhere.
 */
import type { Article } from '../core/article.js';
import { articleId, findRepeatedParagraphs, simhash64, textHash } from '../clean/dedup.js';
import type { IngestItem } from './store.js';

export function makeArticle(text: string, overrides: Partial<Article> = {}): Article {
  const hash = textHash(text);
  return {
    id: articleId(hash),
    source: 'test.txt',
    url: null,
    canonicalUrl: null,
    outlet: null,
    outletId: null,
    outletCountry: null,
    group: null,
    title: null,
    byline: null,
    authors: [],
    published: null,
    publishedPrecision: null,
    updated: null,
    updatedPrecision: null,
    language: 'en',
    languageConfidence: null,
    license: null,
    section: null,
    text,
    wordCount: text.split(/\s+/).filter(Boolean).length,
    textHash: hash,
    simhash: simhash64(text),
    republishedFrom: null,
    republication: null,
    citedSources: [],
    repeatedParagraphs: findRepeatedParagraphs(text),
    flags: [],
    boilerplate: [],
    ingestedAt: '2024-05-01T10:00:00.000Z',
    ...overrides,
  };
}

export function makeItem(article: Article, body?: Uint8Array, meta: Record<string, unknown> = {}): IngestItem {
  return {
    raw: {
      source: article.source,
      sourceKind: 'txt',
      format: 'text',
      body: body ?? Buffer.from(article.text, 'utf8'),
      meta,
    },
    article,
  };
}

/** A small seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = ['The council', 'A spokeswoman for the ministry', 'Harbour officials', 'The opposition leader', 'Local farmers', 'The regional governor', 'Union representatives', 'Two witnesses', 'The central bank', 'A coalition of teachers'];
const VERBS = ['said', 'denied', 'warned', 'announced', 'confirmed', 'disputed', 'reported', 'insisted', 'suggested', 'acknowledged'];
const OBJECTS = ['that the budget would be revised', 'that talks had stalled', 'a new inquiry into the contracts', 'that the bridge would reopen', 'higher prices for grain', 'the closure of the northern road', 'plans to hire more inspectors', 'that the vote was delayed', 'a shortage of diesel', 'the results of the audit'];
const PLACES = ['Lestria', 'Polvar', 'Kessel', 'Ostrand', 'Valmere', 'Dunraith', 'Corvale', 'Mirrow', 'Tessaly', 'Brenholt'];
const TIMES = ['on Monday', 'late on Tuesday', 'this week', 'in a statement', 'after a long meeting', 'before dawn', 'at a press briefing', 'on Friday evening'];

/** One generated article of about `sentences * 14` words, unique per (seed, index). */
export function generatedArticle(seed: number, index: number, sentences = 24): Article {
  const rand = prng(seed * 1_000_003 + index);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const paras: string[] = [];
  let para: string[] = [];
  for (let s = 0; s < sentences; s++) {
    para.push(`${pick(SUBJECTS)} in ${pick(PLACES)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TIMES)}, according to report ${index}-${s}.`);
    if (para.length === 4) {
      paras.push(para.join(' '));
      para = [];
    }
  }
  if (para.length) paras.push(para.join(' '));
  const outlet = `Outlet ${index % 7}`;
  return makeArticle(paras.join('\n\n'), {
    source: `generated/${seed}/${index}.txt`,
    outlet,
    group: index % 2 ? 'east' : 'west',
    title: `Report ${index} from ${pick(PLACES)}`,
    published: `2024-0${1 + (index % 9)}-1${index % 10}`,
    publishedPrecision: 'day',
  });
}
