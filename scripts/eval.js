// `npm run eval` runs every eval in turn; `npm run eval -- <name> [args]` runs one compiled eval script
// dist/eval/<name>.js. Each script skips with a message when its data (../shared/data) is absent.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const ALL = ['gum', 'multilingual', 'polnear', 'ptc', 'babe', 'newsmtsc', 'extraction', 'outlets', 'language-id'];
const [name, ...rest] = process.argv.slice(2);
const names = name ? [name] : ALL.filter((n) => existsSync(`dist/eval/${n}.js`));
if (name && !existsSync(`dist/eval/${name}.js`)) {
  console.error(`no eval script named "${name}" (looked for dist/eval/${name}.js; run npm run build first). Known: ${ALL.join(', ')}`);
  process.exit(2);
}
if (!names.length) {
  console.error('no compiled eval scripts under dist/eval; run npm run build first');
  process.exit(2);
}
let status = 0;
for (const n of names) {
  if (!name) console.log(`\n===== ${n} =====`);
  const r = spawnSync(process.execPath, [`dist/eval/${n}.js`, ...(name ? rest : [])], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`eval ${n} failed (exit ${r.status ?? r.signal})`);
    status = 1;
  }
}
process.exit(status);
