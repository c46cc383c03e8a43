import { test } from 'node:test';
import assert from 'node:assert/strict';

// Imported by the package's own name, through package.json `exports`: what a user of the library gets. The name is a
// variable so that tsc does not look for the package's own declarations before it has written them.
const PACKAGE = 'parallax';
const lib = (await import(PACKAGE)) as typeof import('./index.js');

const TEXT =
  'Vessany’s foreign minister, Talia Orsk, said on Monday that the Karvenian government “has chosen escalation”. ' +
  'Karvenia denied the charge and accused Vessany of blocking the Tolmar pipeline.';

test('analyze() is importable by package name and returns findings with spans into the text', () => {
  const a = lib.analyze({ text: TEXT, published: '2026-03-02' }, {
    actors: [
      { name: 'Karvenia', kind: 'state', demonyms: ['Karvenian'] },
      { name: 'Vessany', kind: 'state' },
    ],
  });
  assert.equal(a.textHash, lib.textHash(TEXT));
  assert.ok(a.findings.length > 0, 'no findings');
  for (const f of a.findings) {
    assert.equal(f.evidence, TEXT.slice(f.span.start, f.span.end), `${f.kind} evidence differs from its span`);
  }
  const actorIds = new Set(a.findings.filter((f) => f.kind === 'actor-mention').map((f) => f.actorId));
  assert.ok([...actorIds].some((id) => /karvenia/i.test(id)), `Karvenia not found among ${[...actorIds].join(', ')}`);
});

test('analyze() accepts a plain string and refuses a non-string', () => {
  assert.ok(Array.isArray(lib.analyze('Nothing happened here today.').findings));
  assert.throws(() => lib.analyze({ text: 42 } as never), /string `text`/);
});

// The example of docs/library.md ("Findings by kind"): narrowing on `kind` gives each kind's fields, no casts.
test('findings are a closed union: narrowing on kind reads each kind\'s fields', () => {
  const a = lib.analyze({ text: TEXT, published: '2026-03-02' }, { actors: [{ name: 'Karvenia', kind: 'state', demonyms: ['Karvenian'] }, { name: 'Vessany', kind: 'state' }] });
  const lines: string[] = [];
  for (const f of a.findings) {
    switch (f.kind) {
      case 'label':
        lines.push(`label ${f.canonical}: “${f.label}” (${f.connotation})`);
        break;
      case 'quote':
        lines.push(`quote (${f.quoteType}) of ${f.speaker ?? 'someone'}: ${f.evidence}`);
        break;
      case 'stance':
        lines.push(`stance toward ${f.canonical}: ${f.polarity}`);
        break;
      case 'actor-mention':
      case 'technique':
      case 'bias-sentence':
      case 'relation':
      case 'claim':
      case 'figure':
      case 'event':
        break;
      default: {
        // Every kind is handled above: a new kind added to the union fails to compile here.
        const unhandled: never = f;
        assert.fail(`unhandled kind ${JSON.stringify(unhandled)}`);
      }
    }
  }
  assert.ok(lines.some((l) => l.startsWith('quote (') && l.includes('Talia Orsk')), lines.join('\n'));
  const labels = lib.ofKind(a.findings, 'label');
  assert.ok(labels.length > 0 && labels.every((l) => typeof l.connotation === 'string'));
  assert.equal(a.findings.filter((f) => lib.isKind(f, 'quote')).length, lib.ofKind(a.findings, 'quote').length);
  assert.ok(a.findings.every((f) => lib.isFinding(f) && lib.FINDING_KINDS.includes(f.kind)));
});
