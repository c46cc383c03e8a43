import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Article } from '../core/article.js';
import { defaultConfig } from '../core/config.js';
import { loadOutletRegistry } from '../clean/outlets.js';
import { openStore } from '../storage/index.js';
import { runIngest } from './run.js';
import { wellFormed } from './records.js';
import { withTempDir } from './test-helpers.js';

test('wellFormed replaces unpaired surrogates only', () => {
  assert.equal(wellFormed('a\ud800b\udc00c'), 'a\ufffdb\ufffdc');
  assert.equal(wellFormed('\udc00\ud800'), '\ufffd\ufffd');
  assert.equal(wellFormed('ok \ud83d\ude00 \u00e9'), 'ok \ud83d\ude00 \u00e9');
  assert.equal(wellFormed('end\ud83d'), 'end\ufffd');
});

// Found by the fuzz suite (store-roundtrip): JSON escapes can put lone surrogates in a string; SQLite's UTF-8 turned
// each into three U+FFFD, so the stored article differed from the one cleaned and hashed.
test('a JSON Lines record with lone surrogate escapes is stored exactly as it was cleaned', async () => {
  await withTempDir(async (dir) => {
    const file = path.join(dir, 'odd.jsonl');
    const text = 'The council of Ellmoor met on Monday \\ud800 and voted \\udfff on the bridge. Mayor Petra Holm said work would start in spring.';
    await writeFile(file, `${JSON.stringify({ title: 'Bridge \ud800 vote' }).slice(0, -1)},"text":"${text}"}\n`);
    const store = await openStore(path.join(dir, 'x.db'));
    const cleaned: Article[] = [];
    try {
      const summary = await runIngest([file], { store, clean: { registry: loadOutletRegistry(), config: defaultConfig() }, events: { onArticle: (a) => cleaned.push(a) } });
      assert.equal(summary.ingested, 1);
      const stored = await store.getArticle(cleaned[0].id);
      assert.ok(stored);
      assert.equal(stored.text, cleaned[0].text);
      assert.equal(stored.title, cleaned[0].title);
      assert.equal(stored.textHash, cleaned[0].textHash);
      assert.ok(stored.text.includes('Monday \ufffd and'), stored.text);
    } finally {
      await store.close();
    }
  });
});
