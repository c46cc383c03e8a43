import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import type { ActorMentionFinding } from '../../core/finding.js';
import { isParallaxError } from '../../core/errors.js';
import { nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer } from './index.js';
import { CHUNK_CLASSES, chunkModelJson, classifyChunk, parseChunkModel, shippedChunkModel, trainChunkModel, type ChunkExample } from './model.js';

const pipeline = createPipeline([nlpAnalyzer as Analyzer, actorsAnalyzer as Analyzer]);
const rulesOnly = createPipeline([nlpAnalyzer as Analyzer, actorsAnalyzer as Analyzer], { actors: { chunkModel: null } });
const mentions = (text: string, p = pipeline): Array<[string, string, string]> =>
  p.run({ text }).findings.filter((f): f is ActorMentionFinding => f.kind === 'actor-mention').map((m) => [m.label, m.actorKind, m.actorId]);

test('the shipped chunk model loads, has the four classes and types an organisation from its cues', () => {
  const m = shippedChunkModel();
  assert.deepEqual([...m.classes], [...CHUNK_CLASSES]);
  assert.ok(m.weights.size > 50);
  // an unknown one-word name that members belong to and whose officials speak is an organisation
  const text =
    'Former members of Quorvanity say they were pressured. Quorvanity officials denied it on Tuesday, and a spokesman for Quorvanity called the claims false. Members of Quorvanity met in town.';
  const q = mentions(text).filter(([l]) => l === 'Quorvanity');
  assert.ok(q.length >= 4, JSON.stringify(mentions(text)));
  for (const [, kind, id] of q) assert.deepEqual([kind, id], ['organisation', 'org:quorvanity']);
  // rules alone read "Quorvanity say" as a person speaking, and the rest not at all
  assert.ok(mentions(text, rulesOnly).every(([l, kind]) => l !== 'Quorvanity' || kind === 'person'));
});

test('the model names no place without a place cue, and a person named elsewhere is no place', () => {
  const text = 'Senator Dalia Orvent spoke on Monday. Later, the Orvent campaign said Orvent would travel. Orvent aides agreed.';
  for (const [label, kind] of mentions(text)) if (/Orvent/.test(label)) assert.equal(kind, 'person', label);
});

test('training is deterministic, weights round-trip through the JSON form, bad files are clear errors', () => {
  const ex: ChunkExample[] = [
    { feats: ['bias', 'cue=orgNext', 'len=1'], label: 'organisation' },
    { feats: ['bias', 'cue=orgNext', 'len=2'], label: 'organisation' },
    { feats: ['bias', 'cue=pronoun', 'len=2'], label: 'person' },
    { feats: ['bias', 'cue=pronoun', 'len=1'], label: 'person' },
    { feats: ['bias', 'cue=locPrev', 'len=1'], label: 'place' },
    { feats: ['bias', 'cue=locPrev', 'len=2'], label: 'place' },
    { feats: ['bias', 'sentStart', 'len=1'], label: 'none' },
    { feats: ['bias', 'sentStart', 'len=2'], label: 'none' },
  ];
  const a = chunkModelJson(trainChunkModel(ex), 'n', 's');
  const b = chunkModelJson(trainChunkModel(ex), 'n', 's');
  assert.equal(a, b);
  const m = parseChunkModel(JSON.parse(a), 'test');
  assert.equal(classifyChunk(m, ['bias', 'cue=orgNext', 'len=1']), 'organisation');
  assert.equal(classifyChunk(m, ['bias', 'cue=pronoun', 'len=2']), 'person');
  assert.equal(classifyChunk(m, ['bias', 'sentStart', 'len=1']), 'none');
  assert.throws(() => parseChunkModel({ classes: ['a'], weights: {}, threshold: 0.5 }, 'bad.json'), (e: unknown) => isParallaxError(e) && /bad\.json: not a chunk model/.test(e.message));
  assert.throws(() => parseChunkModel({ classes: [...CHUNK_CLASSES], weights: { x: [1] }, threshold: 0.5 }, 'bad.json'), (e: unknown) => isParallaxError(e) && /weights of "x"/.test(e.message));
});

test('one actor, one id: nicknames and initials join a surname, titles and possessives stay out of names', () => {
  const text =
    'Defence Secretary Jim Tallow arrived on Monday. James Tallow, a retired general, spoke first. Tallow left early. County Coroner Mina Rusk said the report was ready. Harold Q. Benn and Harold R. Benn are cousins.';
  const m = mentions(text);
  const ids = new Map(m.map(([l, , id]) => [l, id]));
  assert.equal(ids.get('Jim Tallow'), 'person:jim-tallow');
  assert.equal(ids.get('James Tallow'), 'person:jim-tallow');
  assert.equal(ids.get('Tallow'), 'person:jim-tallow');
  assert.equal(ids.get('Mina Rusk'), 'person:mina-rusk'); // "County Coroner" is her title, not her name
  assert.notEqual(ids.get('Harold Q. Benn'), ids.get('Harold R. Benn')); // different middle initials: two people
  // "Obama's State Department": the possessive and the department stay out of the person
  const obama = mentions("President Barack Obama spoke. Obama's State Department agreed, and Obama’s aides and Obamaʼs State Department staff were pleased.");
  for (const [label, kind, id] of obama) {
    if (kind === 'person') {
      assert.equal(id, 'person:barack-obama', label);
      assert.ok(!/['’ʼ]s|State/.test(label), label);
    }
  }
  assert.ok(obama.filter(([, kind]) => kind === 'person').length >= 4, JSON.stringify(obama));
  // a possessive written with a letter apostrophe (U+02BC) ends the name
  for (const [label] of mentions('Critics of Jim Tallowʼs Defence Department spoke. Tallow said nothing.')) assert.ok(!/ʼs/.test(label), label);
});
