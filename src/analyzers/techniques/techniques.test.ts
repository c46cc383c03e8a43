import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testAnalyzer } from '../../core/tester.js';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import type { BiasSentenceFinding, Finding, TechniqueFinding } from '../../core/finding.js';
import { nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer } from '../actors/index.js';
import { labelsAnalyzer } from '../labels/index.js';
import { quotesAnalyzer } from '../quotes/index.js';
import { buildCueGate, patternBeginnings } from './cue-gate.js';
import { biasScore, classifySpan, compileLexicon, DEFAULT_BIAS_SCALE, rawDefaults, TechniqueLexiconError, TECHNIQUES, techniquesAnalyzer, type SpanContext } from './index.js';
import { inflections } from './reading.js';
import { SEEDS_DIR, SEEDS_SKIP } from '../../core/test-seeds.js';

const upstream = [nlpAnalyzer, actorsAnalyzer, labelsAnalyzer, quotesAnalyzer] as Analyzer[];
const techs = (fs: Finding[]): TechniqueFinding[] => fs.filter((f): f is TechniqueFinding => f.kind === 'technique');
const has = (fs: Finding[], technique: string, evidence?: string | RegExp): TechniqueFinding => {
  const hit = techs(fs).find((f) => f.technique === technique && (evidence === undefined || (typeof evidence === 'string' ? f.evidence === evidence : evidence.test(f.evidence))));
  assert.ok(hit, `expected ${technique}${evidence ? ` on ${String(evidence)}` : ''}; got ${techs(fs).map((f) => `${f.technique}[${f.evidence}]`).join(' | ')}`);
  return hit;
};

