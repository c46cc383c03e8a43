import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPipeline, type Analyzer } from '../core/pipeline.js';
import { defaultAnalyzers } from '../analyzers/index.js';
import { openStore } from '../storage/index.js';
import { makeArticle, makeItem } from '../storage/test-fixtures.js';
import { serializeAnalysis } from './analyze.js';
import { labelsFromStore, loadCorpusIndex } from './corpus-index.js';

/**
 * A Persian, a Russian and an English article about one actor, analysed and stored in SQLite: the corpus label view
 * read from the finding rows puts the original words, with their gloss and language, in Israel's row beside the
 * English labels (the analysis is stored directly: which languages `parallax analyze` reads is decided elsewhere).
 */
test('the label view from the store lines up Persian, Russian and English labels of Israel, with glosses', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-ml-labels-'));
  const store = await openStore(join(dir, 'p.db'));
  try {
    const pipeline = createPipeline(defaultAnalyzers as Analyzer[]);
    const docs = [
      { text: 'سخنگوی دولت گفت رژیم صهیونیستی مسئول ناآرامی است و رژیم صهیونیستی باید پاسخ دهد.', language: 'fa', outlet: 'Khabar Daily' },
      { text: 'Министр заявил, что сионистский режим нарушает договорённости, а Израиль молчит.', language: 'ru', outlet: 'Vestnik' },
      { text: 'Officials in Tehran said the Zionist regime was isolated. Israel rejected the claim.', language: 'en', outlet: 'Wire' },
    ];
    const articles = docs.map((d) => makeArticle(d.text, { language: d.language, outlet: d.outlet, group: d.language }));
    await store.ingestBatch(articles.map((a) => makeItem(a)));
    await store.putAnalyses(
      articles.map((a) => {
        const analysis = pipeline.run({ text: a.text, articleId: a.id, language: a.language });
        const { json, timings } = serializeAnalysis(analysis);
        return { articleId: a.id, textHash: a.textHash, versions: pipeline.versions, analysis: JSON.parse(json) as unknown, json, timings, createdAt: '2024-05-01T10:00:00.000Z' };
      }),
    );
    const index = await loadCorpusIndex(store);
    const json = await labelsFromStore(store, index, { by: 'outlet', minSupport: 1 });
    const il = json.actors.find((r) => r.actorId === 'state:IL');
    assert.ok(il, JSON.stringify(json.actors.map((r) => r.actorId)));
    const fa = il.columns['Khabar Daily']!.find((c) => c.label === 'رژیم صهیونیستی');
    assert.deepEqual([fa?.gloss, fa?.language, fa?.count, fa?.connotation], ['Zionist regime', 'fa', 2, 'pejorative']);
    const ru = il.columns['Vestnik']!.find((c) => c.label === 'сионистский режим');
    assert.deepEqual([ru?.gloss, ru?.language, ru?.forms], ['the Zionist regime', 'ru', { 'сионистский режим': 1 }]);
    assert.ok(il.columns['Wire']!.some((c) => c.label === 'zionist regime' && c.gloss === undefined));
    // matching an actor by a label written in another language finds it
    const byLabel = await labelsFromStore(store, index, { by: 'outlet', minSupport: 1, actor: 'رژیم صهیونیستی' });
    assert.deepEqual(byLabel.actors.map((r) => r.actorId), ['state:IL']);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
