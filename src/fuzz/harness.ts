import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Article } from '../core/article.js';
import { defaultConfig, type ParallaxConfig } from '../core/config.js';
import type { Analysis, Finding } from '../core/finding.js';
import { spanInside } from '../core/span.js';
import { createLanguageDetector } from '../clean/language.js';
import { cleanArticle } from '../clean/index.js';
import { loadOutletRegistry, type OutletRegistry } from '../clean/outlets.js';
import { readInputs } from '../ingest/index.js';
import { runIngest, type IngestFailure } from '../ingest/run.js';
import { checkUrlHost } from '../ingest/fetch.js';
import { blockedHostname, blockedReason } from '../ingest/address.js';
import { isParallaxError } from '../core/errors.js';
import { analyzeStored, createConfiguredPipeline } from '../services/analyze.js';
import type { Pipeline } from '../core/pipeline.js';
import { openStore, type Store } from '../storage/index.js';
import { main as cliMain } from '../cli/main.js';
import { captureIO } from '../cli/test-io.js';
import type { AddressCase, FuzzCase } from './generators.js';

/**
 * Runs one generated case through the real entry points — the ingest run (read, sniff, decode, clean, store) and
 * the analysis of what it stored — and checks the properties docs/fuzzing.md lists. A case never throws: every
 * broken property comes back as a {@link Violation}, so a long run counts them all instead of stopping at the first.
 */

export interface Violation {
  /** Property broken, e.g. "raw-exception", "text-lost", "store-changed" (docs/fuzzing.md has the list). */
  property: string;
  detail: string;
  /** The stack of an unexpected exception, when one was caught (for the report, not for users). */
  stack?: string;
}

export interface CaseResult {
  family: string;
  ingestMs: number;
  analyzeMs: number;
  totalMs: number;
  /**
   * CPU time (user + system) of this process in the product's code — the ingest run and the analysis — which is what
   * the budget is checked against: CPU, so a busy machine does not fake slowness; the product's, so the harness's own
   * checks (reading back and walking every finding) do not count against it.
   */
  cpuMs: number;
  /** CPU time of the whole case, the harness's checks included. */
  totalCpuMs: number;
  ingested: number;
  failed: number;
  skipped: number;
  findings: number;
  /** Articles this input stored that were read back from the database and found identical to what was cleaned. */
  readBack: number;
  /** Baseline articles compared byte for byte (row, raw input, analysis) after this input. */
  baselineChecked: number;
  violations: Violation[];
}

export interface HarnessOptions {
  /** Milliseconds one case (ingest + analysis) may take before it is flagged "over-budget". */
  budgetMs: number;
  /** Size limit handed to the readers (ReadOptions.maxBytes): small, so that caps are reached by small inputs. */
  maxBytes: number;
  /** Identify languages as the CLI does (fastText); off saves time in the short run. */
  language: boolean;
  /** Run the CLI's ingest command for cases whose file names hold control characters (checks what it prints). */
  cli: boolean;
  /** Folder for case files and the database; a fresh temporary one when absent. */
  workdir?: string;
}

/** Original short articles stored before any hostile input: they must come through every case unchanged. */
export const BASELINE = [
  'Quarry town votes on the new bridge\n\nResidents of Ellmoor voted on Sunday to build a footbridge over the Tarn river. Mayor Petra Holm said the vote ended a ten-year argument and that work would start in spring.\n\nThe council had proposed two designs. Engineer Ravi Osei said the cheaper one would carry 400 people at a time.',
  'Ferry strike ends after three days\n\nCrews of the Saltmere ferry returned to work on Thursday after the operator agreed to hire six more deckhands. Union official Greta Lund said the deal was "late but fair".',
  'Library reopens with longer hours\n\nThe Fenwick public library reopened on Monday after a roof repair and will stay open until nine in the evening. Librarian Tomas Reyes said 1,200 people had signed a petition for the later hours.',
];