// All sentences below were written for these tests; the states and people are invented or generic.
testAnalyzer(techniquesAnalyzer as Analyzer, {
  requires: upstream,
  valid: [
    { name: 'a plain wire sentence', text: 'The ministers met in Geneva on Tuesday and agreed to resume talks next month.' },
    { name: 'legal term, not a verdict', text: 'Prosecutors opened a criminal investigation into the contract on Monday.' },
  ],
  invalid: [
    {
      name: 'loaded language with a reason and a target',
      text: 'The council condemned the brutal crackdown ordered by President Elena Varga.',
      expect: (fs) => {
        const f = has(fs, 'Loaded_Language', 'brutal crackdown');
        assert.match(f.reason, /loaded language \(lexicon: atrocity-nouns\)/);
        assert.equal(f.voice, 'outlet');
        const bias = fs.filter((x): x is BiasSentenceFinding => x.kind === 'bias-sentence');
        assert.equal(bias.length, 1);
        assert.ok(bias[0].score >= 0.5, String(bias[0].score));
        assert.deepEqual(bias[0].words.map((w) => w.text), ['brutal']);
      },
    },
    {
      name: 'exaggeration, doubt and fear cues',
      text: 'The so-called peace plan is the biggest threat to the security of the whole region. Its backers claim to be neutral. The deal will destroy our economy.',
      expect: (fs) => {
        // Doubt and exaggeration span the clause that carries them, as annotators mark a claim.
        has(fs, 'Doubt', /^The so-called peace plan is the biggest threat/);
        has(fs, 'Exaggeration,Minimisation', /the biggest threat to the security of the whole region$/);
        has(fs, 'Doubt', /claim to be neutral/);
        has(fs, 'Appeal_to_fear-prejudice', /will destroy our economy/);
      },
    },
    {
      name: 'flag-waving, bandwagon, black-and-white, whataboutism, slogan, cliché, authority, causal, hitler',
      text: [
        'It is our patriotic duty to defend the homeland.',
        'Everyone knows the truth by now.',
        'There is no alternative to victory.',
        'Yet they say nothing about their own prisons.',
        'Down with the traitors!',
        'Enough is enough.',
        'Experts agree that the plan cannot work.',
        'The sole reason for the shortage is the blockade.',
        'His speech sounded like the Nazis in 1938.',
      ].join('\n'),
      expect: (fs) => {
        has(fs, 'Flag-Waving', /patriotic duty/);
        has(fs, 'Bandwagon,Reductio_ad_hitlerum', /^Everyone knows/);
        has(fs, 'Black-and-White_Fallacy', /no alternative/);
        has(fs, 'Whataboutism,Straw_Men,Red_Herring', /say nothing/);
        has(fs, 'Slogans', /Down with the traitors/);
        has(fs, 'Thought-terminating_Cliches', /Enough is enough/);
        has(fs, 'Appeal_to_Authority', /Experts agree/);
        has(fs, 'Causal_Oversimplification', /sole reason/);
        has(fs, 'Bandwagon,Reductio_ad_hitlerum', /Nazis/);
      },
    },
    {
      name: 'a pejorative label from the labels analyzer is name-calling aimed at its actor; its repetition is repetition',
      text: 'The Zionist regime bombed the port. Officials said the Zionist regime must pay.\nObservers warned that the Zionist regime would strike again.',
      expect: (fs) => {
        const nc = techs(fs).filter((f) => f.technique === 'Name_Calling,Labeling' && f.cue === 'label');
        assert.ok(nc.length >= 1);
        assert.equal(nc[0].actorId, 'state:IL');
        assert.equal(nc[0].targetVia, 'label');
        assert.match(nc[0].reason, /pejorative label for Israel/);
        const rep = techs(fs).filter((f) => f.technique === 'Repetition');
        assert.ok(rep.length >= 1, 'repeated label');
        assert.ok(rep.every((r) => r.related?.[0].role === 'first-occurrence'));
      },
    },
    {
      name: 'a rhetorical question in the outlet voice is doubt; a quoted one is not',
      text: 'How can anyone still trust these promises? The minister asked: "Who will pay for the damage to the farms?"',
      expect: (fs) => {
        const d = techs(fs).filter((f) => f.technique === 'Doubt');
        assert.equal(d.length, 1);
        assert.match(d[0].evidence, /^How can anyone/);
      },
    },
    {
      name: 'an evaluative word used as a verb is not loaded language (it only adds to the sentence score)',
      text: 'The company failed to file its accounts on time, the registry said on Friday.',
      expect: (fs) => assert.equal(techs(fs).length, 0, techs(fs).map((f) => f.evidence).join(' | ')),
    },
    {
      name: 'an intensifier and the word it heightens are one loaded phrase; a bizarre policy is evaluative',
      text: 'The tax plan is utterly shameful and extremely dangerous, a bizarre policy from start to finish.',
      expect: (fs) => {
        has(fs, 'Loaded_Language', 'utterly shameful');
        has(fs, 'Loaded_Language', 'extremely dangerous');
        has(fs, 'Loaded_Language', 'bizarre policy');
        assert.ok(!techs(fs).some((f) => f.evidence === 'shameful'), 'the joined word is not reported twice');
      },
    },
    {
      name: 'records, totalities, doubt without a question mark, national appeals and epithet phrases',
      text: [
        'It was the worst harvest in living memory.',
        'They lied every single time.',
        'The ministry repeated the charge without providing any evidence.',
        'The American people deserve better than this.',
        'The senator called them useful idiots of the deep state.',
      ].join('\n'),
      expect: (fs) => {
        has(fs, 'Exaggeration,Minimisation', /^It was the worst harvest in living memory$/);
        has(fs, 'Exaggeration,Minimisation', 'They lied every single time');
        has(fs, 'Doubt', /without providing any evidence/);
        has(fs, 'Flag-Waving', /American people/);
        has(fs, 'Name_Calling,Labeling', /useful idiots/);
        has(fs, 'Name_Calling,Labeling', /deep state/);
      },
    },
    {
      name: 'loaded language is the phrase: adjective with its noun, coordinated words, verb with auxiliaries, adverb with its verb',
      text: 'Officials offered phony numbers and pathetic and laughable excuses. The mayor has been smearing the inspectors. The board recklessly approved the loan.',
      expect: (fs) => {
        has(fs, 'Loaded_Language', 'phony numbers');
        has(fs, 'Loaded_Language', 'pathetic and laughable excuses');
        has(fs, 'Loaded_Language', 'has been smearing');
        // 'recklessly' is not listed: it is the -ly form of the listed 'reckless'.
        has(fs, 'Loaded_Language', 'recklessly approved');
        assert.ok(!techs(fs).some((f) => f.evidence === 'laughable'), 'a coordinated word is not reported twice');
      },
    },
    {
      name: 'a loaded word on a noun naming people labels them (name-calling), not through an of-phrase',
      text: 'Only a reckless man would sign it. The report describes the violence of the regime.',
      expect: (fs) => {
        const f = has(fs, 'Name_Calling,Labeling', 'reckless man');
        assert.match(f.reason, /labels people/);
        const v = has(fs, 'Loaded_Language', /^violence/);
        assert.equal(v.technique, 'Loaded_Language');
      },
    },
    {
      name: 'an absolute claim spans its clause; the sentence score reads the matched words only',
      text: 'Nobody in the capital believed the figures, the paper said.',
      expect: (fs) => {
        const f = has(fs, 'Exaggeration,Minimisation', 'Nobody in the capital believed the figures');
        assert.deepEqual(f.data?.cue, { start: 0, end: 6 });
        const b = fs.filter((x): x is BiasSentenceFinding => x.kind === 'bias-sentence');
        assert.deepEqual(b[0].words.map((w) => w.text), ['Nobody']);
      },
    },
    {
      name: 'violence words are loaded-language findings that weigh little in the sentence score',
      text: 'The violence spread to three districts overnight, police said.',
      expect: (fs) => {
        has(fs, 'Loaded_Language', /violence/);
        const b = fs.filter((x): x is BiasSentenceFinding => x.kind === 'bias-sentence');
        assert.ok(b.every((x) => x.score < 0.5), b.map((x) => x.score).join(','));
      },
    },
    {
      name: 'scare quotes and exclamations in the outlet voice add to the sentence score',
      text: 'The government unveiled its "reform" of the courts on Monday!',
      expect: (fs) => {
        const b = fs.filter((x): x is BiasSentenceFinding => x.kind === 'bias-sentence');
        assert.equal(b.length, 1);
        assert.deepEqual(b[0].words.map((w) => w.source).sort(), ['exclamation', 'scare-quote']);
        assert.ok(b[0].score >= 0.5, String(b[0].score));
      },
    },
    {
      name: 'loaded words inside a quotation belong to the speaker',
      text: 'Foreign Minister Anna Holm said: "This is a barbaric and shameful attack on civilians."',
      expect: (fs) => {
        const f = has(fs, 'Loaded_Language', 'barbaric and shameful attack');
        assert.notEqual(f.voice, 'outlet');
        assert.equal(typeof f.voice === 'object' && f.voice.speaker, 'Anna Holm');
      },
    },
  ],
});

