// `npm run eval -- <name> [args]` runs the compiled eval script dist/eval/<name>.js.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
const [name, ...rest] = process.argv.slice(2);
if (!name) { console.error('usage: npm run eval -- <name>   (see eval/README.md)'); process.exit(2); }
const file = `dist/eval/${name}.js`;
if (!existsSync(file)) { console.error(`no eval script named "${name}" (looked for ${file}; run npm run build first)`); process.exit(2); }
const r = spawnSync(process.execPath, [file, ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
