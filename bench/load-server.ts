/**
 * The server side of the load benchmark (bench/load-bench.ts forks it): opens the database, starts the API on
 * 127.0.0.1 with a free port and reports over IPC. Run in its own process so the RSS it reports is the server's
 * alone. Messages from the parent: {type: 'rss', gc?: boolean} → {type: 'rss', rss, heapUsed}; {type: 'stop'}.
 *   argv: <db> [json options passed to startServer]
 */
import { openStore } from '../src/storage/index.js';
import { startServer } from '../src/server/serve.js';

async function main() {
  const [db, json] = process.argv.slice(2);
  if (!db) throw new Error('usage: load-server <db> [options-json]');
  const opts = json ? (JSON.parse(json) as Record<string, unknown>) : {};
  const store = await openStore(db);
  const server = await startServer({ ...opts, store, host: '127.0.0.1', port: 0, webRoot: null, env: {} });
  const send = (m: unknown) => process.send?.(m);
  process.on('message', async (m: { type: string; gc?: boolean }) => {
    if (m.type === 'rss') {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (m.gc && gc) gc();
      const mem = process.memoryUsage();
      send({ type: 'rss', rss: mem.rss, heapUsed: mem.heapUsed });
    } else if (m.type === 'stop') {
      await server.close();
      await store.close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'listening', port: server.port });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
