import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPipeline, type Analyzer } from '../../core/pipeline.js';
import { testAnalyzer } from '../../core/tester.js';
import type { Finding, LabelFinding } from '../../core/finding.js';
import { nlpAnalyzer } from '../nlp/index.js';
import { actorsAnalyzer } from '../actors/index.js';
import { labelsAnalyzer } from './index.js';
import { SEEDS_DIR } from '../../core/test-seeds.js';

const upstream = [nlpAnalyzer as Analyzer, actorsAnalyzer as Analyzer];
const labelsOf = (fs: Finding[]): LabelFinding[] => fs.filter((f): f is LabelFinding => f.kind === 'label');
const own = (ls: LabelFinding[]): LabelFinding[] => ls.filter((l) => l.voice === 'outlet');

// Through the real pipeline: spans, evidence, message ids, determinism and no mutation are checked by the tester.
testAnalyzer(labelsAnalyzer as Analyzer, {
  requires: upstream,
  valid: [{ name: 'no actors, no labels', text: 'The weather was mild and the harvest came in early this year.' }],
  invalid: [
    {
      name: 'apposition and an ideological modifier, in the outlet voice',
      text: 'Israel, the occupying regime, rejected the proposal. Officials in Tehran said the Zionist regime was isolated.',
      expect: (fs) => {
        const ls = labelsOf(fs);
        const a = ls.find((l) => l.evidence === 'the occupying regime');
        assert.ok(a);
        assert.equal(a.actorId, 'state:IL');
        assert.equal(a.linkedBy, 'apposition');
        assert.equal(a.connotation, 'pejorative');
        assert.match(a.message ?? '', /Calls Israel “the occupying regime” \(pejorative, cue “occupying”/);
        const z = ls.find((l) => l.evidence === 'the Zionist regime');
        assert.ok(z);
        assert.equal(z.actorId, 'state:IL');
        assert.ok(ls.some((l) => l.evidence === 'Israel' && l.labelType === 'name' && l.connotation === 'neutral'));
      },
    },
    {
      name: 'a quoted epithet is the speaker’s, the outlet’s own name is the outlet’s',
      text: 'Iran’s foreign minister spoke in Ankara. “The Zionist entity must leave the Caucasus,” he said. Israel did not respond.',
      expect: (fs) => {
        const ls = labelsOf(fs);
        const q = ls.find((l) => l.evidence === 'The Zionist entity');
        assert.ok(q);
        assert.deepEqual(q.voice, { speaker: null });
        assert.equal(q.actorId, 'state:IL');
        assert.ok(own(ls).some((l) => l.actorId === 'state:IL' && l.evidence === 'Israel'));
      },
    },
    {
      name: 'toponym variants of one place',
      text: 'Armenia says Syunik is not for sale. Azerbaijan wants the Zangezur corridor open.',
      expect: (fs) => {
        const ls = labelsOf(fs).filter((l) => l.actorId === 'place:syunik');
        assert.deepEqual(ls.map((l) => [l.evidence, l.labelType]), [['Syunik', 'toponym-variant'], ['Zangezur corridor', 'toponym-variant']]);
      },
    },
  ],
});

describe('labels on the shared seed articles', () => {
  const dir = SEEDS_DIR;
  const pipeline = createPipeline([...upstream, labelsAnalyzer as Analyzer]);
  const seed = (prefix: string): LabelFinding[] | null => {
    if (!dir) return null;
    const f = readdirSync(dir).find((n) => n.startsWith(prefix) && n.endsWith('.txt'));
    if (!f) return null;
    const a = pipeline.run({ text: readFileSync(join(dir, f), 'utf8'), articleId: f });
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
    return labelsOf(a.findings);
  };
  const skip = dir ? false : 'seed articles not found at ../shared/seeds (they are not part of the repository)';
  const norms = (ls: LabelFinding[]): string[] => [...new Set(ls.map((l) => l.labelNormalized))].sort();

  test('Iranian state editorial (000): its own voice calls Israel the Zionist/occupying regime; nobody else gets a pejorative epithet', { skip }, () => {
    const ls = seed('000_')!;
    const il = own(ls).filter((l) => l.actorId === 'state:IL' && l.labelType === 'epithet');
    const n = norms(il);
    assert.ok(n.includes('zionist regime') && n.includes('occupying regime'), n.join(', '));
    assert.ok(il.every((l) => l.connotation === 'pejorative'));
    const stray = own(ls).filter((l) => l.connotation === 'pejorative' && l.actorId !== 'state:IL');
    assert.deepEqual(stray.map((l) => `${l.evidence} -> ${l.actorId}`), []);
    assert.ok(ls.filter((l) => l.actorId === 'state:IR').every((l) => l.connotation === 'neutral'));
  });

  test('Iranian-perspective analysis (001): outlet epithets in its voice, the minister’s “Zionists” in his', { skip }, () => {
    const ls = seed('001_')!;
    assert.ok(own(ls).some((l) => l.actorId === 'state:IL' && l.labelNormalized === 'zionist regime' && l.connotation === 'pejorative'));
    const quoted = ls.filter((l) => l.actorId === 'state:IL' && l.voice !== 'outlet' && l.labelType === 'epithet');
    assert.ok(quoted.length >= 2, 'quoted epithets kept');
    assert.ok(quoted.every((l) => typeof l.voice === 'object' && l.voice.speaker === null));
    assert.ok(quoted.some((l) => l.labelNormalized === 'zionist'));
  });

  test('IRNA commentary report (002): “the occupying regime” inside the quoted commentary belongs to the quoted author', { skip }, () => {
    const ls = seed('002_')!;
    const occ = ls.find((l) => l.labelNormalized === 'occupying regime');
    assert.ok(occ);
    assert.equal(occ.actorId, 'state:IL');
    assert.notEqual(occ.voice, 'outlet');
    assert.ok(occ.related?.some((r) => r.role === 'occupied' && r.evidence === 'Palestine'), 'Palestine is the occupied place, not the referent');
    assert.ok(own(ls).some((l) => l.actorId === 'state:IL' && l.labelNormalized === 'zionist regime'));
  });

  test('Azerbaijani outlet interview (003): “the Jewish state” is neutral; Iran’s “extremist regime” is the pundit’s', { skip }, () => {
    const ls = seed('003_')!;
    const js = ls.filter((l) => l.labelNormalized === 'jewish state');
    assert.ok(js.length >= 1 && js.every((l) => l.actorId === 'state:IL' && l.connotation === 'neutral'));
    const ex = ls.find((l) => l.labelNormalized === 'extremist regime');
    assert.ok(ex);
    assert.equal(ex.actorId, 'state:IR');
    assert.notEqual(ex.voice, 'outlet');
    const z = ls.find((l) => /Zangazur/.test(l.evidence));
    assert.ok(z);
    assert.equal(z.actorId, 'place:syunik');
    assert.equal(z.labelType, 'toponym-variant');
  });

  test('JNS / World Israel News (004): neutral names for Israel, “the Islamic Republic” for Iran', { skip }, () => {
    const ls = seed('004_')!;
    const il = own(ls).filter((l) => l.actorId === 'state:IL');
    assert.ok(il.length >= 5);
    assert.ok(il.every((l) => l.connotation === 'neutral' && l.labelType !== 'epithet'), norms(il).join(', '));
    const ir = ls.filter((l) => l.actorId === 'state:IR');
    assert.ok(ir.some((l) => l.labelNormalized === 'islamic republic' && l.connotation === 'neutral'));
  });
});
