import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline } from '../../core/pipeline.js';
import { ofKind } from '../../core/finding.js';
import { nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer } from '../actors/index.js';
import { labelsAnalyzer } from '../labels/index.js';
import { quotesAnalyzer } from '../quotes/index.js';
import { stanceAnalyzer, compileRoles, StanceDataError } from './index.js';

const pipeline = createPipeline([nlpAnalyzer, actorsAnalyzer, labelsAnalyzer, stanceAnalyzer, quotesAnalyzer]);
function roleOf(text: string, actorId: string): string | undefined {
  const f = ofKind(pipeline.run({ text, articleId: 't' }).findings, 'stance');
  const mine = f.filter((x) => x.actorId === actorId);
  assert.ok(mine.length, `no stance finding for ${actorId} in: ${text} (${f.map((x) => x.actorId).join(', ')})`);
  return mine.find((x) => x.role)?.role?.role;
}

test('role framing: the same verb casts its subject as aggressor and its object as victim', () => {
  assert.equal(roleOf('Portugal attacked Spain on Monday.', 'state:PT'), 'aggressor');
  assert.equal(roleOf('Portugal attacked Spain on Monday.', 'state:ES'), 'victim');
  assert.equal(roleOf('Spain was attacked on Monday.', 'state:ES'), 'victim');
  assert.equal(roleOf('The villages were shelled by Portugal.', 'state:PT'), 'aggressor');
});

test('role framing: acts, possessors, liars, allies and peace-makers', () => {
  assert.equal(roleOf("Portugal's aggression worries its neighbours.", 'state:PT'), 'aggressor');
  assert.equal(roleOf('The attacks on Spain continued for a week.', 'state:ES'), 'victim');
  assert.equal(roleOf('Portugal has launched repeated attacks on the border.', 'state:PT'), 'aggressor');
  assert.equal(roleOf('Portugal lied about the casualties.', 'state:PT'), 'liar');
  assert.equal(roleOf('Spain maintains a notably friendly stance toward its neighbours.', 'state:ES'), 'ally');
  assert.equal(roleOf('Spain is a close ally.', 'state:ES'), 'ally');
  assert.equal(roleOf('Spain mediated the talks between the two parties.', 'state:ES'), 'peace-maker');
});

test('role framing: the target of threats is their victim, their source the aggressor', () => {
  assert.equal(roleOf('Portugal has been making threatening statements towards Spain.', 'state:ES'), 'victim');
  assert.equal(roleOf('The threats against Spain grew louder.', 'state:ES'), 'victim');
  assert.equal(roleOf("Portugal's threats worried the region.", 'state:PT'), 'aggressor');
});

test('role framing: negated cues, receivers of help and neutral reports cast no role', () => {
  assert.equal(roleOf('Portugal did not attack the convoy.', 'state:PT'), undefined);
  assert.equal(roleOf('The fund supported Spain last year.', 'state:ES'), undefined);
  assert.equal(roleOf('Spain held elections on Sunday.', 'state:ES'), undefined);
});

test('target-directed sentiment: a grim event is not charged to every actor of the sentence', () => {
  const text = 'Spain announced the withdrawal of its troops, while the brutal war killed thousands of civilians.';
  const f = ofKind(pipeline.run({ text, articleId: 't' }).findings, 'stance').filter((x) => x.actorId === 'state:ES');
  assert.ok(f.length);
  assert.ok(typeof f[0].directed === 'number' && typeof f[0].locality === 'number');
  assert.ok((f[0].directed ?? 0) > -0.2, `directed ${f[0].directed}, model ${f[0].modelScore}`);
});

test('roles.json is validated when loaded', () => {
  assert.throws(() => compileRoles({ groups: [{ role: 'hero' as never, kind: 'verb', note: 'x', forms: ['save'] }] }), StanceDataError);
  assert.throws(() => compileRoles({ groups: [{ role: 'ally', kind: 'verb', note: '', forms: ['help'] }] }), StanceDataError);
  assert.throws(() => compileRoles({ groups: [{ role: 'ally', kind: 'verb', note: 'x', forms: ['Help!'] }] }), StanceDataError);
});
