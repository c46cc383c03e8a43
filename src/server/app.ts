import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { loadOutletRegistry } from '../clean/outlets.js';
import type { CleanContext } from '../clean/index.js';
import { createLanguageDetector } from '../clean/language.js';
import { loadConfig, type ParallaxConfig } from '../core/config.js';
import { ParallaxError } from '../core/errors.js';
import type { Store } from '../storage/store.js';
import { isLoopbackHost, presentedToken, tokenMatches, TOKEN_COOKIE } from './auth.js';
import { createViewEngine, ViewService, type ViewEngine } from './engine.js';
import { errorResponse, HttpError } from './errors.js';
import { JobQueue } from './jobs.js';
import { buildOpenApi } from './openapi.js';
import { readParams } from './params.js';
import { packageRoot, packageVersion } from './paths.js';
import { apiRoutes, RawJson, type ApiDeps, type RouteDef } from './routes.js';

export interface AppOptions {
  store: Store;
  /** When set, every request must present it (Authorization: Bearer, X-Parallax-Token, or the UI's cookie). */
  token?: string | null;
  /**
   * Refuse requests whose Host header is not a loopback name (a DNS-rebinding page could otherwise reach a
   * server bound to 127.0.0.1). Default: on when there is no token.
   */
  loopbackOnly?: boolean;
  /** The config (groups, outlets, actors) used by ingest and analyse jobs. Default: ./parallax.config.json if present. */
  config?: ParallaxConfig;
  /** Allow ingest by URL from private, loopback and link-local addresses (metadata endpoints stay refused). */
  allowPrivate?: boolean;
  /** Largest request body of an upload, in bytes (default 10 MB); JSON bodies are limited to 1 MB. */
  maxUploadBytes?: number;
  /** A request (not a job) that takes longer fails with E_TIMEOUT (default 30 s). */
  requestTimeoutMs?: number;
  /** Whole-fetch deadline of an ingest by URL (default 20 s). */
  fetchTimeoutMs?: number;
  /** Directory of the built web UI (default dist/web of the package); null serves the API only. */
  webRoot?: string | null;
  /** Check at least this often whether the store changed under the cached corpus view (default 60 s). */
  corpusMaxAgeMs?: number;
  /** Heavy computations (views, compare, facets, analyses) running at once (default 2). */
  maxHeavy?: number;
  /** Heavy requests allowed to wait for a slot (default 32); beyond it 503 E_BUSY with Retry-After. */
  heavyQueue?: number;
  /** Drop the cached corpus view (and stop its worker) after this long without heavy requests (default 60 s; 0 never). */
  cacheIdleMs?: number;
  /** Where heavy work runs: a worker thread when the store is a SQLite file ('auto', default), or this thread ('inline'). */
  viewEngine?: 'auto' | 'worker' | 'inline' | ViewEngine;
  /** Ingest and analyse jobs allowed to wait (default 16); beyond it 503 E_BUSY with Retry-After. */
  maxQueuedJobs?: number;
  /** Language identification for ingest (default true; tests turn it off for speed). */
  detectLanguage?: boolean;
}

export interface ParallaxApp {
  app: Hono;
  jobs: JobQueue;
  views: ViewService;
  routes: RouteDef[];
  /** Stops the view worker and timers (startServer's close calls it). */
  close(): Promise<void>;
  openapi: Record<string, unknown>;
}

const MB = 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * No inline script can run in the UI even if some text were ever parsed as HTML: scripts only from this origin.
 * Inline styles stay allowed (the graph library sets them).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const toRegex = (path: string) => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);

function sendError(c: Context, e: unknown): Response {
  const { status, body, headers } = errorResponse(e);
  for (const [k, v] of Object.entries(headers ?? {})) c.header(k, v);
  return c.json(body, status as ContentfulStatusCode);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError('E_TIMEOUT', `the request took longer than ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}; the server finishes the work and keeps the answer for a while, so retry later`)),
      ms,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * The HTTP API and the web UI as a Hono app: no analysis logic of its own, only parameters in, the shared
 * services (src/services) and compare() in between, JSON out. Test it with `app.request()`; serve it with
 * startServer (src/server/serve.ts).
 */
