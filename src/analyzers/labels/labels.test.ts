import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLabels } from './extract.js';
import { normalizeLabel } from './normalize.js';
import { compileLexicon, LexiconError, rawDefaults, type RawLexicon } from './lexicon.js';
import { GAZ, inputFor, type GazetteerEntry } from './test-support.js';
import type { LabelDraft, LabelInput } from './types.js';

// Every fixture sentence here is written for these tests. Invented actors: Velgrad, Karvenia, Ostrava, Lorinia
// (state:X?), Mira Dovan (person of Velgrad). None of the epithets tested below is in data/known-labels.json.

function run(text: string, gaz: GazetteerEntry[] = GAZ): { labels: LabelDraft[]; input: LabelInput; unresolved: Array<{ label: string }> } {
  const input = inputFor(text, gaz);
  const out = extractLabels(input);
  checkInvariants(text, out.labels);
  assert.deepEqual(extractLabels(input), out, 'deterministic');
  return { ...out, input };
}

function checkInvariants(text: string, labels: LabelDraft[]): void {
  for (const l of labels) {
    assert.ok(l.span.start >= 0 && l.span.end <= text.length && l.span.start < l.span.end, `span inside text: ${JSON.stringify(l.span)}`);
    assert.equal(l.label, text.slice(l.span.start, l.span.end), 'label is the text at its span');
    assert.ok(l.confidence > 0 && l.confidence <= 1);
    assert.ok(['neutral', 'pejorative', 'favourable'].includes(l.connotation));
    assert.ok(l.connotation === 'neutral' ? true : typeof l.cue === 'string' && l.cue.length > 0, `non-neutral label has a cue: ${l.label}`);
    for (const r of l.related ?? []) assert.equal(r.evidence, text.slice(r.span.start, r.span.end));
  }
}

function find(labels: LabelDraft[], surface: string): LabelDraft {
  const l = labels.find((x) => x.label === surface);
  assert.ok(l, `no label "${surface}" among: ${labels.map((x) => x.label).join(' | ')}`);
  return l;
}

