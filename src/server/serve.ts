import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { generateToken, isLoopbackBind } from './auth.js';
import { createApp, type AppOptions, type ParallaxApp } from './app.js';

export interface ServeOptions extends Omit<AppOptions, 'token'> {
  /** Address to bind (default 127.0.0.1). Anything but a loopback address requires a token. */
  host?: string;
  /** Port (default 4317; 0 picks a free one). */
  port?: number;
  /** The access token; default PARALLAX_TOKEN from `env`, else generated when the address is not loopback. */
  token?: string | null;
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer extends ParallaxApp {
  server: ServerType;
  host: string;
  port: number;
  /** The base URL (with ?token=… when a token is required, as printed for the user). */
  url: string;
  token: string | null;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4317;

/** Starts the API and the web UI on a real port. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const env = opts.env ?? process.env;
  let token = opts.token ?? env.PARALLAX_TOKEN ?? null;
  if (token !== null && token.length < 16) throw new Error('the access token must be at least 16 characters long');
  if (!token && !isLoopbackBind(host)) token = generateToken();
  const parallax = createApp({ ...opts, token });
  const server = createAdaptorServer({ fetch: parallax.app.fetch });
  // Slow clients cannot hold a connection open forever: 20 s for the headers, 120 s for a whole request (a 10 MB
  // upload on a slow line). An idle keep-alive connection is closed after 10 s (longer than the usual gap between
  // a client's requests, so the server rarely closes a socket the client is about to reuse).
  const http = server as unknown as { requestTimeout: number; headersTimeout: number; keepAliveTimeout: number };
  http.requestTimeout = 120_000;
  http.headersTimeout = 20_000;
  http.keepAliveTimeout = 10_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // A deep accept queue: a burst of connections waits for the event loop instead of being refused.
      server.listen({ host, port: opts.port ?? DEFAULT_PORT, backlog: 2048 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await parallax.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const base = `http://${shown}:${port}/`;
  return {
    ...parallax,
    server,
    host,
    port,
    token,
    url: token ? `${base}?token=${encodeURIComponent(token)}` : base,
    close: async () => {
      await parallax.jobs.idle();
      await parallax.close();
      await new Promise<void>((resolve) => {
        const s = server as unknown as { closeAllConnections?: () => void };
        server.close(() => resolve());
        s.closeAllConnections?.();
      });
    },
  };
}
