/**
 * Child process of kill.test.ts: ingests a generated corpus in batches and reports each committed batch on
 * stdout, so the parent can SIGKILL it mid-run and then check what survived.
 *   node kill-child.js <db> <total> <batchSize> <seed>      (<db>: a SQLite path or a postgres:// URL)
 */
import { openStore } from './index.js';
import { generatedArticle, makeItem } from './test-fixtures.js';

async function main(): Promise<void> {
  const [db, totalArg, batchArg, seedArg] = process.argv.slice(2);
  const total = Number(totalArg);
  const batchSize = Number(batchArg);
  const seed = Number(seedArg);
  const store = await openStore(db);
  let inserted = 0;
  let duplicate = 0;
  for (let start = 0; start < total; start += batchSize) {
    const items = [];
    for (let i = start; i < Math.min(total, start + batchSize); i++) items.push(makeItem(generatedArticle(seed, i)));
    for (const o of await store.ingestBatch(items)) {
      if (o.status === 'inserted') inserted++;
      else duplicate++;
    }
    process.stdout.write(`committed ${start + items.length}\n`);
  }
  await store.close();
  process.stdout.write(`done inserted=${inserted} duplicate=${duplicate}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