describe('techniques lexicon', () => {
  test('the shipped tables compile, with a note or source on every entry', () => {
    const lex = compileLexicon(rawDefaults);
    assert.ok(lex.words.size > 500);
    assert.ok(lex.cues.length >= 18);
    const covered = new Set([...lex.cues.map((c) => c.technique), ...[...lex.words.values()].map((w) => w.technique).filter(Boolean)]);
    for (const t of TECHNIQUES) if (t !== 'Repetition') assert.ok(covered.has(t), `no cue for ${t}`);
  });
  test('bad data is refused when loaded', () => {
    const cue = { id: 'x', technique: 'Doubt', pattern: 'foo', confidence: 0.5, reason: 'r', note: 'n' };
    assert.throws(() => compileLexicon({ words: [], cues: [{ ...cue, note: undefined }] }), TechniqueLexiconError);
    assert.throws(() => compileLexicon({ words: [], cues: [{ ...cue, technique: 'Propaganda' }] }), /unknown technique/);
    assert.throws(() => compileLexicon({ words: [], cues: [{ ...cue, pattern: 'Foo' }] }), /lower case/);
    assert.throws(() => compileLexicon({ words: [], cues: [{ ...cue, pattern: 'a*' }] }), /empty string/);
    const w = { group: 'g', technique: 'Loaded_Language', weight: 0.5, forms: ['x', 'x'], note: 'n' };
    assert.throws(() => compileLexicon({ words: [w], cues: [] }), /listed twice/);
    assert.throws(() => compileLexicon({ words: [{ ...w, forms: ['y'], weight: 2 }], cues: [] }), /weight/);
    assert.throws(() => compileLexicon({ words: [{ ...w, forms: ['y'], biasWeight: 0 }], cues: [] }), /biasWeight/);
    assert.throws(() => compileLexicon({ words: [], cues: [], persons: ['Two words'] }), /person-nouns/);
  });
  test('the cue gate finds exactly the matches of the global scan', () => {
    const lex = compileLexicon(rawDefaults);
    assert.ok(lex.cues.filter((c) => c.reY).length >= 18, 'most shipped patterns are gated');
    const texts = [
      'They warned of dire  consequences.\nThe so-called "experts" say it is the biggest lie ever told; death to the regime!',
      'Without any evidence, critics want you to believe that nazis and neo-nazis are the greatest threat to the nation #freedom',
      'what about the west? yet they remain silent about it. everyone knows. café-the biggest hoax in history, x_the worst',
      'nothing more than a tiny minority. at all costs. we will never surrender! it is what it is. the only reason is greed.',
    ];
    for (const text of texts) {
      const hay = text.toLowerCase();
      const cand = lex.gate.candidates(hay);
      lex.cues.forEach((c, ci) => {
        if (!c.re || !c.reY) return;
        const scan: string[] = [];
        c.re.lastIndex = 0;
        for (let m = c.re.exec(hay); m; m = c.re.exec(hay)) scan.push(`${m.index}:${m[0]}`);
        const gated: string[] = [];
        let from = 0;
        for (const p of cand[ci]!) {
          if (p < from) continue;
          c.reY.lastIndex = p;
          const m = c.reY.exec(hay);
          if (m) {
            gated.push(`${m.index}:${m[0]}`);
            from = p + m[0].length;
          }
        }
        assert.deepEqual(gated, scan, c.id);
      });
    }
    // Constructs the gate does not read, and beginnings that consume nothing, leave a pattern ungated.
    assert.equal(patternBeginnings('\\bfoo\\1'), null);
    assert.equal(patternBeginnings('(?:foo)?bar|\\s*baz|x*'), null);
    assert.deepEqual(patternBeginnings('\\bfoo\\s+bar|qu?x'), ['\u0001foo\u0003bar', 'qx', 'qux']);
    const g = buildCueGate([['\u0001ab'], null]);
    assert.deepEqual(g.candidates('ab xab ab'), [[0, 7], null]);
  });
  test('bias score: one strong word crosses 0.5, long sentences need more', () => {
    assert.equal(biasScore([], 10), 0);
    assert.ok(biasScore([0.85], 12) > 0.5);
    assert.ok(biasScore([0.35], 12) < 0.5);
    assert.ok(biasScore([0.85], 80) < biasScore([0.85], 12));
  });
  test('the calibrated scale: one ordinary evaluative word in a short sentence crosses 0.5, a faint one does not', () => {
    assert.ok(DEFAULT_BIAS_SCALE > 1 && DEFAULT_BIAS_SCALE < 5, String(DEFAULT_BIAS_SCALE));
    assert.ok(biasScore([0.35], 12, DEFAULT_BIAS_SCALE) >= 0.5);
    assert.ok(biasScore([0.15], 12, DEFAULT_BIAS_SCALE) < 0.5);
    assert.ok(biasScore([0.35], 60, DEFAULT_BIAS_SCALE) < 0.5);
  });
  test('sober copy scores lower than slanted copy on the same events (sentences written for this test)', () => {
    const pipeline = createPipeline([...upstream, techniquesAnalyzer as Analyzer]);
    const mean = (text: string): number => {
      const a = pipeline.run({ text, articleId: 't' });
      const b = a.findings.filter((x): x is BiasSentenceFinding => x.kind === 'bias-sentence');
      const n = text.split(/(?<=[.!?])\s+/).length;
      return b.reduce((s, x) => s + x.score, 0) / n;
    };
    const sober = 'Two border guards were killed in a shooting at the crossing on Saturday, monitors said. The cause of the incident could not be independently verified. Both governments said they would investigate. Talks are scheduled for next week.';
    const slanted = 'The brutal regime murdered two heroic guards in cold blood on Saturday! Its so-called investigation is a shameless sham. Everyone knows who is to blame. The nation will never forget this despicable crime.';
    assert.ok(mean(sober) < 0.2, String(mean(sober)));
    assert.ok(mean(slanted) > 0.6, String(mean(slanted)));
  });
});