interface Snapshot {
  article: string;
  raw: string;
  analysis: string;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function hasControl(s: string): boolean {
  return CONTROL.test(s);
}

export class FuzzHarness {
  private caseNo = 0;
  private served = new Map<string, { body: Buffer; contentType: string | null; gzip: boolean }>();
  private baseline = new Map<string, Snapshot>();
  /**
   * The analysis pipeline `analyzeStored` would build for itself on every call (the default analyzers and limits, as
   * `parallax analyze` without a config has them), built once: the CLI's analyze command also runs one pipeline over
   * all its articles.
   */
  private readonly pipeline: Pipeline = createConfiguredPipeline();

  private constructor(
    readonly opts: HarnessOptions,
    readonly workdir: string,
    private readonly ownsWorkdir: boolean,
    private store: Store,
    private readonly dbPath: string,
    private readonly config: ParallaxConfig,
    private readonly registry: OutletRegistry,
    private readonly detect: ((t: string) => { language: string; confidence: number }) | undefined,
    private readonly server: Server,
    private readonly port: number,
  ) {}

  static async open(opts: HarnessOptions): Promise<FuzzHarness> {
    const owns = !opts.workdir;
    const workdir = opts.workdir ?? mkdtempSync(path.join(tmpdir(), 'parallax-fuzz-'));
    mkdirSync(workdir, { recursive: true });
    // Targets of the symbolic links cases plant: outside the folder a case ingests.
    mkdirSync(path.join(workdir, 'outside'), { recursive: true });
    writeFileSync(path.join(workdir, 'outside', 'secret.txt'), 'Outside the ingested folder. Secretvalue planted here must never be ingested through a link.\n');
    const dbPath = path.join(workdir, 'fuzz.db');
    const store = await openStore(dbPath);
    const config = defaultConfig();
    const registry = loadOutletRegistry();
    const detector = opts.language ? await createLanguageDetector() : null;
    const served = new Map<string, { body: Buffer; contentType: string | null; gzip: boolean }>();
    const server = createServer((req, res) => {
      const s = served.get(req.url ?? '');
      if (!s) {
        res.writeHead(404).end();
        return;
      }
      const headers: Record<string, string> = {};
      if (s.contentType !== null) headers['content-type'] = s.contentType;
      if (s.gzip) headers['content-encoding'] = 'gzip';
      res.writeHead(200, headers).end(s.gzip ? gzipSync(s.body) : s.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const h = new FuzzHarness(opts, workdir, owns, store, dbPath, config, registry, detector ? (t) => detector.detect(t) : undefined, server, (server.address() as AddressInfo).port);
    h.served = served;
    await h.seedBaseline();
    return h;
  }

  private async seedBaseline(): Promise<void> {
    const dir = path.join(this.workdir, 'baseline');
    mkdirSync(dir, { recursive: true });
    BASELINE.forEach((t, i) => writeFileSync(path.join(dir, `base-${i}.txt`), t));
    const ids: string[] = [];
    await runIngest([dir], { store: this.store, clean: this.cleanContext(), events: { onArticle: (a) => ids.push(a.id) } });
    if (ids.length !== BASELINE.length) throw new Error(`fuzz baseline: ${ids.length} of ${BASELINE.length} articles stored`);
    await analyzeStored(this.store, { ids, workers: 0, pipeline: this.pipeline });
    for (const id of ids) this.baseline.set(id, await this.snapshot(id));
  }

  private cleanContext() {
    return { registry: this.registry, config: this.config, detectLanguage: this.detect };
  }

  /** What must not change: the article (less its republication link, which a later copy may legitimately set), its raw input and analysis. */
  private async snapshot(id: string): Promise<Snapshot> {
    const a = await this.store.getArticle(id);
    const raw = await this.store.getRaw(id);
    const an = await this.store.getAnalysis(id);
    const { republishedFrom: _r, republication: _p, ...rest } = (a ?? {}) as Article;
    return {
      article: JSON.stringify(a ? rest : null),
      raw: raw ? `${raw.source}|${raw.format}|${Buffer.from(raw.body).toString('base64')}|${JSON.stringify(raw.meta)}` : 'null',
      analysis: an ? `${an.textHash}|${JSON.stringify(an.versions)}|${JSON.stringify(an.analysis)}` : 'null',
    };
  }

  /** Compares the baseline articles with what was stored before any case ran. */
  async checkBaseline(): Promise<Violation[]> {
    const out: Violation[] = [];
    for (const [id, before] of this.baseline) {
      const now = await this.snapshot(id);
      for (const k of ['article', 'raw', 'analysis'] as const) {
        if (now[k] !== before[k]) out.push({ property: 'store-changed', detail: `baseline article ${id}: its ${k} changed (${before[k].slice(0, 80)} → ${now[k].slice(0, 80)})` });
      }
    }
    return out;
  }

  /** Closes and reopens the database, then checks the baseline again (what a later process would see). */
  async reopenAndCheck(): Promise<Violation[]> {
    await this.store.close();
    this.store = await openStore(this.dbPath);
    return this.checkBaseline();
  }

  async close(): Promise<void> {
    await this.store.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.ownsWorkdir) rmSync(this.workdir, { recursive: true, force: true });
  }

  /** Writes the case's files and links under a fresh folder; returns the inputs to ingest. */
  materialize(c: FuzzCase, dir: string): string[] {
    mkdirSync(dir, { recursive: true });
    for (const f of c.files) writeFileSync(path.join(dir, f.name), f.bytes);
    for (const l of c.links) {
      const target =
        l.target === 'outside-file' ? path.join(this.workdir, 'outside', 'secret.txt')
        : l.target === 'outside-dir' ? path.join(this.workdir, 'outside')
        : l.target === 'loop' ? dir
        : path.join(dir, 'does-not-exist');
      try {
        symlinkSync(target, path.join(dir, l.name));
      } catch {
        // A name the file system refuses: the case goes on without that link.
      }
    }
    if (c.served) {
      const url = `/case-${this.caseNo}/${c.served.pathName}`;
      this.served.clear();
      this.served.set(url, { body: Buffer.from(c.served.bytes), contentType: c.served.contentType, gzip: c.served.gzipEncoding });
      return [`http://127.0.0.1:${this.port}${url}`];
    }
    if (c.via === 'folder') return [dir];
    return [...c.files.map((f) => path.join(dir, f.name)), ...c.links.map((l) => path.join(dir, l.name))];
  }

  /** Runs one case. Never throws. */
  async runCase(c: FuzzCase, opts: { keepFiles?: boolean } = {}): Promise<CaseResult> {
    const n = this.caseNo++;
    const dir = path.join(this.workdir, `case-${n}`);
    const violations: Violation[] = [];
    const result: CaseResult = { family: c.family, ingestMs: 0, analyzeMs: 0, totalMs: 0, cpuMs: 0, totalCpuMs: 0, ingested: 0, failed: 0, skipped: 0, findings: 0, readBack: 0, baselineChecked: 0, violations };
    let inputs: string[];
    try {
      inputs = this.materialize(c, dir);
    } catch (e) {
      violations.push({ property: 'harness', detail: `could not write the case: ${(e as Error).message}` });
      return result;
    }
    const where = c.served ? inputs[0] : dir;
    const articles: Article[] = [];
    const failures: IngestFailure[] = [];
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let productCpu = 0;
    const cpuSince = (from: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(from);
      return (u.user + u.system) / 1000;
    };
    try {
      const summary = await runIngest(inputs, {
        store: this.store,
        clean: this.cleanContext(),
        maxBytes: this.opts.maxBytes,
        allowPrivate: true, // the case's own HTTP server is on 127.0.0.1
        fetchTimeoutMs: Math.max(2_000, this.opts.budgetMs),
        workers: 0,
        events: { onArticle: (a) => articles.push(a), onFailure: (f) => failures.push(f) },
      });
      result.ingested = summary.ingested;
      result.failed = summary.failed;
      result.skipped = summary.skipped;
    } catch (e) {
      violations.push({ property: 'ingest-threw', detail: `runIngest rejected: ${describe(e)}`, stack: (e as Error)?.stack });
    }
    productCpu += cpuSince(cpu0);
    const t1 = performance.now();
    result.ingestMs = t1 - t0;

    for (const f of failures) {
      const v = this.checkFailure(f, where);
      if (v) violations.push(v);
    }
    // A DTD feed has an <rss> root; a refusal must say what is wrong with it (the DTD), not that the root is missing.
    // Only the DTD feed's own failures count: another file of the case (a cut or spliced feed) may rightly be refused so.
    const dtdSources = dtdFeedSources(c, inputs, dir);
    const wrong = failures.find((f) => /not an RSS or Atom feed/.test(f.error) && dtdSources.some((s) => f.source === s || f.source.startsWith(`${s}#`)));
    if (wrong) violations.push({ property: 'wrong-reason', detail: `${wrong.source}: a feed with an internal DTD subset is refused as "${wrong.error.slice(wrong.error.indexOf('not an'), 200)}"` });
    if (violations.some((v) => v.property === 'raw-exception')) {
      // The ingest wraps a raw exception in a ParallaxError; find its stack for the report.
      const stack = await this.rawStack(inputs);
      if (stack) violations.find((v) => v.property === 'raw-exception')!.stack = stack;
    }

    // Stored as cleaned, byte for byte, and the promised words are there.
    for (const a of articles) {
      const stored = await this.store.getArticle(a.id).catch(() => null);
      if (!stored) violations.push({ property: 'store-lost', detail: `${a.source}: article ${a.id} was reported stored but cannot be read back` });
      else {
        let same = true;
        for (const k of ['text', 'title', 'byline', 'outlet', 'textHash'] as const) {
          const was = a[k] ?? '';
          const now = stored[k] ?? '';
          if (was !== now) {
            violations.push({ property: 'store-roundtrip', detail: `${a.source}: article ${a.id}: the stored ${k} reads back different from the cleaned one (${firstDifference(was, now)})` });
            same = false;
            break;
          }
        }
        if (same) result.readBack++;
      }
      if (!a.text.trim()) violations.push({ property: 'empty-article', detail: `${a.source}: stored with empty text` });
    }
    if (c.marker && !articles.some((a) => a.text.includes(c.marker!)) && !failures.some((f) => f.code === 'E_INPUT_TOO_LARGE')) {
      const skippedDup = result.skipped > 0 && !articles.length;
      if (!skippedDup) {
        const got = articles.length ? `first stored text starts "${articles[0].text.slice(0, 120).replace(/\n/g, '\\n')}"` : `nothing stored (${failures.map((f) => f.error).join('; ').slice(0, 200) || 'no failure reported'})`;
        violations.push({ property: 'text-lost', detail: `${where}: the word ${c.marker} of a well-formed input is missing: ${got}` });
      }
    }
    // Only links met while walking a folder: a link named on the command line is the user's explicit choice.
    if (c.secret && c.via === 'folder') {
      const leaked = articles.find((a) => a.text.includes('Secretvalue'));
      if (leaked) violations.push({ property: 'symlink-followed', detail: `${leaked.source}: a file outside the ingested folder was read through a symbolic link` });
    }

    // Analysis of what was stored: finishes (or a diagnostic says why not) and every span is honest.
    if (articles.length) {
      const ids = articles.map((a) => a.id);
      const cpu1 = process.cpuUsage();
      try {
        await analyzeStored(this.store, { ids, workers: 0, pipeline: this.pipeline });
      } catch (e) {
        violations.push({ property: 'analyze-threw', detail: `analyzeStored rejected for ${where}: ${describe(e)}`, stack: (e as Error)?.stack });
      }
      productCpu += cpuSince(cpu1);
      for (const a of articles) {
        const stored = await this.store.getAnalysis(a.id).catch(() => null);
        if (!stored) {
          violations.push({ property: 'analysis-missing', detail: `${a.source}: no analysis stored` });
          continue;
        }
        const analysis = stored.analysis as Analysis;
        result.findings += analysis.findings.length;
        // Spans index the text the analysis read: the stored article's.
        const article = (await this.store.getArticle(a.id).catch(() => null)) ?? a;
        violations.push(...checkAnalysis(analysis, article));
      }
    }
    const t2 = performance.now();
    result.analyzeMs = t2 - t1;
    result.totalMs = t2 - t0;
    result.cpuMs = productCpu;
    result.totalCpuMs = cpuSince(cpu0);
    if (result.cpuMs > this.opts.budgetMs) {
      violations.push({ property: 'over-budget', detail: `${where}: ${Math.round(result.cpuMs)} ms of CPU in ingest + analysis > budget ${this.opts.budgetMs} ms (${Math.round(result.totalCpuMs)} ms with the harness's checks; wall: ingest ${Math.round(result.ingestMs)} ms + analysis and checks ${Math.round(result.analyzeMs)} ms)` });
    }

    violations.push(...(await this.checkBaseline()));
    result.baselineChecked = this.baseline.size;

    if (this.opts.cli && !c.served && [...c.files, ...c.links].some((f) => hasControl(f.name))) {
      violations.push(...(await this.checkCliOutput(inputs, dir)));
    }
    if (!opts.keepFiles) rmSync(dir, { recursive: true, force: true });
    return result;
  }

  /** A failure must be one of the project's errors, naming the input, without a stack trace. */
  private checkFailure(f: IngestFailure, where: string): Violation | null {
    if (f.code === 'E_INTERNAL') return { property: 'internal-error', detail: `${f.source}: E_INTERNAL: ${f.error}` };
    if (/could not be cleaned: /.test(f.error)) return { property: 'raw-exception', detail: `${f.source}: ${f.error.slice(0, 300)}` };
    if (/\n\s+at .+:\d+:\d+/.test(f.error)) return { property: 'stack-trace', detail: `${f.source}: ${f.error.slice(0, 300)}` };
    if (!f.error.includes(where)) return { property: 'unnamed-input', detail: `${f.source}: message does not name the input: ${f.error.slice(0, 200)}` };
    return null;
  }

  /** Re-reads the inputs and cleans each article here to catch the raw exception the ingest wrapped. */
  private async rawStack(inputs: string[]): Promise<string | undefined> {
    for await (const r of readInputs(inputs, { maxBytes: this.opts.maxBytes, allowPrivate: true })) {
      if (r.kind !== 'article') continue;
      try {
        cleanArticle(r.raw, {}, this.cleanContext());
      } catch (e) {
        if (!isParallaxError(e)) return (e as Error)?.stack ?? String(e);
      }
    }
    return undefined;
  }

  /** What `parallax ingest` prints must not carry raw control characters from file names (forged lines, escapes). */
  private async checkCliOutput(inputs: string[], dir: string): Promise<Violation[]> {
    const io = captureIO(dir);
    const db = path.join(this.workdir, `cli-${this.caseNo}.db`);
    try {
      await cliMain(['ingest', ...inputs, '--db', db, '--no-language', '--workers', '0'], io);
    } catch (e) {
      return [{ property: 'cli-threw', detail: `parallax ingest threw: ${describe(e)}`, stack: (e as Error)?.stack }];
    } finally {
      rmSync(db, { force: true });
      rmSync(`${db}-wal`, { force: true });
      rmSync(`${db}-shm`, { force: true });
    }
    const out: Violation[] = [];
    for (const [name, text] of [['stdout', io.out()], ['stderr', io.err()]] as const) {
      const lines = text.split('\n');
      const bad = lines.find((l) => hasControl(l));
      if (bad !== undefined) out.push({ property: 'cli-control-chars', detail: `${name} prints a raw control character: ${JSON.stringify(bad.slice(0, 160))}` });
    }
    const forged = io.err().split('\n').filter((l) => l && !/^(error|warning) /.test(l));
    if (forged.length) out.push({ property: 'cli-forged-line', detail: `stderr line not written by the CLI: ${JSON.stringify(forged[0].slice(0, 160))}` });
    return out;
  }
}

/**
 * The sources (paths or the URL) under which a case's DTD feeds are read: a failure of another input of the same case
 * says nothing about how DTD feeds are refused.
 */
export function dtdFeedSources(c: FuzzCase, inputs: string[], dir: string): string[] {
  // Whole feeds only: a truncated or corrupted gzip of one may rightly lose its root element.
  const whole = /^(url\/)?(gzip\/whole\/)?feed\/dtd\b/;
  if (c.served) return whole.test(c.family) ? [inputs[0]] : [];
  return c.files.filter((f) => whole.test(f.family ?? '')).map((f) => path.join(dir, f.name));
}

/** Span invariants of one stored analysis: every span inside the text, every evidence the text it points at. */
export function checkAnalysis(analysis: Analysis, article: Pick<Article, 'text' | 'textHash' | 'source'>): Violation[] {
  const out: Violation[] = [];
  const text = article.text;
  if (analysis.textHash !== article.textHash) out.push({ property: 'analysis-hash', detail: `${article.source}: analysis textHash ${analysis.textHash} ≠ article ${article.textHash}` });
  for (const d of analysis.diagnostics) {
    if (d.code === 'analyzer-failed') out.push({ property: 'analyzer-threw', detail: `${article.source}: ${d.analyzer}: ${d.message.slice(0, 300)}` });
  }
  const bad = (f: Finding, what: string) => out.push({ property: 'span', detail: `${article.source}: finding ${f.id}: ${what}` });
  for (const f of analysis.findings) {
    if (!spanInside(text, f.span)) bad(f, `span ${JSON.stringify(f.span)} outside the text (length ${text.length})`);
    else if (f.evidence !== text.slice(f.span.start, f.span.end)) bad(f, `evidence ${JSON.stringify(f.evidence.slice(0, 60))} ≠ text.slice(span) ${JSON.stringify(text.slice(f.span.start, f.span.end).slice(0, 60))}`);
    for (const r of f.related ?? []) {
      if (!spanInside(text, r.span)) bad(f, `related ${r.role} span ${JSON.stringify(r.span)} outside the text`);
      else if (r.evidence !== undefined && r.evidence !== text.slice(r.span.start, r.span.end)) bad(f, `related ${r.role} evidence ≠ text.slice(span)`);
    }
    // Spans nested anywhere else in the finding (cues, words, parties) must lie inside the text too.
    for (const s of nestedSpans(f)) if (!spanInside(text, s)) bad(f, `nested span ${JSON.stringify(s)} outside the text`);
    if (out.length > 20) break;
  }
  return out;
}

function nestedSpans(f: Finding): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 8 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) out.push(o as { start: number; end: number });
    for (const [k, x] of Object.entries(o)) if (k !== 'span' || depth > 0) walk(x, depth + 1);
  };
  walk(f, 0);
  return out;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const show = (s: string) => JSON.stringify(s.slice(i, i + 12)).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `first difference at ${i} of ${a.length}/${b.length}: ${show(a)} vs ${show(b)}`;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * The address property: a URL whose host is, or embeds, a non-public IPv4 address is refused before any connection
 * (checkUrlHost, as fetchUrl calls it), and metadata addresses are refused even with allowPrivate. Public addresses
 * may pass or be refused (refusing too much is safe); the classifier never throws.
 */
export function checkAddressCase(c: AddressCase): Violation[] {
  let url: URL;
  try {
    url = new URL(c.url);
  } catch {
    return []; // the URL parser refuses it: never fetched
  }
  const mustBlock = c.cls === 'metadata' || (!c.allowPrivate && c.cls !== 'public');
  let refused: string | null = null;
  try {
    checkUrlHost(url, (a) => blockedReason(a, { allowPrivate: c.allowPrivate }), c.url);
  } catch (e) {
    if (isParallaxError(e) && e.code === 'E_FETCH_BLOCKED') refused = e.message;
    else return [{ property: 'address-threw', detail: `${c.url}: ${describe(e)}`, stack: (e as Error)?.stack }];
  }
  if (mustBlock && !refused) {
    return [{ property: 'address-passed', detail: `${c.url} (host ${url.hostname}, ${c.form} form of ${c.cls} ${c.v4}${c.allowPrivate ? ', --allow-private' : ''}) is not refused` }];
  }
  return [];
}

/** The classifiers answer every host string with a reason or null and never throw. */
export function checkHostJunk(host: string): Violation[] {
  try {
    const r = blockedReason(host);
    const r2 = blockedReason(host, { allowPrivate: true });
    const r3 = blockedHostname(host);
    for (const x of [r, r2, r3]) if (x !== null && typeof x !== 'string') return [{ property: 'address-threw', detail: `${JSON.stringify(host)}: answered ${typeof x}` }];
  } catch (e) {
    return [{ property: 'address-threw', detail: `${JSON.stringify(host)}: ${describe(e)}`, stack: (e as Error)?.stack }];
  }
  return [];
}
