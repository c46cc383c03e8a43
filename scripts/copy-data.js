// tsc does not copy JSON data that is read at run time (not imported); copy src/**/data/* into dist.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    if (name === 'data') cpSync(p, join('dist', p), { recursive: true });
    else walk(p);
  }
}
if (existsSync('src')) walk('src');
