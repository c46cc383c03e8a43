import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testAnalyzer } from '../../core/tester.js';
import { createPipeline } from '../../core/pipeline.js';
import { ofKind, type Finding, type StanceFinding } from '../../core/finding.js';
import { analyseText, nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer } from '../actors/index.js';
import { labelsAnalyzer } from '../labels/index.js';
import { stanceAnalyzer, compileLexicon, defaultLexicon, favouredIn, prepareSentence, targetFeatures, compileModel, predict, predictTarget, StanceDataError, StanceModelError, type FTok } from './index.js';

const upstream = [nlpAnalyzer, actorsAnalyzer, labelsAnalyzer];
const byActor = (fs: readonly Finding[], id: string): StanceFinding[] => ofKind(fs, 'stance').filter((f) => f.actorId === id);

testAnalyzer(stanceAnalyzer, {
  requires: upstream,
  valid: [{ text: 'The weather was mild on Tuesday and the markets were calm.' }],
  invalid: [
    {
      name: 'target-dependent: praise for one, contempt for the other in one sentence',
      text: 'Although Spain has been a loyal partner, Portugal has betrayed its allies.',
      expect: (fs) => {
        const [es] = byActor(fs, 'state:ES');
        const [pt] = byActor(fs, 'state:PT');
        assert.equal(es.polarity, 'positive');
        assert.equal(pt.polarity, 'negative');
        assert.ok(pt.cues.some((c) => c.text === 'betrayed'), JSON.stringify(pt.cues));
      },
    },
    {
      name: 'I like Peter but I don\'t like Robert',
      text: "I like Peter Smith but I don't like Robert Jones.",
      expect: (fs) => {
        const [peter] = byActor(fs, 'person:peter-smith');
        const [robert] = byActor(fs, 'person:robert-jones');
        assert.equal(peter.polarity, 'positive');
        assert.ok(robert.score < peter.score - 0.2, `Robert ${robert.score} vs Peter ${peter.score}`);
        assert.notEqual(robert.polarity, 'positive');
      },
    },
    {
      name: 'subject and object of evaluative verbs',
      text: 'Russia praised Germany for its generous support. Protesters accused Russia of brutal war crimes. Russia committed brutal war crimes.',
      expect: (fs) => {
        const ru = byActor(fs, 'state:RU');
        assert.equal(byActor(fs, 'state:DE')[0].polarity, 'positive');
        // The model reads the charge as negative for Russia, but the charge is the protesters', reported: the
        // outlet's own call stays neutral (1.2.0, directed.ts accusedIn). Said in the outlet's voice, it is negative.
        assert.ok((ru[1].modelScore ?? 0) < -0.5);
        assert.equal(ru[1].polarity, 'neutral');
        assert.equal(ru[2].polarity, 'negative');
        assert.ok(ru[2].score < -0.3, String(ru[2].score));
      },
    },
    {
      name: 'neutral report',
      text: 'The talks between France and Italy were held on Monday.',
      expect: (fs) => {
        assert.equal(fs.length, 2);
        for (const f of ofKind(fs, 'stance')) {
          assert.equal(f.polarity, 'neutral');
          assert.equal(f.related?.[0].role, 'sentence');
          assert.equal(f.related?.[0].evidence, 'The talks between France and Italy were held on Monday.');
          assert.equal(f.voice, 'outlet');
          assert.ok(f.confidence! > 0.33 && f.confidence! <= 1);
        }
      },
    },
    {
      name: 'a quoted judgement is the speaker\'s',
      text: '“Canada is a wonderful friend,” Emmanuel Macron said.',
      expect: (fs) => {
        const [ca] = byActor(fs, 'state:CA');
        assert.equal(ca.polarity, 'positive');
        assert.deepEqual(ca.voice, { speaker: 'Emmanuel Macron', actorId: 'person:emmanuel-macron' });
        assert.equal(byActor(fs, 'person:emmanuel-macron')[0].voice, 'outlet');
      },
    },
  ],
});

test('a pejorative label is negative evidence (labelPrior)', () => {
  const text = 'The Zionist regime sent a delegation to the summit.';
  const run = (labelPrior: number) =>
    createPipeline([...upstream, stanceAnalyzer], { stance: { labelPrior } })
      .run({ text })
      .findings.filter((f): f is StanceFinding => f.kind === 'stance' && f.actorId === 'state:IL');
  const [on] = run(2);
  const [off] = run(0);
  assert.ok(on && off, 'the label is a stance target');
  assert.ok(on.score < off.score - 0.1, `${on.score} vs ${off.score}`);
  assert.ok(on.cues.some((c) => c.text === 'Zionist'), JSON.stringify(on.cues));
});