describe('invented epithets are discovered, not looked up', () => {
  test('"the Velgrad clique": a naming modifier links it, the head decides the connotation', () => {
    const { labels } = run('Velgrad moved artillery to the ridge on Monday. Observers say the Velgrad clique ignored every warning.');
    const l = find(labels, 'the Velgrad clique');
    assert.equal(l.actorId, 'state:XV');
    assert.equal(l.labelType, 'epithet');
    assert.equal(l.labelNormalized, 'velgrad clique');
    assert.equal(l.connotation, 'pejorative');
    assert.equal(l.cue, 'clique');
    assert.equal(l.linkedBy, 'modifier');
    assert.equal(l.voice, 'outlet');
    // The mention of Velgrad inside the epithet is part of it, not a second label.
    assert.equal(labels.filter((x) => x.span.start >= l.span.start && x.span.end <= l.span.end).length, 1);
  });

  test('"the occupiers of the valley": coreference picks the actor named with the valley, not the latest one', () => {
    const { labels } = run('Columns from Velgrad rolled into the valley in March. Lorinia protested at the council. Shepherds say the occupiers of the valley burned their orchards.');
    const l = find(labels, 'the occupiers of the valley');
    assert.equal(l.actorId, 'state:XV');
    assert.equal(l.linkedBy, 'coreference');
    assert.equal(l.labelNormalized, 'occupier of the valley');
    assert.equal(l.connotation, 'pejorative');
    assert.equal(l.cue, 'occupier');
    assert.ok(l.related?.some((r) => r.role === 'antecedent' && r.evidence === 'Velgrad'));
    assert.ok(l.related?.some((r) => r.role === 'object' && r.evidence === 'the valley'));
  });

  test("\"Ostrava's warmongering leadership\": the possessor names the actor", () => {
    const { labels } = run("Ostrava's warmongering leadership walked out of the talks.");
    const l = find(labels, "Ostrava's warmongering leadership");
    assert.equal(l.actorId, 'state:XO');
    assert.equal(l.linkedBy, 'possessor');
    assert.equal(l.cue, 'warmongering');
    assert.equal(l.labelNormalized, 'ostrava warmongering leadership');
  });

  test("\"Moscow's puppet administration in Donetsk\": the possessor is the patron, not the referent", () => {
    const { labels } = run("Pensioners queued for hours at the offices of Moscow's puppet administration in Donetsk.");
    const l = find(labels, "Moscow's puppet administration");
    assert.notEqual(l.actorId, 'state:RU');
    assert.equal(l.actorId, 'place:donetsk');
    assert.equal(l.cue, 'puppet');
    assert.ok(l.related?.some((r) => r.role === 'patron' && r.evidence === 'Moscow'));
    // Moscow keeps its own (neutral) label.
    const m = find(labels, 'Moscow');
    assert.equal(m.actorId, 'state:RU');
    assert.equal(m.connotation, 'neutral');
  });

  test('"the Karvenian junta": a demonym picks the farther of two states', () => {
    const { labels } = run('Karvenia massed troops on the border. Lorinia called for talks. Diplomats doubt the Karvenian junta will listen.');
    const l = find(labels, 'the Karvenian junta');
    assert.equal(l.actorId, 'state:XK');
    assert.equal(l.cue, 'junta');
  });

  test('"the usurping entity" with no naming word resolves by coreference to the actor other than the speaker\'s side', () => {
    const { labels } = run("Velgrad accused Lorinia of seizing the islands. Lorinia's navy now patrols them. Velgrad's foreign minister urged the world to isolate the usurping entity.");
    const l = find(labels, 'the usurping entity');
    assert.equal(l.actorId, 'state:XL');
    assert.equal(l.linkedBy, 'coreference');
    assert.equal(l.connotation, 'pejorative');
    assert.ok(['usurping', 'entity'].includes(l.cue!));
  });

  test('"the Kyiv regime": a capital metonym as modifier', () => {
    const { labels } = run('A commentator on the evening show blamed the Kyiv regime for the blackout.');
    const l = find(labels, 'the Kyiv regime');
    assert.equal(l.actorId, 'state:UA');
    assert.equal(l.cue, 'regime');
  });

  test('a neutral descriptor alone ("the government") is not reported, a named one is', () => {
    const { labels } = run('Lorinia held elections. The government later raised taxes, and the Lorinian government denied it.');
    assert.ok(!labels.some((l) => l.label === 'The government'));
    const l = find(labels, 'the Lorinian government');
    assert.equal(l.actorId, 'state:XL');
    assert.equal(l.connotation, 'neutral');
    assert.equal(l.cue, null);
  });

  test('an epithet nobody can be linked to is reported as unresolved, not guessed', () => {
    const { labels, unresolved } = run('The junta closed the airport again.');
    assert.equal(labels.length, 0);
    assert.deepEqual(unresolved.map((u) => u.label), ['The junta']);
  });
});

describe('structural links', () => {
  test('apposition: "X, the occupying regime, …" and "the occupying regime, X, …"', () => {
    const a = run('Velgrad, the occupying regime, rejected the ruling.').labels;
    assert.equal(find(a, 'the occupying regime').actorId, 'state:XV');
    assert.equal(find(a, 'the occupying regime').linkedBy, 'apposition');
    const b = run('Lorinia and Karvenia met. Critics of the occupying regime, Karvenia, were not invited.').labels;
    assert.equal(find(b, 'the occupying regime').actorId, 'state:XK');
    assert.equal(find(b, 'the occupying regime').linkedBy, 'apposition');
  });

  test('predication: "X is an apartheid regime"', () => {
    const { labels } = run('Karvenia is an apartheid regime, the report said.');
    const l = find(labels, 'an apartheid regime');
    assert.equal(l.actorId, 'state:XK');
    assert.equal(l.linkedBy, 'predication');
    assert.equal(l.cue, 'apartheid');
  });

  test('"under the <epithet>" links to the actor it governs', () => {
    const { labels } = run('Lorinia, under the current junta, has jailed three editors.');
    const l = find(labels, 'the current junta');
    assert.equal(l.actorId, 'state:XL');
    assert.equal(l.linkedBy, 'under');
    assert.equal(l.labelNormalized, 'junta');
  });

  test('"under the occupying regime" does not make the occupied place the occupier', () => {
    const { labels } = run('Karvenia sent settlers north. Life in Lorinia under the occupying regime is hard.');
    const l = find(labels, 'the occupying regime');
    assert.notEqual(l.actorId, 'state:XL');
    assert.equal(l.actorId, 'state:XK');
  });

  test('a person modifier stands for their state ("the Dovan regime")', () => {
    const { labels } = run('Mira Dovan won a fourth term. Exiles call the Dovan regime a family business.', [
      ...GAZ,
      { form: 'Dovan', actorId: 'person:mira-dovan', kind: 'person', canonical: 'Mira Dovan', stateId: 'state:XV' },
    ]);
    const l = find(labels, 'the Dovan regime');
    assert.equal(l.actorId, 'state:XV');
  });
});

