import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/parallax.js', import.meta.url));

test('a reader that closes the pipe early (| head) ends the CLI quietly: no stack trace, exit 0', async () => {
  // Large output (every command's help) so the writes outlast the closed reader.
  const child = spawn(process.execPath, [BIN, 'help', '--all'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at /, stderr);
  assert.equal(code, 0);
});
