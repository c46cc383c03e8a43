// Article-body extraction, scored the way scrapinghub/article-extraction-benchmark's evaluate.py scores it.
//
//   npm run eval -- extraction [--worst N] [--diff ID] [--json FILE]
//
// Reads ../shared/data/article-extraction (html/<id>.html.gz + ground-truth.json) relative to the working
// directory; prints a message and exits 0 when the folder is absent. Compares our extractHtml() with plain
// Readability.js (its textContent, as the benchmark's readability_js extractor does) on the same linkedom DOM.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { extractHtml, parseHtml, runReadability } from '../src/clean/html.js';

/** evaluate.py tokenises with Python's `\w+` (Unicode letters, digits, underscore; combining marks split words). */
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** 4-token shingles as a multiset; a text shorter than n tokens is one shingle of all of them (as in evaluate.py). */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = tokenize(text);
  const out = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const sh = tokens.slice(i, i + n);
    if (!sh.length) continue;
    const key = sh.join('\u0001');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export type TpFpFn = [number, number, number];

/** Shingle TP/FP/FN for one page, normalised to sum 1 so long pages weigh no more than short ones. */
export function shingleMatching(truth: string, pred: string, n = 4): TpFpFn {
  const t = shingles(truth, n);
  const p = shingles(pred, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, pc] of p) {
    const tc = t.get(k) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
  }
  for (const [k, tc] of t) fn += Math.max(0, tc - (p.get(k) ?? 0));
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}

