// Writes docs/openapi.json from the route table (npm run openapi). src/server/openapi.test.ts fails when the file
// is not what this would write.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApi } from './openapi.js';
import { packageRoot, packageVersion } from './paths.js';
import { apiRoutes } from './routes.js';

export function openApiText(): string {
  return `${JSON.stringify(buildOpenApi(apiRoutes(), packageVersion()), null, 2)}\n`;
}

if (process.argv[1] && /write-openapi\.(js|ts)$/.test(process.argv[1])) {
  const out = join(packageRoot(), 'docs', 'openapi.json');
  writeFileSync(out, openApiText());
  process.stdout.write(`wrote ${out}\n`);
}