function toks(s: string): FTok[] {
  return analyseText(s).tokens.map((t) => ({ lower: t.lower, pos: t.pos, start: t.span.start, end: t.span.end }));
}

test('negation flips valence within its clause only', () => {
  const lex = defaultLexicon();
  const info = prepareSentence(toks("They didn't support the plan, but they praised the envoy"), lex);
  const k = info.norm.indexOf('support');
  assert.ok(info.negated[k] && info.val[k] < 0);
  const p = info.norm.indexOf('praised');
  assert.ok(!info.negated[p] && info.val[p] > 0);
  assert.equal(info.role[info.clause[p]], 'point');
  assert.equal(info.role[info.clause[k]], 'conceded');
});

test('harm to a good thing counts against: "a threat to peace"', () => {
  const info = prepareSentence(toks('Their presence is a threat to peace'), defaultLexicon());
  assert.ok(info.val[info.norm.indexOf('peace')] < 0);
});

test('features are target-relative and remember their tokens', () => {
  const info = prepareSentence(toks('Alice thanked Bob warmly'), defaultLexicon());
  const a = targetFeatures(info, 0, 1);
  const b = targetFeatures(info, 2, 3);
  assert.ok(a.names.includes('R1:thanked') && b.names.includes('L1:thanked'));
  assert.equal(a.names.length, a.values.length);
  assert.equal(a.names.length, a.tok.length);
  assert.equal(a.tok[a.names.indexOf('R1:thanked')], 1);
});

test('the run-time scorer is predict(targetFeatures) bit for bit', async () => {
  const { readJson } = await import('./lexicon.js');
  const model = compileModel(readJson('model.json'));
  const lex = defaultLexicon();
  const texts = [
    "Although Spain has been a loyal partner, Portugal has betrayed its allies, but they don't hate Rome.",
    'Protesters accused Russia of brutal war crimes, according to officials who said the regime was not helpful.',
    "The Zionist regime's aggression is a threat to peace; Israel was condemned by the UN and it was praised by no one.",
  ];
  for (const text of texts) {
    const info = prepareSentence(toks(text), lex);
    for (let from = 0; from < info.norm.length; from++) {
      for (let to = from + 1; to <= Math.min(info.norm.length, from + 2); to++) {
        for (const [extras, offset] of [[{}, undefined], [{ inQuote: true, sentenceQuoted: true }, [1.5, 0, 0]]] as const) {
          const a = predict(model, targetFeatures(info, from, to, extras), offset as number[] | undefined);
          const b = predictTarget(model, info, from, to, extras, offset as number[] | undefined);
          assert.deepEqual([...b.pull], [...a.pull]);
          assert.deepEqual(b.probs, a.probs);
          assert.ok(Object.is(a.score, b.score) && Object.is(a.baseScore, b.baseScore) && a.polarity === b.polarity);
        }
      }
    }
  }
});

test('data files are validated when loaded', () => {
  const cues = { negators: [], intensifiers: [], hedges: [], contrast: [], reporting: [], lexicon: [] };
  assert.throws(() => compileLexicon({ sources: { a: {} }, entries: [['good', 9, 'a']] }, cues), StanceDataError);
  assert.throws(() => compileLexicon({ sources: { a: {} }, entries: [['good', 2, 'b']] }, cues), StanceDataError);
  assert.throws(() => compileLexicon({ sources: {}, entries: [] }, { ...cues, negators: [{ word: 'not', note: '' }] }), StanceDataError);
  assert.throws(() => compileModel({ format: 'x' } as never), StanceModelError);
  const lex = defaultLexicon();
  assert.ok(lex.valence.size > 7000 && lex.negators.has('not') && lex.reporting.has('said'));
});

