import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import { defaultAnalyzers } from '../index.js';
import type { TechniqueFinding } from '../../core/finding.js';

const pipeline = createPipeline(defaultAnalyzers as Analyzer[]);

// The same loaded sentence in English and Russian (written for this test).
const EN = 'The criminal Zionist regime brutally massacred innocent civilians, and its lying leaders boasted about the atrocity.';
const RU = 'Преступный сионистский режим жестоко расправился с мирными жителями, а его лживые лидеры хвастались этим зверством.';

test('stance and English-lexicon techniques are not computed on Russian text (name-calling by a listed epithet is); the article says why', () => {
  const a = pipeline.run({ text: RU, language: 'ru' });
  assert.deepEqual(a.findings.filter((f) => f.kind === 'stance' || f.kind === 'bias-sentence'), []);
  // the only technique: name-calling by the listed pejorative epithet, with its gloss
  const t = a.findings.filter((f): f is TechniqueFinding => f.kind === 'technique');
  assert.deepEqual(t.map((x) => [x.technique, x.cue, x.evidence, x.actorId, x.data?.gloss]), [['Name_Calling,Labeling', 'label', 'сионистский режим', 'state:IL', 'the Zionist regime']]);
  const codes = a.diagnostics.map((d) => `${d.analyzer}/${d.code}/${d.severity}`);
  assert.ok(codes.includes('stance/no-stance-lexicon/info'), codes.join(', '));
  assert.ok(codes.includes('techniques/no-technique-lexicon/info'), codes.join(', '));
  assert.match(a.diagnostics.find((d) => d.code === 'no-stance-lexicon')!.message, /language "ru"/);
  // labels still are: the pejorative epithet with its gloss
  const l = a.findings.find((f) => f.kind === 'label' && (f as { connotation?: string }).connotation === 'pejorative');
  assert.ok(l);
  assert.equal(l.data?.gloss, 'the Zionist regime');
});

test('the English article gets the English stance and techniques and no language diagnostic', () => {
  const a = pipeline.run({ text: EN, language: 'en' });
  assert.ok(a.findings.some((f) => f.kind === 'technique' || f.kind === 'bias-sentence'));
  assert.ok(a.findings.some((f) => f.kind === 'stance'));
  assert.deepEqual(a.diagnostics.filter((d) => d.code === 'no-stance-lexicon' || d.code === 'no-technique-lexicon'), []);
});
