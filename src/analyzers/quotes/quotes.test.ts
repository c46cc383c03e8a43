import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testAnalyzer, showSpan } from '../../core/tester.js';
import { createPipeline } from '../../core/pipeline.js';
import { ofKind, type Finding, type QuoteFinding } from '../../core/finding.js';
import { analyseText, nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer, type ActorMention } from '../actors/index.js';
import { buildLexicon, extractQuotes, quotesAnalyzer, speakerAt, type Quote } from './index.js';
import { SEEDS_DIR, SEEDS_SKIP } from '../../core/test-seeds.js';

const upstream = [nlpAnalyzer, actorsAnalyzer];
/** The analyzer's findings as quotes: all of them are (asserted, not cast). */
const q = (fs: Finding[]): QuoteFinding[] => {
  const quotes = ofKind(fs, 'quote');
  assert.equal(quotes.length, fs.length, 'the quotes analyzer reports only quotes');
  return quotes;
};

testAnalyzer(quotesAnalyzer, {
  requires: upstream,
  valid: [
    { text: 'The river rose by two metres overnight and the bridge was closed.' },
    { name: 'a naming verb without a quotation is not speech', text: 'The ministry called the meeting for Tuesday.' },
    { name: 'participle and passive uses are not cues', text: 'The so-called agreement is said to be fragile.' },
    {
      // Found by the long fuzz run: JSON Lines of {"text":""} read as plain text gave one empty "quote" per line.
      name: 'quotation marks around nothing, or only punctuation, quote no words',
      text: 'The clerk wrote: "". The mayor said: “…” and then “ — ”.\n\n{"text":""}\n{"text":""}',
    },
  ],
  invalid: [
    {
      name: 'direct quote, cue after, name',
      text: '“We will not give up the valley,” Foreign Minister Talia Verrin said on Monday.',
      expect: [{ kind: 'quote', quoteType: 'direct', verb: 'say', verbStance: 'neutral', speaker: 'Talia Verrin', actorId: 'person:talia-verrin', speakerVia: 'name', evidence: '“We will not give up the valley,”' }],
    },
    {
      name: 'direct quote, inverted cue',
      text: '"The talks are over," said Oskar Lindqvist, the delegation head.',
      expect: (fs) => {
        const [f] = q(fs);
        assert.equal(q(fs).length, 1);
        assert.equal(f.quoteType, 'direct');
        assert.equal(f.speaker, 'Oskar Lindqvist');
      },
    },
    {
      name: 'colon and comma introductions, distancing and endorsing verbs, continuation',
      text: 'Marek Halloway claimed: «The dam is safe.» Later he admitted, “The spillway failed twice.” “Nobody was hurt.”',
      expect: (fs) => {
        const qs = q(fs);
        assert.equal(qs.length, 3, qs.map((f) => f.evidence).join(' | '));
        assert.deepEqual(qs.map((f) => [f.quoteType, f.verb, f.verbStance, f.speaker, f.speakerVia]), [
          ['direct', 'claim', 'distancing', 'Marek Halloway', 'name'],
          ['direct', 'admit', 'endorsing', 'Marek Halloway', 'pronoun'],
          ['direct', null, null, 'Marek Halloway', 'continuation'],
        ]);
      },
    },
    {
      name: 'indirect speech with that-clause, pronoun, "according to", "…, X said."',
      text:
        'Senator Ilse Brandvold said that the sanctions had failed. She insisted the embargo would end soon. ' +
        'According to the Brennock Institute, exports fell by a third. The convoy was delayed at the border, officials said.',
      expect: (fs) => {
        const qs = q(fs);
        assert.deepEqual(qs.map((f) => [f.quoteType, f.verb, f.verbStance, f.speaker]), [
          ['indirect', 'say', 'neutral', 'Ilse Brandvold'],
          ['indirect', 'insist', 'distancing', 'Ilse Brandvold'],
          ['indirect', 'according to', 'neutral', 'Brennock Institute'],
          ['indirect', 'say', 'neutral', 'officials'],
        ]);
        assert.equal(qs[0].evidence, 'that the sanctions had failed');
        assert.equal(qs[2].evidence, 'exports fell by a third');
        assert.equal(qs[3].evidence, 'The convoy was delayed at the border');
        assert.equal(qs[3].speakerVia, 'unresolved');
      },
    },
    {
      name: 'partial quote inside the outlet\'s sentence',
      text: 'Premier Dorota Kulesz called the pipeline deal "a betrayal of the north" in a speech.',
      expect: [{ quoteType: 'partial', verb: 'call', speaker: 'Dorota Kulesz', evidence: '"a betrayal of the north"' }],
    },
    {
      name: 'role noun resolves to the most recent person of that role family',
      text:
        'The analyst Ruth Okonkwo spoke first. Later, economist Jonas Feld took the floor.\n' +
        '“Prices will double by spring,” the expert warned.',
      expect: [{ quoteType: 'direct', verb: 'warn', speaker: 'Jonas Feld', speakerVia: 'role' }],
    },
    {
      name: 'multi-paragraph quote and a nested quote stay one quote',
      text: 'Mayor Anton Rusk said:\n“The first paragraph goes on. People call it ‘the old road’ here.\n“The second paragraph closes it.”',
      expect: (fs) => {
        const qs = q(fs);
        assert.equal(qs.length, 1, qs.map((f) => f.evidence).join(' | '));
        assert.equal(qs[0].speaker, 'Anton Rusk');
        assert.ok(qs[0].evidence.includes('second paragraph'));
      },
    },
    {
      name: 'colon introduction without a speech verb',
      text: 'President Lena Varga made a rare statement:\n“We stand with our neighbours.”',
      expect: [{ quoteType: 'direct', verb: null, speaker: 'Lena Varga', speakerVia: 'colon' }],
    },
  ],
});

