#!/usr/bin/env node
// The only place that calls process.exit: the CLI returns an exit code.
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`parallax list | head`) closes the pipe: stop quietly, as Unix tools do, with no stack
// trace; any other output error is reported in one line.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code !== 'EPIPE' && stream !== process.stderr) process.stderr.write(`parallax: cannot write output: ${err.message}\n`);
    process.exit(err && err.code === 'EPIPE' ? 0 : 74);
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // main() maps every expected failure to a message; reaching here is a bug.
    process.stderr.write(`parallax: internal error: ${err && err.message ? err.message : err}\n`);
    if (process.argv.includes('--debug')) process.stderr.write(`${err && err.stack}\n`);
    process.exitCode = 70;
  },
);
