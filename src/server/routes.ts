import { articleJson, NO_GROUP, outletColumn } from '../core/article.js';
import { Readable } from 'node:stream';
import type { Article, IngestOverrides } from '../core/article.js';
import { ParallaxError } from '../core/errors.js';
import { analyzeStored, type AnalyzeSummary } from '../services/analyze.js';
import { runIngest, type IngestFailure, type IngestSkip, type IngestSummary } from '../ingest/run.js';
import { checkUrlHost } from '../ingest/fetch.js';
import { blockedReason } from '../ingest/address.js';
import type { ArticleSummary, Store } from '../storage/store.js';
import type { ViewService } from './engine.js';
import type { Job, JobQueue, JobReport } from './jobs.js';
import { BY_PARAM, corpusFilter, FILTER_PARAMS, QUOTES_PARAM, type ParamSpec, type ParamValues } from './params.js';
import type { ParallaxConfig } from '../core/config.js';
import type { CleanContext } from '../clean/index.js';

/** What the routes need: the store, the cached corpus, the job queue and how to ingest. */
export interface ApiDeps {
  store: Store;
  /** The heavy operations (src/server/views.ts): limited, single-flight, off the event loop when possible. */
  views: ViewService;
  jobs: JobQueue;
  /** Cleaning context for ingest (outlet registry, config, language detector). */
  clean: () => Promise<CleanContext>;
  config: ParallaxConfig;
  allowPrivate: boolean;
  /** Largest uploaded body in bytes (also the per-input limit of an ingest). */
  maxUploadBytes: number;
  fetchTimeoutMs: number;
  version: string;
  openapi: () => unknown;
  schema: () => unknown;
}

export interface RouteContext {
  deps: ApiDeps;
  params: ParamValues;
  /** The raw body, for POST routes. */
  body: () => Promise<Uint8Array>;
  json: () => Promise<unknown>;
  contentType: string | null;
}

/** An answer already serialised as JSON (by a view engine, possibly in a worker thread). */
export class RawJson {
  constructor(readonly bytes: Buffer) {}
}

/** A handler's answer: plain data (sent as JSON, status 200), RawJson, or a status with data and headers. */
export type RouteResult = unknown | { $status: number; $body: unknown; $headers?: Record<string, string> };

export interface RouteDef {
  method: 'get' | 'post';
  /** OpenAPI form: /api/articles/{id}. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  params: ParamSpec[];
  /** Request body: content types and a schema (for the OpenAPI document). */
  body?: { description: string; content: Record<string, { schema: unknown }>; required?: boolean };
  response: { status: number; description: string; schema: unknown };
  handler(ctx: RouteContext): Promise<RouteResult>;
}

const ref = (name: string) => ({ $ref: `schema.json#/$defs/${name}` });
const obj = (description: string, properties: Record<string, unknown> = {}, required: string[] = []) => ({ type: 'object', description, properties, ...(required.length ? { required } : {}) });
const arr = (items: unknown, description?: string) => ({ type: 'array', items, ...(description ? { description } : {}) });
const ID_PARAM: ParamSpec = { name: 'id', in: 'path', type: 'string', required: true, description: 'article id (16 hex characters) or a unique prefix of it' };
const LIMIT = (def: number, description = 'at most n rows (0 for all)'): ParamSpec => ({ name: 'limit', in: 'query', type: 'integer', minimum: 0, maximum: 100000, default: def, description });
/** Paging through a view's rows: skip this many (the answer's `total` counts them all). */
const OFFSET: ParamSpec = { name: 'offset', in: 'query', type: 'integer', minimum: 0, default: 0, description: "skip this many rows (page with limit; the answer's total counts every row)" };
const accepted = (job: Job) => ({ $status: 202, $body: { job }, $headers: { location: `/api/jobs/${job.id}` } });