test('speakerAt gives the speaker of an offset inside a quote, null outside', () => {
  const text = 'Mayor Anton Rusk said the works were late. “The budget is gone,” he added.';
  const analysis = createPipeline([...upstream, quotesAnalyzer]).run({ text });
  const quotes: Quote[] = analysis.findings
    .filter((f) => f.kind === 'quote')
    .map((f) => {
      const content = f.related!.find((r) => r.role === 'content')!.span;
      return { span: f.span, contentSpan: content, cueSpan: null, verb: f.verb, speakerSpan: null, speakerActorId: f.actorId, speakerKind: f.speakerKind, speakerName: f.speaker, speakerVia: f.speakerVia, type: f.quoteType, verbStance: f.verbStance };
    });
  const at = text.indexOf('budget');
  assert.equal(speakerAt(quotes, at)?.speaker, 'Anton Rusk');
  assert.equal(speakerAt(quotes, text.indexOf('works')), null, 'indirect speech is the outlet\'s paraphrase by default');
  assert.equal(speakerAt(quotes, text.indexOf('works'), { indirect: true })?.actorId, 'person:anton-rusk');
  assert.equal(speakerAt(quotes, 0), null);
});

test('the lexicon is validated when loaded', () => {
  const lex = buildLexicon();
  assert.equal(lex.single.get('claimed')?.stance, 'distancing');
  assert.equal(lex.single.get('revealed')?.stance, 'endorsing');
  assert.equal(lex.single.get('said')?.stance, 'neutral');
  assert.equal(lex.double.get('pointed')?.[0][1].stance, 'endorsing');
  const roles = { note: 'x', families: [] };
  assert.throws(() => buildLexicon({ note: 'x', entries: [{ lemma: 'say', forms: ['said'], stance: 'sceptical' as never, note: 'n' }] }, roles), /stance/);
  assert.throws(() => buildLexicon({ note: 'x', entries: [{ lemma: 'say', forms: ['said'], stance: 'neutral', note: '' }] }, roles), /note/);
});

// Acceptance on the real seed articles (read from ../shared, never copied): the quotes and their speakers.
const SEEDS = SEEDS_DIR ?? '';
test('seed articles: quotes and speakers', { skip: SEEDS_SKIP }, () => {
  const pipeline = createPipeline([...upstream, quotesAnalyzer]);
  const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
  const byPrefix = (p: string) => {
    const f = files.find((x) => x.startsWith(p));
    assert.ok(f, `seed ${p}`);
    const text = readFileSync(join(SEEDS, f), 'utf8');
    return { text, quotes: q(pipeline.run({ text }).findings.filter((x) => x.kind === 'quote')) };
  };
  const find = (qs: QuoteFinding[], words: string) => qs.find((x) => x.evidence.includes(words));
  const check = (qs: QuoteFinding[], text: string, words: string, speaker: string, extra: Partial<QuoteFinding> = {}) => {
    const f = find(qs, words);
    assert.ok(f, `a quote containing "${words}"`);
    assert.equal(f.speaker, speaker, `speaker at ${showSpan(text, f.span)}`);
    for (const [k, v] of Object.entries(extra)) assert.deepEqual((f as unknown as Record<string, unknown>)[k], v, `${k} at ${showSpan(text, f.span)}`);
  };

  const s001 = byPrefix('001');
  check(s001.quotes, s001.text, 'presence of Zionists', 'Hossein Amir-Abdollahian', { quoteType: 'direct', verb: 'state' });
  check(s001.quotes, s001.text, 'Wherever the Zionists', 'Hossein Amir-Abdollahian', { verbStance: 'endorsing' });
  check(s001.quotes, s001.text, 'invites all parties', 'Hossein Amir-Abdollahian');
  check(s001.quotes, s001.text, 'no longer takes', 'Ramin Mamedov', { verb: 'claim', verbStance: 'distancing' });
  check(s001.quotes, s001.text, 'had bought', 'Ilham Aliyev', { quoteType: 'indirect', verbStance: 'distancing' });

  const s002 = byPrefix('002');
  check(s002.quotes, s002.text, 'main buyers of weapons', 'the author', { quoteType: 'direct', verb: 'note' });
  check(s002.quotes, s002.text, 'had other motives', 'IRNA', { quoteType: 'indirect', verb: 'report' });

  const s003 = byPrefix('003');
  check(s003.quotes, s003.text, 'My visit to Azerbaijan', 'Isaac Herzog', { quoteType: 'direct' });
  check(s003.quotes, s003.text, 'since Peres', 'David Eidelman', { speakerVia: 'pronoun' });
  check(s003.quotes, s003.text, 'It was a strategic choice', 'David Eidelman');
  check(s003.quotes, s003.text, 'accompanied, among others', 'Michael Borodkin');
  check(s003.quotes, s003.text, 'shadow of the Iranian threat', 'Michael Borodkin', { speakerVia: 'role' });
  check(s003.quotes, s003.text, 'Security cooperation', 'Michael Borodkin');

  const s004 = byPrefix('004');
  check(s004.quotes, s004.text, 'close friends of Azerbaijan', 'Ilham Aliyev', { quoteType: 'direct', speakerVia: 'colon' });
});

