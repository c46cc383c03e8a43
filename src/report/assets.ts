import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParallaxError } from '../core/errors.js';

/**
 * What the report inlines: the charting and graph libraries' own browser builds, read from node_modules at run
 * time (so a fresh clone works after `npm ci`, and nothing is fetched when the report is opened), plus our
 * stylesheet and client script from src/report/data (copied to dist by scripts/copy-data.js).
 */
export interface ReportAssets {
  chartJs: string;
  cytoscape: string;
  css: string;
  client: string;
  versions: Record<string, string>;
}

let cached: ReportAssets | null = null;

export function loadReportAssets(): ReportAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const here = dirname(fileURLToPath(import.meta.url));
  const read = (p: string, what: string): string => {
    try {
      return readFileSync(p, 'utf8');
    } catch (e) {
      throw new ParallaxError('E_INTERNAL', `cannot read ${what} for the report (${p}): ${(e as Error).message}; run "npm ci"`);
    }
  };
  // chart.js exports no subpaths: resolve its main entry and take the UMD build beside it.
  const chartDir = dirname(require.resolve('chart.js'));
  const cyFile = require.resolve('cytoscape/dist/cytoscape.min.js');
  const version = (pkg: string): string => {
    try {
      return (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  cached = {
    chartJs: read(join(chartDir, 'chart.umd.min.js'), 'chart.js'),
    cytoscape: read(cyFile, 'cytoscape'),
    css: read(join(here, 'data', 'report.css'), 'the report stylesheet'),
    client: read(join(here, 'data', 'client.js'), 'the report script'),
    versions: { 'chart.js': version(dirname(chartDir)), cytoscape: version(dirname(dirname(cyFile))) },
  };
  return cached;
}
