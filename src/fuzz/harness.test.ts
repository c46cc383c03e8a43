import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { FuzzHarness, dtdFeedSources } from './harness.js';
import fc from 'fast-check';
import { fileBase, fuzzCase, TEST_LIMITS, type FuzzCase } from './generators.js';

/**
 * The harness's own oracles: a violation must be the product's fault. These cases once raised false flags in the
 * long fuzz run although the product behaved right.
 */

const enc = (s: string) => Buffer.from(s, 'utf8');
const DTD_FEED = `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY place "Ellmoor">]>\n<rss version="2.0"><channel><title>Quarry news</title><item><title>Bridge vote</title><description>Residents of &place; voted on Sunday to build a footbridge over the Tarn river, the mayor said.</description></item></channel></rss>\n`;
/** A cut feed: its root is not <rss>, so "not an RSS or Atom feed" is the right reason for it. */
const BROKEN_FEED = `<?xml version="1.0"?>\n<channel><title>Ferry news</title><item><title>Strike ends</title></item></channel>\n`;

function caseOf(files: Array<{ name: string; text: string; family: string }>, via: FuzzCase['via'] = 'folder'): FuzzCase {
  return {
    family: [...new Set(files.map((f) => f.family))].join(' + '),
    files: files.map((f) => ({ name: f.name, bytes: enc(f.text), family: f.family })),
    links: [],
    served: null,
    via,
    marker: null,
    secret: null,
  };
}

test('harness: a broken feed beside a DTD feed is not a DTD feed refused with the wrong reason', { timeout: 120_000 }, async () => {
  const h = await FuzzHarness.open({ budgetMs: 60_000, maxBytes: 200_000, language: false, cli: false });
  try {
    for (const via of ['folder', 'paths'] as const) {
      const c = caseOf([{ name: 'a-dtd.xml', text: DTD_FEED, family: 'feed/dtd' }, { name: 'b-cut.xml', text: BROKEN_FEED, family: 'feed/broken' }], via);
      const r = await h.runCase(c);
      assert.deepEqual(r.violations.map((v) => `${v.property}: ${v.detail}`), [], `via ${via}`);
      assert.ok(r.failed >= 1, `via ${via}: the cut feed is refused (${r.failed} failures)`);
    }
  } finally {
    await h.close();
  }
});

test('harness: the wrong-reason oracle looks at the DTD feeds of a case only, and only at whole ones', () => {
  const dir = '/tmp/case-0';
  const two = caseOf([{ name: 'a.xml', text: DTD_FEED, family: 'feed/dtd' }, { name: 'b.xml', text: BROKEN_FEED, family: 'feed/broken' }]);
  assert.deepEqual(dtdFeedSources(two, [dir], dir), [path.join(dir, 'a.xml')]);
  const gz = caseOf([{ name: 'a.xml.gz', text: '', family: 'gzip/whole/feed/dtd' }, { name: 'c.xml.gz', text: '', family: 'gzip/truncated/feed/dtd' }]);
  assert.deepEqual(dtdFeedSources(gz, [dir], dir), [path.join(dir, 'a.xml.gz')], 'a truncated gzip may lose the root element');
  const none = caseOf([{ name: 'b.xml', text: BROKEN_FEED, family: 'feed/broken' }]);
  assert.deepEqual(dtdFeedSources(none, [dir], dir), []);
  const served: FuzzCase = { ...caseOf([]), family: 'url/feed/dtd', served: { bytes: enc(DTD_FEED), contentType: null, gzipEncoding: false, pathName: 'feed.xml' }, via: 'paths' };
  assert.deepEqual(dtdFeedSources(served, ['http://127.0.0.1:1/case-0/feed.xml'], dir), ['http://127.0.0.1:1/case-0/feed.xml']);
});

test('generators: every file and link name is one non-empty path component (an empty one wrote the case folder itself: EISDIR)', () => {
  fc.assert(
    fc.property(fileBase, (b) => b.length > 0 && !b.includes('/') && !b.includes('\0') && b !== '.' && b !== '..'),
    { seed: 20261207, numRuns: 20_000 },
  );
  const dir = '/tmp/case-0';
  for (const c of fc.sample(fuzzCase(TEST_LIMITS), { seed: 20261207, numRuns: 3_000 })) {
    for (const name of [...c.files.map((f) => f.name), ...c.links.map((l) => l.name)]) {
      assert.equal(path.dirname(path.join(dir, name)), dir, `${JSON.stringify(name)} in ${c.family}`);
    }
  }
});