function precisionScore([tp, fp, fn]: TpFpFn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recallScore([tp, fp, fn]: TpFpFn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

export interface Scores {
  precision: number;
  recall: number;
  /** evaluate.py's F1: the harmonic mean of the mean precision and the mean recall. */
  f1: number;
  /** The mean of per-page F1, for reference (not the benchmark's headline number). */
  meanPageF1: number;
  /** Share of pages whose token sequence equals the truth's exactly. */
  accuracy: number;
}

/**
 * evaluate.py's metrics_from_tp_fp_fns: precision is averaged over pages with a non-empty prediction, recall
 * over pages with a non-empty truth (so an empty prediction costs recall, not precision); both empty counts
 * nowhere.
 */
export function scoreAll(pages: Array<{ truth: string; pred: string }>): Scores {
  const counts = pages.map((p) => shingleMatching(p.truth, p.pred));
  const precision = mean(counts.filter(([tp, fp]) => tp + fp > 0).map(precisionScore));
  const recall = mean(counts.filter(([tp, , fn]) => tp + fn > 0).map(recallScore));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const pageF1 = counts.map((c) => {
    const p = precisionScore(c);
    const r = recallScore(c);
    return p + r > 0 ? (2 * p * r) / (p + r) : 0;
  });
  const accuracy = mean(pages.map((p) => (tokenize(p.truth).join(' ') === tokenize(p.pred).join(' ') ? 1 : 0)));
  return { precision, recall, f1, meanPageF1: mean(pageF1), accuracy };
}

interface Page {
  id: string;
  url: string;
  html: string;
  truth: string;
}

type Extractor = (page: Page) => string;

const EXTRACTORS: Record<string, Extractor> = {
  parallax: (p) => extractHtml(p.html, { url: p.url }).text,
  'readability.js': (p) => runReadability(parseHtml(p.html)).textContent,
};

function pageF1(truth: string, pred: string): number {
  const c = shingleMatching(truth, pred);
  const p = precisionScore(c);
  const r = recallScore(c);
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

function main(argv: string[]): number {
  const dir = resolve(process.cwd(), '../shared/data/article-extraction');
  const gtPath = join(dir, 'ground-truth.json');
  if (!existsSync(gtPath)) {
    console.log(`extraction eval skipped: ${dir} not found (the benchmark data lives outside the repo).`);
    return 0;
  }
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const worst = Number(arg('--worst') ?? 0);
  const diffId = arg('--diff');
  const jsonOut = arg('--json');

  const gt = JSON.parse(readFileSync(gtPath, 'utf8')) as Record<string, { articleBody?: string; url?: string }>;
  const pages: Page[] = [];
  for (const [id, v] of Object.entries(gt)) {
    const file = join(dir, 'html', `${id}.html.gz`);
    if (!existsSync(file)) continue;
    pages.push({ id, url: v.url ?? '', truth: v.articleBody ?? '', html: gunzipSync(readFileSync(file)).toString('utf8') });
  }
  if (!pages.length) {
    console.log(`extraction eval skipped: no pages under ${dir}/html.`);
    return 0;
  }

  const results: Record<string, { scores: Scores; pagesPerSecond: number; pagesPerCpuSecond: number; preds: string[] }> =
    {};
  for (const [name, fn] of Object.entries(EXTRACTORS)) {
    const preds: string[] = [];
    // Warm the JIT on a few pages so the first extractor in the table is not charged for it.
    for (const p of pages.slice(0, 10)) {
      try {
        fn(p);
      } catch {
        // reported below
      }
    }
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const p of pages) {
      let out = '';
      try {
        out = fn(p);
      } catch (e) {
        console.error(`${name} failed on ${p.id}: ${(e as Error).message}`);
      }
      preds.push(out);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // CPU time as well as wall time: on a shared machine the wall clock measures the neighbours too.
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const scores = scoreAll(pages.map((p, i) => ({ truth: p.truth, pred: preds[i] })));
    results[name] = { scores, pagesPerSecond: pages.length / seconds, pagesPerCpuSecond: pages.length / cpuSeconds, preds };
  }

  const f = (x: number): string => x.toFixed(Number(process.env.PX_DIGITS_OUT ?? 3));
  console.log(`article-extraction benchmark: ${pages.length} pages (${dir})`);
  console.log('extractor          precision  recall  F1     mean-page-F1  exact  pages/s  pages/cpu-s');
  for (const [name, r] of Object.entries(results)) {
    const s = r.scores;
    console.log(
      `${name.padEnd(18)} ${f(s.precision).padEnd(10)} ${f(s.recall).padEnd(7)} ${f(s.f1).padEnd(6)} ` +
        `${f(s.meanPageF1).padEnd(13)} ${f(s.accuracy).padEnd(6)} ${r.pagesPerSecond.toFixed(1).padEnd(8)} ` +
        r.pagesPerCpuSecond.toFixed(1),
    );
  }
  console.log('published (same metric, full 181-page set): Readability.js 0.947, trafilatura 0.958, best 0.970');

  if (worst > 0) {
    const ours = results.parallax.preds;
    const base = results['readability.js'].preds;
    const rows = pages
      .map((p, i) => ({ id: p.id, url: p.url, ours: pageF1(p.truth, ours[i]), base: pageF1(p.truth, base[i]) }))
      .sort((a, b) => a.ours - b.ours)
      .slice(0, worst);
    console.log(`\nworst ${worst} pages for parallax (F1 ours / readability):`);
    for (const r of rows) console.log(`${f(r.ours)} / ${f(r.base)}  ${r.id.slice(0, 12)}  ${r.url}`);
  }
  if (diffId) {
    const i = pages.findIndex((p) => p.id.startsWith(diffId));
    if (i >= 0) {
      const truthShingles = shingles(pages[i].truth);
      console.log(`\n--- parallax paragraphs not in the truth (${pages[i].id}) ---`);
      for (const para of results.parallax.preds[i].split('\n\n')) {
        const ps = shingles(para);
        let hit = 0;
        let all = 0;
        for (const [k, c] of ps) {
          all += c;
          if (truthShingles.has(k)) hit += c;
        }
        if (all && hit / all < 0.5) console.log(`  [${para.slice(0, 200)}]`);
      }
      const predShingles = shingles(results.parallax.preds[i]);
      console.log(`--- truth paragraphs missed ---`);
      for (const para of pages[i].truth.split(/\n+/)) {
        const ps = shingles(para);
        let hit = 0;
        let all = 0;
        for (const [k, c] of ps) {
          all += c;
          if (predShingles.has(k)) hit += c;
        }
        if (all && hit / all < 0.5) console.log(`  [${para.slice(0, 200)}]`);
      }
    }
  }
  if (jsonOut) {
    const out = Object.fromEntries(
      Object.entries(results).map(([k, v]) => [k, { ...v.scores, pagesPerSecond: v.pagesPerSecond, pagesPerCpuSecond: v.pagesPerCpuSecond }]),
    );
    writeFileSync(jsonOut, JSON.stringify(out, null, 2) + '\n');
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2));
}