test('threat framing: the target as the source of a threat, not its victim', async () => {
  const { threatCue, defaultFrames, compileFrames } = await import('./index.js');
  const frames = defaultFrames();
  const cue = (text: string, target: string): string | null => {
    const toks: FTok[] = analyseText(text).tokens.map((t) => ({ lower: t.lower, pos: t.pos, start: t.span.start, end: t.span.end }));
    const info = prepareSentence(toks, defaultLexicon());
    const words = target.toLowerCase().split(' ');
    const from = info.norm.findIndex((w, i) => words.every((x, j) => info.norm[i + j] === x));
    assert.ok(from >= 0, target);
    const k = threatCue(info, from, from + words.length, frames);
    return k < 0 ? null : info.norm[k];
  };
  assert.equal(cue('Officials warned of the threat from Norway in the north.', 'Norway'), 'threat');
  assert.equal(cue("Finland's expansion worries its neighbours.", 'Finland'), 'expansion');
  assert.equal(cue('Sweden destabilises the whole region, the minister wrote.', 'Sweden'), 'destabilises');
  assert.equal(cue('The aggressive Denmark kept its troops on the border.', 'Denmark'), 'aggressive');
  assert.equal(cue('The drills are a threat to Norway.', 'Norway'), null, 'victim of the threat');
  assert.equal(cue('The new missiles threaten Finland.', 'Finland'), null, 'object of the verb');
  assert.equal(cue('Sweden was threatened by the storm.', 'Sweden'), null, 'passive: the victim');
  assert.equal(cue('Denmark is not hostile to anyone.', 'Denmark'), null, 'negated');
  assert.equal(cue('Norway signed a trade deal on Monday.', 'Norway'), null);
  assert.throws(() => compileFrames({ threat: [{ word: 'menace', kind: 'noun', note: '' }] }), StanceDataError);
  assert.throws(() => compileFrames({ threat: [{ word: 'menace', kind: 'verb2' as 'verb', note: 'x' }] }), StanceDataError);
});

test('findings carry the model score, the label connotation and the threat word', () => {
  const pipeline = createPipeline([...upstream, stanceAnalyzer]);
  const text = 'Ministers in Oslo discussed the threat from Sweden on Monday.';
  const fs = ofKind(pipeline.run({ text }).findings, 'stance');
  const [se] = byActor(fs, 'state:SE');
  assert.ok(se, JSON.stringify(fs.map((f) => f.actorId)));
  assert.equal(se.threat?.text, 'threat');
  assert.equal(text.slice(se.threat!.span.start, se.threat!.span.end), 'threat');
  assert.equal(typeof se.modelScore, 'number');
  assert.equal(se.connotation, undefined);
});

test('a mention inside a wider label takes its word choice: "the Iranian regime" around "Iranian"', () => {
  const pipeline = createPipeline([...upstream, stanceAnalyzer]);
  const text = 'The Iranian regime sent a delegation to the summit on Monday.';
  const fs = ofKind(pipeline.run({ text }).findings, 'stance');
  const ir = byActor(fs, 'state:IR');
  assert.equal(ir.length, 1, JSON.stringify(fs.map((f) => [f.actorId, f.evidence])));
  assert.equal(ir[0].evidence, 'Iranian');
  assert.equal(ir[0].connotation, 'pejorative');
  assert.equal(ir[0].label?.text, 'The Iranian regime');
  assert.ok(ir[0].cues.some((c) => c.text === 'regime'), `the label's cue word carries the prior: ${JSON.stringify(ir[0].cues)}`);
  // A plain demonym is no label: no connotation.
  const plain = ofKind(pipeline.run({ text: 'The Iranian delegation arrived at the summit on Monday.' }).findings, 'stance');
  assert.equal(byActor(plain, 'state:IR')[0]?.connotation, undefined);
});

test('the recipient of favour is not judged by the favour\'s words: favouredIn', () => {
  const at = (sentence: string, word: string): boolean => {
    const t = toks(sentence);
    const info = prepareSentence(t, defaultLexicon());
    const k = t.findIndex((x) => sentence.slice(x.start, x.end) === word);
    assert.ok(k >= 0, word);
    return favouredIn(info, k);
  };
  assert.equal(at('Spain maintains a notably friendly stance toward Portugal.', 'Portugal'), true);
  assert.equal(at('Members of Congress must help Trump implement it.', 'Trump'), true);
  assert.equal(at('The council voted for support for Portugal.', 'Portugal'), true);
  // not favour: a negated cue, a hostile word, no favour word before the preposition
  assert.equal(at('Spain is not friendly toward Portugal.', 'Portugal'), false);
  assert.equal(at('Spain maintains a hostile stance toward Portugal.', 'Portugal'), false);
  assert.equal(at('Spain sent troops to Portugal.', 'Portugal'), false);
});
