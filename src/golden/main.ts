/**
 * `npm run golden` — checks the findings of the golden corpus against fixtures/golden and prints the diff by
 * article and kind; `npm run golden -- --update` rewrites the fixtures (review the diff before committing).
 * See docs/golden.md.
 */
import { parseArgs } from 'node:util';
import { repoRoot } from '../core/test-seeds.js';
import type { SetFamily } from './corpus.js';
import { formatDiffs } from './diff.js';
import { compareGolden, GOLDEN_DIR, runGolden, writeGolden } from './golden.js';

const USAGE = `usage: npm run golden [-- [--update] [--own | --digest] [--limit N]]

  (no option)  run the golden corpus and compare its findings with ${GOLDEN_DIR}; exit 1 when they differ
  --update     rewrite ${GOLDEN_DIR} from today's findings (then review \`git diff ${GOLDEN_DIR}\`)
  --own        only our own texts (examples/, fixtures/)
  --digest     only the third-party digest (../shared seeds, PTC and PolNeAR development articles)
  --limit N    findings shown per article, kind and sign (default 8; 0 shows all)`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        update: { type: 'boolean' },
        own: { type: 'boolean' },
        digest: { type: 'boolean' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`golden: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const limit = values.limit === undefined ? 8 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) {
    process.stderr.write(`golden: --limit must be a whole number of 0 or more, got "${values.limit}"\n`);
    return 2;
  }
  const families: SetFamily[] = values.own && !values.digest ? ['findings'] : values.digest && !values.own ? ['digest'] : ['findings', 'digest'];
  const run = await runGolden(repoRoot(), { families });
  for (const s of run.skipped) process.stdout.write(`golden: set ${s.name} skipped: ${s.reason}\n`);
  const { diffs, manifest } = compareGolden(run);
  const head = `golden: ${run.docs.size} articles in ${run.ran.length} sets (${run.ran.join(', ')}) in ${run.seconds.toFixed(1)} s`;
  if (values.update) {
    const { written, deleted } = writeGolden(run);
    process.stdout.write(`${head}\n`);
    if (diffs.length || manifest.length) process.stdout.write(`${[...manifest, formatDiffs(diffs, { limit })].filter(Boolean).join('\n')}\n`);
    process.stdout.write(`golden: updated ${written} fixture file(s), deleted ${deleted}; review with \`git diff ${GOLDEN_DIR}\` before committing\n`);
    return 0;
  }
  if (!diffs.length && !manifest.length) {
    process.stdout.write(`${head}: no change\n`);
    return 0;
  }
  process.stdout.write(`${head}: ${diffs.length} article(s) differ from ${GOLDEN_DIR}\n`);
  if (manifest.length) process.stdout.write(`${manifest.map((m) => `  manifest: ${m}`).join('\n')}\n`);
  if (diffs.length) process.stdout.write(`${formatDiffs(diffs, { limit })}\n`);
  process.stdout.write(`golden: if the change is intended, run \`npm run golden -- --update\` and commit the fixtures with it\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`golden: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
