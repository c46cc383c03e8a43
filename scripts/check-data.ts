/**
 * Checks every shipped data file at build time (`npm run build` runs it): valid JSON with a description, a source
 * and a licence (src/core/data-files.ts), and every analyzer's and the cleaner's own validation of its entries,
 * which runs when the default pipeline and the cleaner are built. `--write` also writes docs/data.md, the
 * inventory (`npm run data-docs`); src/core/data-files.test.ts fails when it is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/server/paths.js';
import { dataInventory, listDataFiles, readDataFile, type DataFileInfo } from '../src/core/data-files.js';
import { describeError } from '../src/core/errors.js';
import { createConfiguredPipeline } from '../src/services/analyze.js';
import { loadOutletRegistry } from '../src/clean/outlets.js';
import '../src/clean/plaintext.js'; // validates data/boilerplate.json when it loads

const root = packageRoot();
const infos: DataFileInfo[] = [];
const problems: string[] = [];
for (const file of listDataFiles(join(root, 'src'))) {
  try {
    infos.push(readDataFile(file, root).info);
  } catch (e) {
    problems.push(describeError(e));
  }
}
try {
  createConfiguredPipeline();
  loadOutletRegistry();
} catch (e) {
  problems.push(`a data file failed its analyzer's check: ${describeError(e)}`);
}
if (problems.length) {
  for (const p of problems) process.stderr.write(`parallax: ${p}\n`);
  process.exit(1);
}
if (process.argv.includes('--write')) {
  writeFileSync(join(root, 'docs', 'data.md'), dataInventory(infos));
  process.stderr.write(`wrote docs/data.md: ${infos.length} data files\n`);
} else process.stderr.write(`checked ${infos.length} data files\n`);