const JOB_SCHEMA = obj('A long operation (ingest, analyse); poll GET /api/jobs/{id} until state is done or failed.', {
  id: { type: 'string' },
  kind: { enum: ['ingest', 'analyze'] },
  state: { enum: ['queued', 'running', 'done', 'failed'] },
  progress: obj('', { phase: { type: 'string' }, done: { type: 'integer' }, total: { type: ['integer', 'null'] } }),
  result: { description: 'the summary when done (ingest: ingested articles, skipped, failed, analyse summary)' },
  error: { type: ['object', 'null'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
  createdAt: { type: 'string' },
  startedAt: { type: ['string', 'null'] },
  finishedAt: { type: ['string', 'null'] },
}, ['id', 'kind', 'state', 'progress']);

const SUMMARY_SCHEMA = obj('One row of the corpus table (as "parallax list --json")', {
  id: { type: 'string' },
  outlet: { type: ['string', 'null'] },
  group: { type: ['string', 'null'] },
  published: { type: ['string', 'null'] },
  language: { type: ['string', 'null'] },
  wordCount: { type: 'integer' },
  title: { type: ['string', 'null'] },
  republishedFrom: { type: ['string', 'null'] },
  source: { type: 'string' },
});

const VIEW_SCHEMA = (what: string, key: string, cli: string) =>
  obj(`${what} — the same JSON as "parallax ${cli} --json" (docs/schema.md)`, { by: { enum: ['outlet', 'group'] }, [key]: { type: 'array' }, unanalysed: { type: 'integer' } }, [key]);

async function article(deps: ApiDeps, id: string): Promise<Article> {
  const a = await deps.store.getArticle(id);
  if (!a) throw new ParallaxError('E_NOT_FOUND', `no article with id "${id}"`, { input: id });
  return a;
}

/** Article ids a filter keeps, from the store's table (covers articles that are not analysed yet). */
async function filteredSummaries(deps: ApiDeps, v: ParamValues): Promise<ArticleSummary[]> {
  const f = corpusFilter(v, true);
  let rows = await deps.store.listArticles({ language: f.language });
  if (f.outlet) rows = rows.filter((r) => f.outlet!.includes(outletColumn(r)));
  if (f.group) rows = rows.filter((r) => f.group!.includes(r.group ?? NO_GROUP));
  if (f.from) rows = rows.filter((r) => r.published && r.published >= f.from!);
  if (f.to) rows = rows.filter((r) => r.published && r.published <= `${f.to}\uffff`);
  if (f.story || f.actor) {
    const keep = new Set(await deps.views.json<string[]>('filteredIds', { story: f.story, actor: f.actor }));
    rows = rows.filter((r) => keep.has(r.id));
  }
  return rows;
}

interface IngestResult {
  ingest: IngestSummary;
  ingested: Array<Pick<Article, 'id' | 'title' | 'outlet' | 'group' | 'published'>>;
  skipped: IngestSkip[];
  failed: Array<Pick<IngestFailure, 'source' | 'error' | 'code'>>;
  analyze: AnalyzeSummary | null;
}

async function ingestJob(deps: ApiDeps, inputs: string[], stdin: NodeJS.ReadableStream | undefined, overrides: IngestOverrides, analyze: boolean, report: JobReport): Promise<IngestResult> {
  const out: IngestResult = { ingest: { ingested: 0, skipped: 0, failed: 0, republications: 0 }, ingested: [], skipped: [], failed: [], analyze: null };
  report({ phase: 'ingesting', done: 0, total: inputs.length === 1 ? null : inputs.length });
  out.ingest = await runIngest(inputs, {
    store: deps.store,
    clean: await deps.clean(),
    overrides,
    allowPrivate: deps.allowPrivate,
    stdin,
    maxBytes: deps.maxUploadBytes,
    fetchTimeoutMs: deps.fetchTimeoutMs,
    workers: 0,
    events: {
      onArticle: (a) => out.ingested.push({ id: a.id, title: a.title, outlet: a.outlet, group: a.group, published: a.published }),
      onSkip: (k) => out.skipped.push(k),
      onFailure: (f) => out.failed.push({ source: f.source, error: f.error, code: f.code }),
      onProgress: (n) => report({ done: n }),
    },
  });
  deps.views.invalidate();
  if (!out.ingested.length && !out.skipped.length && out.failed.length) {
    const f = out.failed[0];
    throw new ParallaxError(f.code as ParallaxError['code'], f.error, { input: f.source });
  }
  if (analyze && out.ingested.length) {
    report({ phase: 'analysing', done: 0, total: out.ingested.length });
    out.analyze = await analyzeStored(deps.store, { ids: out.ingested.map((a) => a.id), config: deps.config, workers: 0, onProgress: (d, t) => report({ done: d, total: t }) });
    deps.views.invalidate();
  }
  report({ phase: 'done' });
  return out;
}

function overridesFrom(v: Record<string, unknown>): IngestOverrides {
  const o: IngestOverrides = {};
  for (const k of ['outlet', 'group', 'published', 'url'] as const) {
    const x = v[k];
    if (x === undefined || x === null || x === '') continue;
    if (typeof x !== 'string' || x.length > 2000) throw new ParallaxError('E_USAGE', `"${k}" must be a string`, { input: k });
    o[k] = x;
  }
  return o;
}

const INGEST_OVERRIDE_PARAMS: ParamSpec[] = [
  { name: 'outlet', in: 'query', type: 'string', description: 'outlet of the uploaded article(s) (overrides detection)' },
  { name: 'group', in: 'query', type: 'string', description: 'perspective group of the uploaded article(s)' },
  { name: 'published', in: 'query', type: 'string', description: 'publication date of the uploaded article(s)' },
  { name: 'url', in: 'query', type: 'string', description: 'URL to record for the uploaded article(s)' },
  { name: 'analyze', in: 'query', type: 'boolean', default: true, description: 'analyse the new articles after ingesting them (default true)' },
];

export function apiRoutes(): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/api/health',
      operationId: 'health',
      tag: 'meta',
      summary: 'Server status and corpus size',
      params: [],
      response: { status: 200, description: 'ok', schema: obj('status', { ok: { type: 'boolean' }, version: { type: 'string' }, articles: { type: 'integer' }, analysed: { type: 'integer' }, unanalysed: { type: 'integer' } }) },
      async handler({ deps }) {
        const h = await deps.views.json<Record<string, unknown>>('health', {});
        return { ok: true, version: deps.version, ...h };
      },
    },
    {
      method: 'get',
      path: '/api/openapi.json',
      operationId: 'openapi',
      tag: 'meta',
      summary: 'This API described as OpenAPI 3.1 (also in docs/openapi.json)',
      params: [],
      response: { status: 200, description: 'the OpenAPI document', schema: { type: 'object' } },
      async handler({ deps }) {
        return deps.openapi();
      },
    },
    {
      method: 'get',
      path: '/api/schema.json',
      operationId: 'schema',
      tag: 'meta',
      summary: 'The JSON Schema of articles, analyses and findings (docs/schema.json), referenced by the OpenAPI document',
      params: [],
      response: { status: 200, description: 'JSON Schema 2020-12', schema: { type: 'object' } },
      async handler({ deps }) {
        return deps.schema();
      },
    },
    {
      method: 'get',
      path: '/api/facets',
      operationId: 'facets',
      tag: 'corpus',
      summary: 'What the filters can take: outlets, groups, stories, actors, dates and languages of the whole corpus',
      params: [],
      response: {
        status: 200,
        description: 'facets of the unfiltered corpus',
        schema: obj('facets', {
          outlets: arr(obj('', { name: { type: 'string' }, group: { type: ['string', 'null'] }, articles: { type: 'integer' } })),
          groups: arr(obj('', { name: { type: 'string' }, articles: { type: 'integer' }, outlets: arr({ type: 'string' }) })),
          stories: arr(obj('', { id: { type: 'string' }, title: { type: ['string', 'null'] }, articles: { type: 'integer' }, first: { type: ['string', 'null'] }, last: { type: ['string', 'null'] } })),
          actors: arr(obj('', { id: { type: 'string' }, canonical: { type: 'string' }, kind: { type: 'string' }, mentions: { type: 'integer' }, articles: { type: 'integer' } })),
          dates: obj('', { first: { type: ['string', 'null'] }, last: { type: ['string', 'null'] } }),
          languages: arr({ type: 'string' }),
          articles: { type: 'integer' },
          analysed: { type: 'integer' },
          unanalysed: { type: 'integer' },
        }),
      },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('facets', v));
      },
    },
    {
      method: 'get',
      path: '/api/corpus',
      operationId: 'corpusOverview',
      tag: 'corpus',
      summary: 'Overview of the (filtered) corpus: counts, outlets, groups, stories, most contrasting actors, republications',
      description: 'The head of the Comparison (GET /api/compare) without its large arrays, plus the most mentioned actors.',
      params: [...FILTER_PARAMS, BY_PARAM('auto'), QUOTES_PARAM],
      response: {
        status: 200,
        description: 'overview',
        schema: obj('overview', {
          counts: { type: 'object' },
          outlets: { type: 'array' },
          groups: { type: 'array' },
          stories: { type: 'array' },
          contrasts: { type: 'array' },
          republications: { type: 'array' },
          articles: { type: 'array' },
          actors: { type: 'array' },
          claims: obj('claims per status', { corroborated: { type: 'integer' }, 'single-source': { type: 'integer' }, contested: { type: 'integer' } }),
          unanalysed: { type: 'integer' },
        }),
      },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('corpusOverview', v));
      },
    },
    {
      method: 'get',
      path: '/api/articles',
      operationId: 'listArticles',
      tag: 'articles',
      summary: 'The corpus table (as "parallax list --json"), filtered; X-Total-Count gives the number before limit/offset',
      params: [...FILTER_PARAMS, LIMIT(100), { name: 'offset', in: 'query', type: 'integer', minimum: 0, default: 0, description: 'skip this many rows' }],
      response: { status: 200, description: 'article summaries', schema: arr(SUMMARY_SCHEMA) },
      async handler({ deps, params: v }) {
        const rows = await filteredSummaries(deps, v);
        const offset = Number(v.offset ?? 0);
        const limit = Number(v.limit ?? 0);
        return { $status: 200, $body: rows.slice(offset, limit ? offset + limit : undefined), $headers: { 'x-total-count': String(rows.length) } };
      },
    },
    {
      method: 'post',
      path: '/api/articles',
      operationId: 'uploadArticles',
      tag: 'articles',
      summary: 'Upload article content (plain text, HTML, JSON, JSON Lines or a feed) and ingest it as a job',
      description: 'The body is read like "parallax ingest -" reads stdin: the format is sniffed from the content. Returns 202 with a job to poll.',
      params: INGEST_OVERRIDE_PARAMS,
      body: {
        description: 'the article content',
        required: true,
        content: {
          'text/plain': { schema: { type: 'string' } },
          'text/html': { schema: { type: 'string' } },
          'application/json': { schema: obj('an article object {text, title, outlet, byline, published, url} or an array of them') },
          'application/x-ndjson': { schema: { type: 'string' } },
          'application/rss+xml': { schema: { type: 'string' } },
        },
      },
      response: { status: 202, description: 'ingest job queued', schema: obj('', { job: JOB_SCHEMA }) },
      async handler({ deps, params: v, body }) {
        const bytes = await body();
        if (!bytes.length) throw new ParallaxError('E_INPUT_EMPTY', 'the request body is empty', { input: 'body' });
        const overrides = overridesFrom(v);
        const job = deps.jobs.submit('ingest', (report) => ingestJob(deps, ['-'], Readable.from([Buffer.from(bytes)]), overrides, v.analyze !== false, report));
        return accepted(job);
      },
    },
    {
      method: 'post',
      path: '/api/ingest',
      operationId: 'ingestUrls',
      tag: 'articles',
      summary: 'Fetch articles or feeds by URL and ingest them as a job (private, loopback and metadata addresses are refused)',
      params: [],
      body: {
        description: 'URLs and overrides',
        required: true,
        content: {
          'application/json': {
            schema: obj('', {
              urls: arr({ type: 'string', format: 'uri' }, 'http(s) URLs of articles or feeds'),
              outlet: { type: 'string' },
              group: { type: 'string' },
              published: { type: 'string' },
              analyze: { type: 'boolean', default: true },
            }, ['urls']),
          },
        },
      },
      response: { status: 202, description: 'ingest job queued', schema: obj('', { job: JOB_SCHEMA }) },
      async handler({ deps, json }) {
        const b = (await json()) as Record<string, unknown>;
        const urls = b.urls;
        if (!Array.isArray(urls) || !urls.length || urls.length > 100 || !urls.every((u) => typeof u === 'string')) {
          throw new ParallaxError('E_USAGE', '"urls" must be an array of 1 to 100 URL strings', { input: 'urls' });
        }
        for (const u of urls as string[]) {
          let url: URL;
          try {
            url = new URL(u);
          } catch {
            throw new ParallaxError('E_USAGE', `not a URL: "${u.slice(0, 200)}"`, { input: u });
          }
          // Literal addresses and metadata names are refused before anything is queued; names that resolve to a
          // private address are refused at connect time by the same guard the CLI uses.
          checkUrlHost(url, (a) => blockedReason(a, { allowPrivate: deps.allowPrivate }), u);
        }
        if (b.analyze !== undefined && typeof b.analyze !== 'boolean') throw new ParallaxError('E_USAGE', '"analyze" must be true or false', { input: 'analyze' });
        const overrides = overridesFrom(b);
        const job = deps.jobs.submit('ingest', (report) => ingestJob(deps, urls as string[], undefined, overrides, b.analyze !== false, report));
        return accepted(job);
      },
    },
    {
      method: 'get',
      path: '/api/articles/{id}',
      operationId: 'getArticle',
      tag: 'articles',
      summary: 'One article with its clean text and metadata (as "parallax show --json")',
      params: [ID_PARAM],
      response: { status: 200, description: 'the article', schema: ref('Article') },
      async handler({ deps, params: v }) {
        return articleJson(await article(deps, String(v.id)));
      },
    },
    {
      method: 'get',
      path: '/api/articles/{id}/analysis',
      operationId: 'getAnalysis',
      tag: 'articles',
      summary: "The article's current Analysis (findings with corpus actor ids, diagnostics, versions, timings)",
      params: [ID_PARAM],
      response: { status: 200, description: 'the analysis', schema: ref('Analysis') },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('getAnalysis', v));
      },
    },
    {
      method: 'get',
      path: '/api/articles/{id}/findings',
      operationId: 'getFindings',
      tag: 'articles',
      summary: "The article's findings, optionally by kind and voice",
      params: [
        ID_PARAM,
        { name: 'kind', in: 'query', type: 'string', multi: true, description: 'only these finding kinds (label, stance, technique, quote, claim, figure, event, relation, actor-mention, bias-sentence)' },
        { name: 'voice', in: 'query', type: 'string', enum: ['all', 'outlet', 'quoted'], default: 'all', description: "the outlet's own words, quoted words, or all" },
      ],
      response: { status: 200, description: 'findings', schema: obj('', { articleId: { type: 'string' }, findings: arr(ref('Finding')) }, ['articleId', 'findings']) },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('getFindings', v));
      },
    },
    {
      method: 'post',
      path: '/api/analyze',
      operationId: 'analyze',
      tag: 'articles',
      summary: 'Analyse stored articles that have no current analysis (as "parallax analyze"), as a job',
      params: [],
      body: { description: 'options', content: { 'application/json': { schema: obj('', { force: { type: 'boolean', description: 're-run every article' }, ids: arr({ type: 'string' }, 'only these article ids') }) } } },
      response: { status: 202, description: 'analyse job queued', schema: obj('', { job: JOB_SCHEMA }) },
      async handler({ deps, json, body }) {
        const raw = await body();
        const b = (raw.length ? await json() : {}) as Record<string, unknown>;
        if (b.force !== undefined && typeof b.force !== 'boolean') throw new ParallaxError('E_USAGE', '"force" must be true or false', { input: 'force' });
        if (b.ids !== undefined && (!Array.isArray(b.ids) || !b.ids.every((x) => typeof x === 'string'))) throw new ParallaxError('E_USAGE', '"ids" must be an array of article ids', { input: 'ids' });
        const job = deps.jobs.submit('analyze', async (report) => {
          report({ phase: 'analysing', done: 0, total: (b.ids as string[] | undefined)?.length ?? (await deps.store.countArticles()) });
          const summary = await analyzeStored(deps.store, { force: Boolean(b.force), ids: b.ids as string[] | undefined, config: deps.config, onProgress: (d, t) => report({ done: d, total: t }) });
          deps.views.invalidate();
          report({ phase: 'done' });
          return summary;
        });
        return accepted(job);
      },
    },
    {
      method: 'get',
      path: '/api/jobs',
      operationId: 'listJobs',
      tag: 'jobs',
      summary: 'Recent jobs, newest first',
      params: [],
      response: { status: 200, description: 'jobs', schema: arr(JOB_SCHEMA) },
      async handler({ deps }) {
        return deps.jobs.list();
      },
    },
    {
      method: 'get',
      path: '/api/jobs/{id}',
      operationId: 'getJob',
      tag: 'jobs',
      summary: "A job's state and progress",
      params: [{ name: 'id', in: 'path', type: 'string', required: true, description: 'job id' }],
      response: { status: 200, description: 'the job', schema: JOB_SCHEMA },
      async handler({ deps, params: v }) {
        const job = deps.jobs.get(String(v.id));
        if (!job) throw new ParallaxError('E_NOT_FOUND', `no job "${v.id}"`, { input: String(v.id) });
        return job;
      },
    },
    {
      method: 'get',
      path: '/api/actors',
      operationId: 'actors',
      tag: 'views',
      summary: 'Actors with kind, mention counts and the outlets that mention them (as "parallax actors --json")',
      params: [...FILTER_PARAMS, { name: 'kind', in: 'query', type: 'string', enum: ['person', 'state', 'organisation', 'place'], description: 'only this kind' }, LIMIT(50), OFFSET],
      response: { status: 200, description: 'actors', schema: obj('as "parallax actors --json"', { actors: { type: 'array' }, unanalysed: { type: 'integer' }, total: { type: 'integer' } }, ['actors']) },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('actors', v));
      },
    },
    {
      method: 'get',
      path: '/api/labels',
      operationId: 'labels',
      tag: 'views',
      summary: 'The label matrix: what each column calls each actor, most contrasting first (as "parallax labels --json")',
      params: [...FILTER_PARAMS, BY_PARAM('outlet'), QUOTES_PARAM, { name: 'minSupport', in: 'query', type: 'integer', minimum: 1, default: 2, description: 'labels a column needs to count in the contrast' }, LIMIT(15, 'at most n actors (0 for all)'), OFFSET],
      response: { status: 200, description: 'label matrix', schema: VIEW_SCHEMA('Label matrix', 'actors', 'labels') },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('labels', v));
      },
    },
    {
      method: 'get',
      path: '/api/stance',
      operationId: 'stance',
      tag: 'views',
      summary: 'The stance matrix: score, interval and evidence of each column toward each actor (as "parallax stance --json")',
      params: [...FILTER_PARAMS, BY_PARAM('outlet'), QUOTES_PARAM, { name: 'prior', in: 'query', type: 'integer', minimum: 0, default: 3, description: 'neutral pseudo-sentences each cell is shrunk toward' }, { name: 'evidence', in: 'query', type: 'integer', minimum: 0, maximum: 10000, default: 3, description: 'evidence sentences kept per cell, strongest first' }, LIMIT(15, 'at most n actors (0 for all)'), OFFSET],
      response: { status: 200, description: 'stance matrix', schema: VIEW_SCHEMA('Stance matrix', 'actors', 'stance') },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('stance', v));
      },
    },
    {
      method: 'get',
      path: '/api/techniques',
      operationId: 'techniques',
      tag: 'views',
      summary: 'Propaganda techniques per 1,000 words per column, with targets and evidence (as "parallax techniques --json")',
      description: 'With actor, only technique findings aimed at that actor count.',
      params: [
        ...FILTER_PARAMS,
        BY_PARAM('outlet'),
        QUOTES_PARAM,
        { name: 'minConfidence', in: 'query', type: 'number', minimum: 0, maximum: 1, default: 0, description: 'ignore findings below this confidence' },
        { name: 'weakTargets', in: 'query', type: 'boolean', default: false, description: 'also count actors linked only by sharing the sentence' },
      ],
      response: { status: 200, description: 'technique columns', schema: VIEW_SCHEMA('Techniques', 'columns', 'techniques') },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('techniques', v));
      },
    },
    {
      method: 'get',
      path: '/api/quotes',
      operationId: 'quotes',
      tag: 'views',
      summary: 'Who each column quotes, how, and with which verbs (as "parallax quotes --json")',
      params: [...FILTER_PARAMS, BY_PARAM('outlet'), { name: 'unresolved', in: 'query', type: 'boolean', default: false, description: 'also list speakers not resolved to an actor' }, LIMIT(15, 'at most n speakers (0 for all)'), OFFSET],
      response: { status: 200, description: 'quote matrix', schema: VIEW_SCHEMA('Quotes', 'speakers', 'quotes') },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('quotes', v));
      },
    },
    {
      method: 'get',
      path: '/api/claims',
      operationId: 'claims',
      tag: 'views',
      summary: 'Claims (corroborated, single-source, contested), contradictions and omissions, from compare()',
      params: [
        ...FILTER_PARAMS,
        BY_PARAM('auto'),
        QUOTES_PARAM,
        { name: 'status', in: 'query', type: 'string', multi: true, enum: ['corroborated', 'single-source', 'contested'], description: 'only claims with these statuses' },
        { name: 'minOmissionSupport', in: 'query', type: 'integer', minimum: 1, description: 'independent origins other columns need for an omission (default 2)' },
      ],
      response: { status: 200, description: 'claims', schema: obj('the claims part of the Comparison', { counts: { type: 'object' }, claims: { type: 'array' }, contradictions: { type: 'array' }, omissions: { type: 'array' } }) },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('claims', v));
      },
    },
    {
      method: 'get',
      path: '/api/timeline',
      operationId: 'timeline',
      tag: 'views',
      summary: 'Events on one timeline, merged across articles, with the columns that report each (as "parallax timeline --json")',
      params: [...FILTER_PARAMS, BY_PARAM('outlet'), QUOTES_PARAM, { name: 'type', in: 'query', type: 'string', description: 'only this event type (visit, meeting, agreement, attack, vote, …)' }],
      response: { status: 200, description: 'timeline', schema: VIEW_SCHEMA('Timeline', 'events', 'timeline') },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('timeline', v));
      },
    },
    {
      method: 'get',
      path: '/api/graph',
      operationId: 'graph',
      tag: 'views',
      summary: 'The relation graph: actors as nodes, typed relations as edges weighted per column, with evidence (as "parallax graph --json")',
      description: 'With actor, only the edges touching that actor.',
      params: [
        ...FILTER_PARAMS,
        BY_PARAM('outlet'),
        QUOTES_PARAM,
        { name: 'level', in: 'query', type: 'string', enum: ['actor', 'state'], default: 'actor', description: 'actor, or fold people and organisations into their state' },
        { name: 'excludeNegated', in: 'query', type: 'boolean', default: false, description: 'leave out negated relations' },
        { name: 'minConfidence', in: 'query', type: 'number', minimum: 0, maximum: 1, default: 0, description: 'drop relations below this confidence' },
      ],
      response: { status: 200, description: 'graph', schema: obj('RelationGraph (docs/graph.md)', { by: { type: 'string' }, columns: arr({ type: 'string' }), nodes: { type: 'array' }, edges: { type: 'array' } }, ['nodes', 'edges']) },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('graph', v));
      },
    },
    {
      method: 'get',
      path: '/api/compare',
      operationId: 'compare',
      tag: 'views',
      summary: 'The whole Comparison of the (filtered) corpus (as "parallax compare --json")',
      params: [
        ...FILTER_PARAMS.filter((p) => p.name !== 'actor'),
        BY_PARAM('auto'),
        QUOTES_PARAM,
        { name: 'minSupport', in: 'query', type: 'integer', minimum: 1, description: 'findings a column needs for an actor to take part in a contrast' },
        { name: 'minOmissionSupport', in: 'query', type: 'integer', minimum: 1, description: 'independent origins other columns need for an omission (default 2)' },
      ],
      response: { status: 200, description: 'Comparison (docs/schema.md#comparison)', schema: obj('Comparison', { schemaVersion: { type: 'string' }, by: { type: 'string' }, counts: { type: 'object' } }, ['schemaVersion', 'by', 'counts']) },
      async handler({ deps, params: v }) {
        return new RawJson(await deps.views.run('compare', v));
      },
    },
    {
      method: 'get',
      path: '/api/search',
      operationId: 'search',
      tag: 'articles',
      summary: 'Full-text search over titles and texts (as "parallax search --json"); matched terms are [bracketed] in the snippet',
      params: [{ name: 'q', in: 'query', type: 'string', required: true, description: 'words or "quoted phrases"' }, ...FILTER_PARAMS, { name: 'limit', in: 'query', type: 'integer', minimum: 1, maximum: 500, default: 20, description: 'at most n hits' }],
      response: {
        status: 200,
        description: 'hits, best first',
        schema: arr(obj('', { id: { type: 'string' }, title: { type: ['string', 'null'] }, outlet: { type: ['string', 'null'] }, snippet: { type: 'string' }, rank: { type: 'number' } })),
      },
      async handler({ deps, params: v }) {
        const filtered = Object.keys(corpusFilter(v, true)).length > 0;
        const limit = Number(v.limit);
        let hits = await deps.store.search(String(v.q), filtered ? Math.max(limit * 5, 200) : limit);
        if (filtered) {
          const keep = new Set((await filteredSummaries(deps, v)).map((r) => r.id));
          hits = hits.filter((h) => keep.has(h.id)).slice(0, limit);
        }
        return hits;
      },
    },
  ];
}