describe('occupation labels and places', () => {
  // "Kessmark" is Ostrava's capital: a place after "in" (as the actors analyzer reads it), a metonym elsewhere.
  const withCapital = (text: string): ReturnType<typeof run> => {
    const gaz: GazetteerEntry[] = [...GAZ, { form: 'Kessmark', actorId: 'state:XO', kind: 'state', canonical: 'Ostrava', labelType: 'metonym' }];
    const input = inputFor(text, gaz);
    input.mentions = input.mentions.map((m) =>
      m.label === 'Kessmark' && /\bin $/.test(text.slice(0, m.span.start))
        ? { ...m, actorId: 'place:kessmark', actorKind: 'place', canonical: 'Kessmark', labelType: 'name', stateId: 'state:XO' }
        : m,
    );
    const out = extractLabels(input);
    checkInvariants(text, out.labels);
    return { ...out, input };
  };

  test('"the occupying regime in <capital>": the capital is where the occupier sits, not what it occupies', () => {
    const { labels } = withCapital('Kessmark cut the gas again. The council rewarded the blackmail of the occupying regime in Kessmark, Lorinia said.');
    const l = find(labels, 'the occupying regime');
    assert.equal(l.actorId, 'state:XO');
    assert.equal(l.linkedBy, 'location');
    assert.equal(l.connotation, 'pejorative');
  });

  test('"the occupying regime in <a place that is no capital>": the place is the occupied one, never the referent', () => {
    const { labels } = withCapital('Velgrad moved troops into Donetsk. Kessmark protested. Residents fear the occupying regime in Donetsk.');
    const l = find(labels, 'the occupying regime');
    assert.notEqual(l.actorId, 'place:donetsk');
  });
});

describe('coreference between two candidate states', () => {
  test('a naming modifier beats recency: "the Zionist regime" / "Tehran\'s extremist regime"', () => {
    const { labels } = run("Israel and Iran traded threats overnight. Iran said the Zionist regime would pay. Tehran's extremist regime, a minister replied, is isolated.");
    assert.equal(find(labels, 'the Zionist regime').actorId, 'state:IL');
    assert.equal(find(labels, 'the Zionist regime').linkedBy, 'ideological-term');
    assert.equal(find(labels, "Tehran's extremist regime").actorId, 'state:IR');
  });

  test('without a naming word the most recent salient state wins, and the answer follows the text', () => {
    const a = run('Lorinia sent aid to the region. Karvenia closed its border and expelled diplomats. The regime also banned foreign reporters.').labels;
    assert.equal(find(a, 'The regime').actorId, 'state:XK');
    const b = run('Karvenia sent aid to the region. Lorinia closed its border and expelled diplomats. The regime also banned foreign reporters.').labels;
    assert.equal(find(b, 'The regime').actorId, 'state:XL');
    const l = find(b, 'The regime');
    assert.ok(l.related?.some((r) => r.role === 'antecedent' && r.evidence === 'Lorinia'));
    assert.ok(Array.isArray(l.data.candidates) && (l.data.candidates as unknown[]).length === 2, 'both candidates recorded');
  });

  test("a state named in the same clause is not the epithet's referent", () => {
    const { labels } = run('Lorinia criticised Karvenia again on Friday. Lorinia refuses to negotiate with the regime.');
    assert.equal(find(labels, 'the regime').actorId, 'state:XK');
  });

  test('a demonstrative after a clause boundary can take the actor named before it', () => {
    const { labels } = run('Nobody can trust Karvenia, because this regime breaks every promise.');
    assert.equal(find(labels, 'this regime').actorId, 'state:XK');
  });
});

