// How often the cleaner finds an article's outlet, and whether it is the right one, on data we did not write.
//
//   npm run eval -- outlets [--dist DIR] [--list]
//
// Reads ../shared/data/article-extraction (html/<id>.html.gz + ground-truth.json {articleBody, url}) and
// ../shared/seeds (*.txt) relative to the working directory; prints a message and exits 0 when they are absent.
// Four readings of each extraction page:
//   html+url   the page with its URL (what ingest of a saved page with --url sees);
//   html       the page without its URL (a saved page ingested as a file);
//   page-text  the text Readability extracts from the page, ingested as plain text (a scraped text: header and
//              footer lines left in), without a URL;
//   body       the benchmark's ground-truth article body as plain text (the article alone, no URL).
// Right/wrong is judged against the page's URL: a registry outlet must be the registry's outlet for that domain;
// an unknown name must share its letters with the host name ("Marsh Ledger" ~ marshledger.com); anything else is
// printed for a reader to check. --dist DIR runs another build's cleaner (e.g. --dist ../main/dist, "before").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import type { Article, RawArticle } from '../src/core/article.js';
import type { OutletRegistry } from '../src/clean/outlets.js';
import type { CleanContext } from '../src/clean/index.js';

interface Modules {
  cleanArticle: (raw: RawArticle, overrides: object, ctx: CleanContext) => Article;
  extractHtml: (html: string, opts?: { url?: string }) => { text: string };
  registry: OutletRegistry;
}

async function load(dist: string | null): Promise<Modules> {
  const base = dist ? pathToFileURL(resolve(dist, 'src/clean') + '/').href : new URL('../src/clean/', import.meta.url).href;
  const clean = (await import(`${base}index.js`)) as { cleanArticle: Modules['cleanArticle'] };
  const html = (await import(`${base}html.js`)) as { extractHtml: Modules['extractHtml'] };
  const outlets = (await import(`${base}outlets.js`)) as { loadOutletRegistry: () => OutletRegistry };
  return { cleanArticle: clean.cleanArticle, extractHtml: html.extractHtml, registry: outlets.loadOutletRegistry() };
}

type Verdict = 'right' | 'wrong' | 'check' | 'none';

function key(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/^the\s+/, '').replace(/[^\p{L}\p{N}]+/gu, '');
}

function judge(reg: OutletRegistry, a: Article, url: string): Verdict {
  if (!a.outlet) return 'none';
  const expected = reg.byDomain(url);
  if (expected) return a.outletId === expected.id ? 'right' : 'wrong';
  if (a.outletId) return 'wrong'; // a registry outlet on a domain the registry does not give to it
  const host = new URL(url).hostname.replace(/^www\d?\./, '');
  const h = key(host.split('.').slice(0, -1).join(''));
  const n = key(a.outlet);
  if (n && (h.includes(n) || n.includes(h) || key(host) === n)) return 'right';
  return 'check';
}

interface Tally {
  found: number;
  known: number;
  right: number;
  wrong: number;
  check: number;
  total: number;
}

const empty = (): Tally => ({ found: 0, known: 0, right: 0, wrong: 0, check: 0, total: 0 });

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const distAt = args.indexOf('--dist');
  const dist = distAt >= 0 ? args[distAt + 1] : null;
  const list = args.includes('--list');
  const dataDir = resolve('../shared/data/article-extraction');
  const seedsDir = resolve('../shared/seeds');
  if (!existsSync(join(dataDir, 'ground-truth.json')) && !existsSync(seedsDir)) {
    console.log(`outlets: skipped (${dataDir} and ${seedsDir} are absent)`);
    return;
  }
  const m = await load(dist);
  const ctx: CleanContext = { registry: m.registry, config: { path: null, groups: [], outlets: [], actors: [] }, now: () => new Date('2025-01-01T00:00:00Z') };
  const clean = (source: string, format: 'html' | 'text', body: string, url?: string): Article | null => {
    try {
      return m.cleanArticle({ source, sourceKind: format === 'html' ? 'html' : 'txt', format, body, meta: url ? { url } : {} }, {}, ctx);
    } catch {
      return null;
    }
  };

  if (existsSync(join(dataDir, 'ground-truth.json'))) {
    const truth = JSON.parse(readFileSync(join(dataDir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
    const modes = ['html+url', 'html', 'page-text', 'body'] as const;
    const tally = Object.fromEntries(modes.map((k) => [k, empty()])) as Record<(typeof modes)[number], Tally>;
    const notes: string[] = [];
    for (const [id, t] of Object.entries(truth)) {
      const file = join(dataDir, 'html', `${id}.html.gz`);
      if (!existsSync(file)) continue;
      const html = gunzipSync(readFileSync(file)).toString('utf8');
      const pageText = m.extractHtml(html).text;
      const runs: Record<(typeof modes)[number], Article | null> = {
        'html+url': clean(id, 'html', html, t.url),
        html: clean(id, 'html', html),
        'page-text': clean(id, 'text', pageText),
        body: clean(id, 'text', t.articleBody),
      };
      for (const mode of modes) {
        const a = runs[mode];
        const s = tally[mode];
        s.total++;
        if (!a) continue;
        const v = judge(m.registry, a, t.url);
        if (v === 'none') continue;
        s.found++;
        if (a.outletId) s.known++;
        s[v]++;
        if (v !== 'right' || list) notes.push(`${v.padEnd(5)} ${mode.padEnd(9)} ${id.slice(0, 8)} ${new URL(t.url).hostname}  ->  ${a.outlet} (${a.outletId ?? 'not in registry'})`);
      }
    }
    console.log('outlets: article-extraction pages (judged against each page\'s URL)');
    console.log('  reading    pages  outlet found  in registry  right  wrong  to check');
    for (const mode of modes) {
      const s = tally[mode];
      console.log(`  ${mode.padEnd(9)}  ${String(s.total).padStart(5)}  ${String(s.found).padStart(12)}  ${String(s.known).padStart(11)}  ${String(s.right).padStart(5)}  ${String(s.wrong).padStart(5)}  ${String(s.check).padStart(8)}`);
    }
    for (const n of notes) console.log(`  ${n}`);
  }

  if (existsSync(seedsDir)) {
    console.log('outlets: seeds (plain text, no URL)');
    for (const f of readdirSync(seedsDir).filter((x) => x.endsWith('.txt')).sort()) {
      const a = clean(f, 'text', readFileSync(join(seedsDir, f), 'utf8'));
      const cited = (a?.citedSources ?? []).map((c) => `${c.mention ?? c.name} (${c.via})`).join(', ');
      console.log(`  ${f.slice(0, 3)}  outlet: ${a?.outlet ?? '-'}${a?.outletId ? ` [${a.outletId}]` : ''}${a?.citedSources ? `  cites: ${cited || '-'}` : ''}`);
    }
  }
}

await main();