export function createApp(opts: AppOptions): ParallaxApp {
  const token = opts.token || null;
  const loopbackOnly = opts.loopbackOnly ?? !token;
  const config = opts.config ?? loadConfig(undefined, process.cwd());
  const maxUpload = opts.maxUploadBytes ?? 10 * MB;
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  const web = opts.webRoot === undefined ? join(packageRoot(), 'dist', 'web') : opts.webRoot;
  const version = packageVersion();
  const routes = apiRoutes();
  const openapi = buildOpenApi(routes, version);
  const engine = typeof opts.viewEngine === 'object' ? opts.viewEngine : createViewEngine(opts.store, { maxAgeMs: opts.corpusMaxAgeMs }, opts.viewEngine);
  const views = new ViewService(engine, { concurrency: opts.maxHeavy, queue: opts.heavyQueue, maxWaitMs: timeoutMs, idleMs: opts.cacheIdleMs, answerTtlMs: opts.corpusMaxAgeMs });
  const jobs = new JobQueue(100, opts.maxQueuedJobs);
  let schema: unknown = null;
  let clean: Promise<CleanContext> | null = null;

  const deps: ApiDeps = {
    store: opts.store,
    views,
    jobs,
    config,
    allowPrivate: Boolean(opts.allowPrivate),
    maxUploadBytes: maxUpload,
    fetchTimeoutMs: opts.fetchTimeoutMs ?? 20_000,
    version,
    openapi: () => openapi,
    schema: () => (schema ??= JSON.parse(readFileSync(join(packageRoot(), 'docs', 'schema.json'), 'utf8'))),
    clean: () =>
      (clean ??= (async () => {
        const registry = loadOutletRegistry(config.outlets, { origin: config.path ?? undefined });
        const detector = opts.detectLanguage === false ? null : await createLanguageDetector();
        return { registry, config, detectLanguage: detector ? (t: string) => detector.detect(t) : undefined };
      })()),
  };

  const app = new Hono();

  app.onError((e, c) => sendError(c, e));

  // Headers on every answer; the CSP matters for the UI pages.
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  });

  // Who may ask: a loopback Host without a token, otherwise the token, checked on every request.
  app.use('*', async (c, next) => {
    if (loopbackOnly && !isLoopbackHost(c.req.header('host') ?? null)) {
      throw new HttpError('E_FORBIDDEN', 'this server answers only requests addressed to localhost (start it with --host and a token to serve others)');
    }
    if (token) {
      const url = new URL(c.req.url);
      const fromQuery = url.searchParams.get('token');
      if (fromQuery !== null && c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
        // The link printed at start: trade the token for an HttpOnly cookie and drop it from the address bar.
        if (!tokenMatches(fromQuery, token)) throw new HttpError('E_UNAUTHORIZED');
        url.searchParams.delete('token');
        c.header('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
        return c.redirect(`${url.pathname}${url.search}`, 302);
      }
      if (!tokenMatches(presentedToken(c.req.raw.headers), token)) {
        throw new HttpError('E_UNAUTHORIZED', 'missing or wrong access token: send "Authorization: Bearer <token>", or open the link "parallax serve" printed');
      }
    }
    // A page on another site must not drive writes (uploads, ingest, analyse) through the user's browser.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null') {
        let host = '';
        try {
          host = new URL(origin).host;
        } catch {
          host = '';
        }
        if (host !== (c.req.header('host') ?? '')) throw new HttpError('E_FORBIDDEN', 'cross-origin writes are refused');
      } else if (origin === 'null') throw new HttpError('E_FORBIDDEN', 'cross-origin writes are refused');
    }
    await next();
  });

  const tooLarge = (limit: number) => (c: Context) => sendError(c, new ParallaxError('E_INPUT_TOO_LARGE', `the request body exceeds ${Math.round(limit / 1024)} KB`, { input: 'body' }));
  app.post('/api/articles', bodyLimit({ maxSize: maxUpload, onError: tooLarge(maxUpload) }));
  app.post('/api/*', bodyLimit({ maxSize: MB, onError: tooLarge(MB) }));

  for (const r of routes) {
    const honoPath = r.path.replace(/\{([^}]+)\}/g, ':$1');
    app[r.method](honoPath, async (c) => {
      const params = readParams(r.params, (n) => c.req.queries(n), c.req.param() as Record<string, string>);
      let bodyBytes: Uint8Array | null = null;
      const body = async () => (bodyBytes ??= new Uint8Array(await c.req.arrayBuffer()));
      const contentType = c.req.header('content-type') ?? null;
      const json = async () => {
        if (!/^application\/json\b/i.test(contentType ?? '')) throw new ParallaxError('E_USAGE', 'the body must be JSON (Content-Type: application/json)', { input: 'body' });
        try {
          return JSON.parse(Buffer.from(await body()).toString('utf8')) as unknown;
        } catch (e) {
          throw new ParallaxError('E_USAGE', `the body is not valid JSON: ${(e as Error).message}`, { input: 'body' });
        }
      };
      const out = await withTimeout(r.handler({ deps, params, body, json, contentType }), timeoutMs);
      if (out instanceof RawJson) return c.body(out.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' });
      if (out && typeof out === 'object' && '$status' in out) {
        const o = out as { $status: number; $body: unknown; $headers?: Record<string, string> };
        for (const [k, v] of Object.entries(o.$headers ?? {})) c.header(k, v);
        return c.json(o.$body as object, o.$status as ContentfulStatusCode);
      }
      return c.json(out as object);
    });
  }

  app.all('/api/*', (c) => {
    const known = routes.filter((r) => toRegex(r.path).test(c.req.path));
    if (known.length) {
      c.header('Allow', known.map((r) => r.method.toUpperCase()).join(', '));
      throw new HttpError('E_METHOD', `${c.req.method} is not allowed on ${c.req.path} (allowed: ${known.map((r) => r.method.toUpperCase()).join(', ')})`);
    }
    throw new HttpError('E_ROUTE', `no API route ${c.req.method} ${c.req.path} (see /api/openapi.json)`);
  });

  // The web UI: built files, and index.html for every other page path (client-side routes are shareable URLs).
  app.get('*', (c) => {
    if (!web || !existsSync(join(web, 'index.html'))) {
      return c.text('The web UI is not built. Run "npm run build" (the API is at /api/, described at /api/openapi.json).\n', 503);
    }
    let rel: string;
    try {
      rel = decodeURIComponent(c.req.path);
    } catch {
      rel = '/';
    }
    const file = normalize(join(web, rel));
    const inside = file === web || file.startsWith(web.endsWith(sep) ? web : web + sep);
    if (inside && extname(file) && existsSync(file) && statSync(file).isFile()) {
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      c.header('Content-Type', type);
      c.header('Cache-Control', rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      return c.body(readFileSync(file));
    }
    if (extname(rel) && rel !== '/') throw new ParallaxError('E_NOT_FOUND', `no file ${rel}`);
    c.header('Content-Type', CONTENT_TYPES['.html']);
    c.header('Cache-Control', 'no-cache');
    return c.body(readFileSync(join(web, 'index.html')));
  });

  return { app, jobs, views, routes, openapi, close: () => views.close() };
}