describe('inflections and the span reader', () => {
  test('regular inflections of a listed word', () => {
    assert.deepEqual(inflections('smear').sort(), ['smeared', 'smearing', 'smearly', 'smears'].sort());
    assert.ok(inflections('slam').includes('slammed'));
    assert.ok(inflections('bully').includes('bullied'));
    assert.ok(inflections('reckless').includes('recklessly'));
    assert.ok(inflections('vile').includes('viler') === false && inflections('vile').includes('viles'));
    assert.deepEqual(inflections('war'), [], 'three letters or fewer are not inflected');
  });
  test('classifySpan reads a given span: repetition, labels, phrases and claims (texts written for this test)', () => {
    const text = [
      'The Velmar Party promised a fair budget. Critics called its leader a reckless man.',
      'The fair budget never came.',
      'Why should families trust a government that has broken every promise it made to them?',
      'Our nation and its proud people will defend the homeland and the constitution against every enemy.',
    ].join('\n');
    const ctx: SpanContext = { text, findings: [] };
    const at = (s: string, from = 0): { start: number; end: number } => {
      const i = text.indexOf(s, from);
      assert.ok(i >= 0, s);
      return { start: i, end: i + s.length };
    };
    const second = text.indexOf('fair budget', text.indexOf('fair budget') + 1);
    assert.equal(classifySpan(ctx, { start: second, end: second + 'fair budget'.length }), 'Repetition');
    assert.equal(classifySpan(ctx, at('reckless man')), 'Name_Calling,Labeling');
    assert.equal(classifySpan(ctx, at('fair')), 'Loaded_Language');
    assert.equal(classifySpan(ctx, at('Why should families trust a government that has broken every promise it made to them?')), 'Doubt');
    assert.equal(classifySpan(ctx, at('Our nation and its proud people will defend the homeland and the constitution against every enemy')), 'Flag-Waving');
    // A finding covering the span names it.
    const f = at('never came');
    assert.equal(classifySpan({ text, findings: [{ span: f, technique: 'Exaggeration,Minimisation', confidence: 0.6 }] }, f), 'Exaggeration,Minimisation');
    // A loaded word on a named person is a label when the mentions are known, loaded language when not.
    const ctx2 = (m: boolean): SpanContext => ({ text: 'Voters rejected corrupt Velmar again.', findings: [], mentions: m ? [{ start: 24, end: 30 }] : [] });
    assert.equal(classifySpan(ctx2(true), { start: 16, end: 23 }), 'Name_Calling,Labeling');
    assert.equal(classifySpan(ctx2(false), { start: 16, end: 23 }), 'Loaded_Language');
    // A weak one does not.
    assert.notEqual(classifySpan({ text, findings: [{ span: f, technique: 'Slogans', confidence: 0.2 }] }, f), 'Slogans');
  });
});