// Found by the fuzz suite (analyzer-threw): an opening quotation mark after the last token made tokens[first]
// undefined ("Cannot read properties of undefined (reading 'sentence')") and the analyzer failed on the article.
test('a quotation mark opening after the last token does not fail the analyzer', () => {
  const pipeline = createPipeline([...upstream, quotesAnalyzer]);
  for (const text of ['\u{10000}\u00ab', '\u{ce041}\u00ab', 'The minister said \u{10000}\u00ab']) {
    const r = pipeline.run({ text });
    assert.deepEqual(r.diagnostics.filter((d) => d.code === 'analyzer-failed').map((d) => d.message), [], JSON.stringify(text));
  }
});

test('an actor mention after the last token does not fail extraction, nor a role reference looking for it', () => {
  const text = 'The senator spoke. “We are done,” the senator said.   ';
  const a = analyseText(text);
  const mention: ActorMention = {
    span: { start: text.length - 2, end: text.length - 1 },
    actorId: 'person:x',
    actorKind: 'person',
    canonical: 'X',
    label: ' ',
    labelNormalized: '',
    labelType: 'name',
    inQuote: false,
    via: 'gazetteer',
    roles: ['senator'],
  };
  const qs = extractQuotes({ text, tokens: a.tokens, regions: a.quoteRegions, paragraphs: a.paragraphs, actors: [mention], roles: new Set(['senator']), lexicon: buildLexicon() });
  assert.equal(qs.length, 1);
  assert.equal(qs[0].type, 'direct');
  assert.equal(text.slice(qs[0].speakerSpan!.start, qs[0].speakerSpan!.end), 'the senator');
});

// Attribution structure (1.3.0), on sentences written for the test: what is found, and the speaker words as
// annotators draw them.
test('attribution structure: appositions, relative pronouns, attitudes, parentheticals, questions and turns', () => {
  const pipeline = createPipeline([...upstream, quotesAnalyzer]);
  const run = (text: string): Array<[string, string | null, string | undefined, string | undefined]> =>
    ofKind(pipeline.run({ text }).findings, 'quote').map((f) => {
      const words = (role: string): string | undefined => f.related?.find((r) => r.role === role)?.evidence;
      return [f.quoteType, f.verb ?? null, words('speaker'), words('content')];
    });
  assert.deepEqual(run('Marta Selje, the harbour master of Kessel, said the quay would reopen in May.'), [
    ['indirect', 'say', 'Marta Selje, the harbour master of Kessel,', 'the quay would reopen in May'],
  ]);
  assert.deepEqual(run('The dockers, who struck for a week, said on Friday they would return to work.'), [
    ['indirect', 'say', 'The dockers, who struck for a week,', 'they would return to work'],
  ]);
  assert.deepEqual(run('A survey released by the port authority shows most traders oppose the new fees.'), [
    ['indirect', 'show', 'A survey released by the port authority', 'most traders oppose the new fees'],
  ]);
  assert.deepEqual(run('The ferry service, the mayor said, will not run before June.'), [
    ['indirect', 'say', 'the mayor', 'The ferry service, the mayor said, will not run before June'],
  ]);
  assert.deepEqual(run('Asked whether the fees would rise, the harbour master declined to comment.'), [
    ['indirect', 'ask', undefined, 'whether the fees would rise'],
    ['indirect', 'decline', 'the harbour master', 'to comment'],
  ]);
  // a transcript turn is the speaker's own words (a direct quote without marks)
  const turn = run('HOST: What happens to the ferry next year?\n\nSELJE: We will run it from the north quay.');
  assert.deepEqual(turn.map((t) => [t[0], t[2], t[3]]), [
    ['direct', 'HOST', 'What happens to the ferry next year'],
    ['direct', 'SELJE', 'We will run it from the north quay'],
  ]);
  // an attitude inside someone else's statement is that statement's content, not an attribution of its own
  assert.deepEqual(run('The mayor said the traders want lower fees.').map((t) => t[1]), ['say']);
  // ''…'' quotes (ASCII archives) are direct quotes with the speaker after them
  assert.deepEqual(run("''The quay is ready,'' said Marta Selje, the harbour master."), [
    ['direct', 'say', 'Marta Selje, the harbour master', "The quay is ready,"],
  ]);
});