describe('connotation of names', () => {
  test('evaluative words right before a name', () => {
    const { labels } = run('Delegates from brotherly Lorinia arrived. The so-called Karvenia sent nobody.');
    const a = find(labels, 'Lorinia');
    assert.equal(a.connotation, 'favourable');
    assert.equal(a.cue, 'brotherly');
    const b = find(labels, 'Karvenia');
    assert.equal(b.connotation, 'pejorative');
    assert.equal(b.cue, 'so-called');
  });

  test('an evaluative word that does not modify the name is ignored', () => {
    const { labels } = run('Lorinia keeps a friendly stance toward Karvenia.');
    assert.equal(find(labels, 'Karvenia').connotation, 'neutral');
  });

  test('scare quotes around a name stay in the outlet voice and count as distancing', () => {
    const { labels } = run('Envoys of “Karvenia” were turned away.');
    const l = find(labels, 'Karvenia');
    assert.equal(l.voice, 'outlet');
    assert.equal(l.connotation, 'pejorative');
    assert.equal(l.cue, 'scare quotes');
  });
});

describe('voice', () => {
  test('a label inside a quotation belongs to the quoted speaker, and is kept', () => {
    const text = 'Velgrad officials were blunt. “The Lorinian junta must answer for this,” a spokesman said. Lorinia did not reply.';
    const { labels } = run(text);
    const q = find(labels, 'The Lorinian junta');
    assert.deepEqual(q.voice, { speaker: null });
    assert.equal(q.actorId, 'state:XL');
    assert.equal(q.connotation, 'pejorative');
    assert.ok(q.data.quote, 'the quotation span is recorded');
    const own = labels.filter((l) => l.actorId === 'state:XL' && l.voice === 'outlet');
    assert.deepEqual(own.map((l) => l.label), ['Lorinia']);
  });
});

describe('contested toponyms', () => {
  test('variants of one place share an actor, each with who tends to use it', () => {
    const text = 'Farmers in Syunik fear the Zangezur corridor. Baku says the road will be built.';
    const { labels } = run(text);
    const a = find(labels, 'Syunik');
    const b = find(labels, 'Zangezur corridor');
    assert.equal(a.actorId, 'place:syunik');
    assert.equal(b.actorId, 'place:syunik');
    assert.equal(a.labelType, 'toponym-variant');
    assert.equal(b.labelType, 'toponym-variant');
    assert.equal(a.data.toponym ? (a.data.toponym as { variant: string }).variant : undefined, 'Syunik');
    assert.equal(b.data.variant, 'Zangezur');
    assert.match(String(b.data.usedBy), /Azerbaijani/);
  });

  test('a place found by the actors analyzer under another id is relabelled; a capital used as metonym is not', () => {
    const gaz: GazetteerEntry[] = [
      ...GAZ,
      { form: 'Artsakh', actorId: 'place:artsakh', kind: 'place', canonical: 'Artsakh' },
    ];
    const { labels } = run('Refugees from Artsakh reached Goris. Kyiv said nothing, and Kiev was trending.', gaz);
    const a = find(labels, 'Artsakh');
    assert.equal(a.actorId, 'place:nagorno-karabakh');
    assert.equal(a.data.actorsAnalyzerId, 'place:artsakh');
    const k = find(labels, 'Kyiv');
    assert.equal(k.actorId, 'state:UA', 'the metonym keeps its state');
    assert.equal(k.labelType, 'metonym');
    assert.ok(k.data.toponym, 'the variant is still recorded');
    const kiev = find(labels, 'Kiev');
    assert.equal(kiev.actorId, 'place:kyiv');
    assert.equal(kiev.labelType, 'toponym-variant');
  });

  test('names inside other names are not toponyms ("Quds Force"), the place in an epithet keeps its own label', () => {
    const { labels } = run('The Quds Force was not mentioned. Israel and its allies were. Preachers denounced the occupiers of Quds.');
    assert.ok(!labels.some((l) => l.label === 'Quds' && l.span.start < 20));
    const e = find(labels, 'the occupiers of Quds');
    assert.equal(e.actorId, 'state:IL');
    const q = labels.find((l) => l.label === 'Quds' && l.span.start > e.span.start);
    assert.ok(q);
    assert.equal(q.actorId, 'place:jerusalem');
    assert.equal(q.data.variant, 'Al-Quds');
  });
});

