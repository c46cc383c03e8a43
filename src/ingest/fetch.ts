import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { ParallaxError } from '../core/errors.js';
import { blockedHostname, blockedReason, isIpLiteral, normalizeHost } from './address.js';
import { formatBytes, tooLarge } from './bytes.js';

/**
 * HTTP(S) fetching with the safety rules a server-side fetcher needs: every address a host name resolves to is
 * checked (inside the socket's own `lookup`, so the address checked is the address connected to — DNS
 * rebinding between a check and the connect cannot happen), IP literals are checked before connecting, the
 * connected peer is checked once more, and redirects are followed one hop at a time through the same checks.
 */

export const DEFAULT_FETCH_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface FetchOptions {
  allowPrivate?: boolean;
  fetchTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Name resolution; injectable so tests can simulate public and private hosts offline. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Address policy; defaults to `blockedReason(address, { allowPrivate })`. Returns why an address is refused. */
  checkAddress?: (address: string) => string | null;
}

export interface FetchedResponse {
  /** URL after redirects. */
  finalUrl: string;
  status: number;
  contentType: string | undefined;
  /** Body after Content-Encoding is undone. */
  body: Buffer;
  /** Every URL visited, the requested one first. */
  chain: string[];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'Parallax/0.1 (news comparison; +https://github.com/parallax-news/parallax)';

async function defaultResolve(hostname: string): Promise<ResolvedAddress[]> {
  return dnsLookup(hostname, { all: true, verbatim: true });
}

/** Throws E_FETCH_BLOCKED when the URL's host can be judged without resolving it (IP literal, metadata name). */
export function checkUrlHost(url: URL, check: (address: string) => string | null, input: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ParallaxError('E_FETCH', `unsupported URL scheme "${url.protocol}" (only http and https)`, { input });
  }
  const host = normalizeHost(url.hostname);
  const named = blockedHostname(host);
  if (named) throw blocked(input, url, named);
  if (isIpLiteral(host)) {
    const reason = check(host);
    if (reason) throw blocked(input, url, reason);
  }
}

function blocked(input: string, url: URL, reason: string, address?: string): ParallaxError {
  const where = address && address !== normalizeHost(url.hostname) ? `${url.host} resolves to ${address}, ` : `${url.host} is `;
  return new ParallaxError('E_FETCH_BLOCKED', `refused to fetch: ${where}${reason}`, { input });
}

/**
 * A `lookup` for net.connect that resolves with `resolve` and refuses the connection if ANY resolved address
 * is blocked — a host that answers with one public and one private address is treated as hostile.
 */
export function guardedLookup(
  resolve: (hostname: string) => Promise<ResolvedAddress[]>,
  check: (address: string) => string | null,
  onBlocked: (hostname: string, address: string, reason: string) => Error,
): LookupFunction {
  return ((hostname: string, options: { family?: number | string; all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (list) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
        for (const a of list) {
          const reason = check(a.address);
          if (reason) return callback(onBlocked(hostname, a.address, reason));
        }
        const usable = family ? list.filter((a) => a.family === family) : list;
        if (!usable.length) {
          const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          return callback(e);
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (e: unknown) => callback(e),
    );
  }) as LookupFunction;
}

function networkMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed (temporary)',
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the server',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    CERT_HAS_EXPIRED: 'TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
    ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
  };
  if (err?.code && known[err.code]) return `${known[err.code]} (${err.code})`;
  if (err?.code) return `${err.message} (${err.code})`;
  return err?.message ?? String(e);
}

/** Fetches `input` following redirects itself. Every failure is a ParallaxError whose `input` is the URL given. */
export async function fetchUrl(input: string, opts: FetchOptions = {}): Promise<FetchedResponse> {
  const timeoutMs = opts.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const check = opts.checkAddress ?? ((a: string) => blockedReason(a, { allowPrivate: opts.allowPrivate }));
  const resolve = opts.resolve ?? defaultResolve;

  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ParallaxError('E_FETCH', 'not a valid URL', { input });
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const chain: string[] = [url.href];
  try {
    for (let hop = 0; ; hop++) {
      checkUrlHost(url, check, input);
      const res = await request(url, { check, resolve, signal: controller.signal, input });
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status) && res.headers.location) {
        res.resume();
        if (hop + 1 > maxRedirects) {
          throw new ParallaxError('E_FETCH_REDIRECTS', `more than ${maxRedirects} redirects (last to ${res.headers.location})`, { input });
        }
        let next: URL;
        try {
          next = new URL(res.headers.location, url);
        } catch {
          throw new ParallaxError('E_FETCH', `redirect to an invalid URL "${res.headers.location}"`, { input });
        }
        url = next;
        chain.push(url.href);
        continue;
      }
      if (status >= 400) {
        res.resume();
        throw new ParallaxError('E_FETCH', `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, { input });
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw new ParallaxError('E_FETCH', `unexpected HTTP status ${status}`, { input });
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        throw tooLarge(input, maxBytes);
      }
      const body = await readBody(res, maxBytes, input);
      return { finalUrl: url.href, status, contentType: res.headers['content-type'], body, chain };
    }
  } catch (e) {
    if (timedOut) {
      throw new ParallaxError('E_FETCH_TIMEOUT', `no complete response within ${formatMs(timeoutMs)}`, { input, cause: e });
    }
    if (e instanceof ParallaxError) throw e;
    throw new ParallaxError('E_FETCH', networkMessage(e), { input, cause: e });
  } finally {
    clearTimeout(timer);
    controller.abort(); // releases any socket still open
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function request(
  url: URL,
  ctx: { check: (a: string) => string | null; resolve: (h: string) => Promise<ResolvedAddress[]>; signal: AbortSignal; input: string },
): Promise<http.IncomingMessage> {
  return new Promise((resolvePromise, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    let blockError: ParallaxError | null = null;
    const lookup = guardedLookup(ctx.resolve, ctx.check, (_host, address, reason) => {
      blockError = blocked(ctx.input, url, reason, address);
      return blockError;
    });
    const req = lib.request(
      url,
      {
        method: 'GET',
        agent: false,
        lookup,
        signal: ctx.signal,
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, application/json;q=0.9, text/plain;q=0.8, */*;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
        },
      },
      (res) => resolvePromise(res),
    );
    req.on('socket', (socket: Socket) => {
      // Belt and braces: whatever path led to this socket, the peer it connected to must pass the check.
      socket.once('connect', () => {
        const peer = socket.remoteAddress;
        const reason = peer ? ctx.check(peer) : null;
        if (reason && peer) {
          blockError = blocked(ctx.input, url, reason, peer);
          req.destroy(blockError);
        }
      });
    });
    req.on('error', (e) => reject(blockError ?? e));
    req.end();
  });
}

async function readBody(res: http.IncomingMessage, maxBytes: number, input: string): Promise<Buffer> {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  let stream: NodeJS.ReadableStream = res;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(createGunzip());
  else if (encoding === 'deflate') stream = res.pipe(createInflate());
  else if (encoding === 'br') stream = res.pipe(createBrotliDecompress());
  if (stream !== res) res.on('error', (e) => (stream as NodeJS.ReadableStream & { destroy(e?: Error): void }).destroy(e));
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      total += b.length;
      if (total > maxBytes) {
        res.destroy();
        throw tooLarge(input, maxBytes);
      }
      parts.push(b);
    }
  } catch (e) {
    if (e instanceof ParallaxError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || code === 'ERR__ERROR') {
      throw new ParallaxError('E_FETCH', `response body could not be decompressed (${encoding})`, { input, cause: e });
    }
    throw e;
  }
  return Buffer.concat(parts);
}
