import { resolve } from 'node:path';
import { loadConfig } from '../../core/config.js';
import { ParallaxError } from '../../core/errors.js';
import { openStore } from '../../storage/index.js';
import { DEFAULT_PORT, startServer, type RunningServer } from '../../server/serve.js';
import { intOption, str, type Command, type ParsedArgs } from '../command.js';
import { dbPath } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls, style, useColor, type CliIO } from '../io.js';

/**
 * Serves until `signal` aborts (the command wires it to SIGINT/SIGTERM; tests abort it themselves).
 * `onListening` sees the running server (tests read its port).
 */
export async function runServe(args: ParsedArgs, io: CliIO, signal: AbortSignal, onListening?: (s: RunningServer) => void): Promise<number> {
  const port = intOption(args, 'port', DEFAULT_PORT, 0);
  if (port > 65535) throw new ParallaxError('E_USAGE', `--port must be at most 65535, got ${port}`);
  const host = str(args.values.host) ?? '127.0.0.1';
  const maxUploadMb = intOption(args, 'max-upload', 10, 1);
  const maxHeavy = intOption(args, 'max-heavy', 2, 1);
  const heavyQueue = intOption(args, 'heavy-queue', 32, 0);
  const configPath = str(args.values.config);
  const config = loadConfig(configPath ? resolve(io.cwd, configPath) : undefined, io.cwd);
  const db = dbPath(args, io);
  const store = await openStore(db);
  let server: RunningServer;
  try {
    server = await startServer({
      store,
      host,
      port,
      config,
      env: io.env as NodeJS.ProcessEnv,
      allowPrivate: Boolean(args.values['allow-private']),
      maxUploadBytes: maxUploadMb * 1024 * 1024,
      maxHeavy,
      heavyQueue,
    });
  } catch (e) {
    await store.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new ParallaxError('E_USAGE', `port ${port} on ${host} is already in use (try --port 0 for any free port)`);
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new ParallaxError('E_USAGE', `cannot bind to ${host}: ${err.message}`);
    if (e instanceof Error && /token/.test(e.message)) throw new ParallaxError('E_USAGE', e.message);
    throw e;
  }
  const s = style(useColor(io));
  io.stderr.write(`Parallax is serving ${escapeControls(db)}\n`);
  io.stderr.write(`  open ${s.bold(server.url)}\n`);
  if (server.token) {
    io.stderr.write(`  access token: ${server.token}${io.env.PARALLAX_TOKEN ? ' (from PARALLAX_TOKEN)' : ' (generated; set PARALLAX_TOKEN to choose one)'}\n`);
    io.stderr.write('  API clients send "Authorization: Bearer <token>"\n');
  }
  io.stderr.write(`  API: ${server.url.replace(/\?.*$/, '')}api/openapi.json — stop with Ctrl-C\n`);
  onListening?.(server);
  await new Promise<void>((done) => {
    if (signal.aborted) done();
    else signal.addEventListener('abort', () => done(), { once: true });
  });
  await server.close();
  await store.close();
  return EXIT.OK;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the web UI and the HTTP API: explore the corpus, drill from any number to the words, ingest and analyse.',
  usage: 'parallax serve [--port N] [--host ADDRESS] [--config FILE] [options]',
  options: {
    port: { type: 'string', description: `port (default ${DEFAULT_PORT}; 0 for any free port)`, valueName: 'n' },
    host: { type: 'string', description: 'address to bind (default 127.0.0.1); any other address requires an access token', valueName: 'address' },
    config: { type: 'string', description: 'config file for ingest and analyse (default ./parallax.config.json if present)', valueName: 'path' },
    'allow-private': { type: 'boolean', description: 'allow ingest by URL from loopback/private/link-local addresses' },
    'max-upload': { type: 'string', description: 'largest upload in MB (default 10)', valueName: 'mb' },
    'max-heavy': { type: 'string', description: 'heavy requests (views, compare) computed at once (default 2)', valueName: 'n' },
    'heavy-queue': { type: 'string', description: 'heavy requests waiting for a slot before 503 "busy" (default 32)', valueName: 'n' },
  },
  details: `
Bound to 127.0.0.1 (the default) only this machine can connect, and requests must be addressed to localhost.
Bound to any other address (--host 0.0.0.0) every request needs the access token: PARALLAX_TOKEN when set
(16+ characters), otherwise a random one printed at start, together with a link that logs the browser in.
The API is described at /api/openapi.json (docs/api.md, docs/openapi.json); the UI at docs/web.md.`,
  async run(args, io) {
    const ac = new AbortController();
    const stop = () => ac.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await runServe(args, io, ac.signal);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
