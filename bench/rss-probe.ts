/**
 * Preloaded into a CLI child of bench/scale-bench.ts (`node --import rss-probe.js bin/parallax.js …`): when the
 * process exits, writes its own resource usage — peak RSS (worker threads included: they share the process),
 * CPU seconds — as JSON to the file named by PARALLAX_BENCH_RUSAGE. Nothing else changes in the child.
 */
import { writeFileSync } from 'node:fs';

const out = process.env.PARALLAX_BENCH_RUSAGE;
if (out) {
  process.on('exit', (code) => {
    const r = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRssKB: r.maxRSS, userSeconds: r.userCPUTime / 1e6, systemSeconds: r.systemCPUTime / 1e6, exitCode: code }));
  });
}