describe('techniques on the shared seed articles (real pipeline)', () => {
  const dir = SEEDS_DIR;
  const skip = SEEDS_SKIP;
  const pipeline = createPipeline([...upstream, techniquesAnalyzer as Analyzer]);
  const seed = (prefix: string): { text: string; fs: TechniqueFinding[]; words: number } => {
    const f = readdirSync(dir!).find((n) => n.startsWith(prefix) && n.endsWith('.txt'))!;
    const text = readFileSync(join(dir!, f), 'utf8');
    const a = pipeline.run({ text, articleId: f });
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
    return { text, fs: techs(a.findings), words: text.split(/\s+/).length };
  };
  const own = (fs: TechniqueFinding[]) => fs.filter((f) => f.voice === 'outlet');

  test('Iranian state editorial (000): name-calling of Israel, the superlative threat, doubt and flag-waving', { skip }, () => {
    const { fs } = seed('000_');
    const nc = own(fs).filter((f) => f.technique === 'Name_Calling,Labeling' && f.actorId === 'state:IL').map((f) => f.evidence.toLowerCase());
    assert.ok(nc.some((e) => e.includes('zionist regime')), nc.join(' | '));
    assert.ok(nc.some((e) => e.includes('occupying and criminal regime')), nc.join(' | '));
    has(fs, 'Exaggeration,Minimisation', /biggest threat to the security of the Islamic world/);
    has(fs, 'Doubt');
    has(fs, 'Appeal_to_fear-prejudice');
    has(fs, 'Flag-Waving', /Islamic world/);
    has(fs, 'Loaded_Language', /atrocities|massacres/);
  });
  test('Iranian-perspective analysis (001) and IRNA report (002): "the Zionist regime" is name-calling, repeated', { skip }, () => {
    for (const p of ['001_', '002_']) {
      const { fs } = seed(p);
      assert.ok(own(fs).some((f) => f.technique === 'Name_Calling,Labeling' && /zionist regime/i.test(f.evidence)), p);
      assert.ok(fs.some((f) => f.technique === 'Repetition'), p);
    }
  });
  test('the JNS wire piece (004) has few findings, far fewer per word than the Iranian editorial', { skip }, () => {
    const jns = seed('004_');
    const ed = seed('000_');
    assert.ok(own(jns.fs).length <= 4, own(jns.fs).map((f) => `${f.technique}[${f.evidence}]`).join(' | '));
    assert.ok(own(jns.fs).length / jns.words < own(ed.fs).length / ed.words / 4);
  });
});

test('a loaded word with nothing or only a format character beside it is read without failing (fuzz case 1717:108)', () => {
  const pipeline = createPipeline([...upstream, techniquesAnalyzer as Analyzer]);
  for (const text of ['\u202eevil', 'evil', 'pathetic and', 'x pathetic']) {
    const a = pipeline.run({ text, articleId: 'edge' });
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), [], JSON.stringify(text));
    assert.equal(techs(a.findings).length, 1, JSON.stringify(text));
  }
});
