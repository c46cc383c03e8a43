/**
 * Child process of analyze-lease.test.ts: loads the pipeline, says "ready", waits for "go" on stdin (so two
 * children start analysing together), then analyses the database and reports each stored article and the summary.
 *   node analyze-child.js <db> <leaseMs>
 */
import { createInterface } from 'node:readline';
import { openSqliteStore } from '../storage/sqlite.js';
import { analyzeStored, createConfiguredPipeline } from './analyze.js';

async function main(): Promise<void> {
  const [db, leaseArg] = process.argv.slice(2);
  const pipeline = createConfiguredPipeline();
  const store = await openSqliteStore(db);
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line.trim() === 'go') break;
  lines.close();
  const summary = await analyzeStored(store, {
    pipeline,
    leaseMs: Number(leaseArg),
    onAnalyzed: (id) => process.stdout.write(`analysed ${id}\n`),
  });
  await store.close();
  process.stdout.write(`done ${JSON.stringify(summary)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