describe('ideological terms', () => {
  test('"the Zionists" and attributive "Zionist officials" label Israel, "Zionist movement" does not', () => {
    const { labels } = run('The Zionists were blamed. Zionist officials declined to comment. A book on the Zionist movement was reviewed.');
    assert.equal(find(labels, 'The Zionists').actorId, 'state:IL');
    assert.equal(find(labels, 'The Zionists').labelNormalized, 'zionist');
    assert.equal(find(labels, 'Zionist').connotation, 'pejorative');
    assert.equal(labels.filter((l) => /Zionist/.test(l.label)).length, 2);
  });

  test('"the Jewish state" is neutral, "the Islamic Republic" is a short name', () => {
    const { labels } = run('Iran and Israel were both at the summit. The Islamic Republic spoke first; the Jewish state spoke last.');
    const a = find(labels, 'The Islamic Republic');
    assert.equal(a.actorId, 'state:IR');
    assert.equal(a.labelType, 'short-name');
    assert.equal(a.connotation, 'neutral');
    const b = find(labels, 'the Jewish state');
    assert.equal(b.actorId, 'state:IL');
    assert.equal(b.connotation, 'neutral');
  });
});

describe('normalisation', () => {
  test('article, possessive, plural and time words', () => {
    assert.equal(normalizeLabel("the Zionist regime's"), 'zionist regime');
    assert.equal(normalizeLabel('The Zionists'), 'zionist');
    assert.equal(normalizeLabel('the occupiers of the valley'), 'occupier of the valley');
    assert.equal(normalizeLabel('the current extremist regime'), 'extremist regime');
    assert.equal(normalizeLabel('Tehran’s extremist regime'), 'tehran extremist regime');
    assert.equal(normalizeLabel('United States'), 'united states');
    assert.equal(normalizeLabel('this regime'), 'regime');
  });
});

describe('data', () => {
  test('the shipped tables validate and every entry has provenance', () => {
    const lex = compileLexicon();
    assert.ok(lex.heads.has('regime') && lex.cues.has('regime') && lex.toponymForms.length > 20);
    for (const c of rawDefaults.connotation.cues) assert.ok(c.source.length > 10, c.cue);
    for (const g of rawDefaults.toponyms.groups) for (const v of g.variants) assert.ok(v.usedBy && v.source, `${g.canonical}/${v.variant}`);
  });

  test('an entry without a source is refused when the lexicon is built', () => {
    const bad: RawLexicon = structuredClone(rawDefaults);
    bad.connotation.cues.push({ cue: 'odd', forms: ['odd'], polarity: 'pejorative', weight: 0.5, source: '' });
    assert.throws(() => compileLexicon(bad), LexiconError);
  });

  test('an empty toponym form is refused (it would match at every offset)', () => {
    const bad: RawLexicon = structuredClone(rawDefaults);
    bad.toponyms.groups[0].variants[0].forms.push('');
    assert.throws(() => compileLexicon(bad), (e: unknown) => e instanceof LexiconError && /empty form/.test(String((e as Error).message)));
  });
});
