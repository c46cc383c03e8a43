/**
 * Child process of worker.test.ts: one queue worker in its own process, reporting each job it finishes, so the
 * parent can run several side by side and SIGKILL one mid-run.
 *   node worker-child.js <store location> <queue url> <batch size> <maintenance seconds> [<ms per article>]
 * With <ms per article>, each analysis also spins that long (the parent's window to kill it mid-article).
 */
import { openStore } from '../storage/index.js';
import { createConfiguredPipeline } from './analyze.js';
import { AnalysisQueue } from './queue.js';
import { runWorker } from './worker.js';

async function main(): Promise<void> {
  const [location, queueUrl, batchArg, maintenanceArg, slowArg] = process.argv.slice(2);
  const real = createConfiguredPipeline();
  const slowMs = Number(slowArg ?? 0);
  const pipeline = slowMs
    ? {
        ...real,
        run: (doc: Parameters<typeof real.run>[0]) => {
          const until = performance.now() + slowMs;
          while (performance.now() < until);
          return real.run(doc);
        },
      }
    : real;
  const store = await openStore(location);
  const queue = await AnalysisQueue.open(queueUrl, pipeline.versions, { maintenanceIntervalSeconds: Number(maintenanceArg) });
  process.stdout.write('ready\n');
  const summary = await runWorker(store, queue, {
    pipeline,
    batchSize: Number(batchArg),
    exitWhenDrained: true,
    pollMs: 200,
    onEvent: (e) => {
      if (e.type === 'claimed') process.stdout.write(`claimed ${e.articleIds.join(' ')}\n`);
      else if (e.type === 'analysed' || e.type === 'current' || e.type === 'missing') process.stdout.write(`${e.type} ${e.articleId}\n`);
      else if (e.type === 'failed') process.stdout.write(`failed ${e.articleId} ${JSON.stringify(e.reason)}\n`);
    },
  });
  await queue.close();
  await store.close();
  process.stdout.write(`done ${JSON.stringify(summary)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
