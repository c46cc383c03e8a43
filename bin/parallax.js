#!/usr/bin/env node
// The only place that calls process.exit: the CLI returns an exit code.
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // main() maps every expected failure to a message; reaching here is a bug.
    process.stderr.write(`parallax: internal error: ${err && err.message ? err.message : err}\n`);
    if (process.argv.includes('--debug')) process.stderr.write(`${err && err.stack}\n`);
    process.exitCode = 70;
  },
);
