import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Analysis, Finding, FindingBase } from './finding.js';
import { createPipeline, type Analyzer } from './pipeline.js';
import type { DocumentInput } from './document.js';
import { lineColumn } from './span.js';

export interface ValidCase extends Partial<Omit<DocumentInput, 'text'>> {
  text: string;
  name?: string;
  options?: unknown;
}

export interface InvalidCase extends ValidCase {
  /**
   * Either the analyzer's findings, in span order, one partial per finding (every given key must deep-equal),
   * or a function that asserts on them.
   */
  expect: Array<Partial<FindingBase> & { kind?: string } & Record<string, unknown>> | ((findings: Finding[], analysis: Analysis) => void);
}

export interface AnalyzerTestSuite {
  /** Upstream analyzers providing what this one requires. */
  requires?: Analyzer[];
  valid?: ValidCase[];
  invalid?: InvalidCase[];
}

/** Text around a span for failure messages: offsets alone tell a reader nothing. */
export function showSpan(text: string, s: { start: number; end: number }): string {
  const { line, column } = lineColumn(text, s.start);
  const before = text.slice(Math.max(0, s.start - 30), s.start);
  const after = text.slice(s.end, s.end + 30);
  return `${line}:${column} …${before}[[${text.slice(s.start, s.end)}]]${after}…`;
}

/** The invariants every analyzer output must satisfy, whatever the case. Exported for golden tests. */
export function checkInvariants(analysis: Analysis, doc: DocumentInput, analyzers: Analyzer[]): void {
  const messages = new Map(analyzers.map((a) => [a.meta.id, a.meta.messages]));
  const ids = new Set<string>();
  for (const f of analysis.findings) {
    const where = `${f.analyzer}/${f.kind} ${JSON.stringify(f.span)}`;
    assert.ok(Number.isInteger(f.span.start) && Number.isInteger(f.span.end), `${where}: integer offsets`);
    assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= doc.text.length, `${where}: span inside the text`);
    assert.equal(f.evidence, doc.text.slice(f.span.start, f.span.end), `${where}: evidence === text.slice(span) at ${showSpan(doc.text, f.span)}`);
    const m = messages.get(f.analyzer);
    assert.ok(m, `${where}: reported by a known analyzer`);
    assert.ok(Object.prototype.hasOwnProperty.call(m, f.messageId), `${where}: messageId "${f.messageId}" exists in meta.messages`);
    assert.ok(!ids.has(f.id), `${where}: finding id ${f.id} is unique`);
    ids.add(f.id);
    assert.ok(f.voice === 'outlet' || (typeof f.voice === 'object' && f.voice !== null && 'speaker' in f.voice), `${where}: voice is set`);
    assert.doesNotThrow(() => JSON.stringify(f), `${where}: serialisable`);
  }
}

function partialMatch(actual: Finding, expected: Record<string, unknown>, text: string, i: number): void {
  for (const [k, v] of Object.entries(expected)) {
    assert.deepEqual(Reflect.get(actual, k), v, `finding #${i} ${k}: at ${showSpan(text, actual.span)}`);
  }
}

function runCase(analyzer: Analyzer, upstream: Analyzer[], c: ValidCase): { analysis: Analysis; mine: Finding[] } {
  const all = [...upstream, analyzer];
  const opts: Record<string, unknown> = {};
  if (c.options !== undefined) opts[analyzer.meta.id] = c.options;
  const pipeline = createPipeline(all, opts);
  const { name: _n, options: _o, ...docFields } = c as ValidCase & { expect?: unknown };
  delete (docFields as { expect?: unknown }).expect;
  const doc = docFields as DocumentInput;
  const before = JSON.stringify(doc);
  const analysis = pipeline.run(doc);
  assert.equal(JSON.stringify(doc), before, 'the document is not mutated');
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'no analyzer failed');
  checkInvariants(analysis, doc, all);
  const again = pipeline.run(doc);
  assert.deepEqual(again.findings, analysis.findings, 'deterministic: a second run gives the same findings');
  const mine = analysis.findings
    .filter((f) => f.analyzer === analyzer.meta.id)
    .slice()
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { analysis, mine };
}

function label(c: ValidCase): string {
  return c.name ?? (c.text.length > 60 ? `${c.text.slice(0, 57)}…` : c.text);
}

/**
 * Registers node:test tests for an analyzer, ESLint-RuleTester style. Every case also checks the invariants:
 * spans inside the text, evidence === text.slice(span), message ids exist, unique ids, determinism, and that
 * the document is not mutated.
 */
export function testAnalyzer(analyzer: Analyzer, suite: AnalyzerTestSuite): void {
  const upstream = suite.requires ?? [];
  describe(`analyzer ${analyzer.meta.id}`, () => {
    for (const c of suite.valid ?? []) {
      test(`valid: ${label(c)}`, () => {
        const { mine } = runCase(analyzer, upstream, c);
        assert.deepEqual(
          mine.map((f) => `${f.kind} ${showSpan(c.text, f.span)}`),
          [],
          'a valid case yields no findings from the analyzer',
        );
      });
    }
    for (const c of suite.invalid ?? []) {
      test(`invalid: ${label(c)}`, () => {
        const { analysis, mine } = runCase(analyzer, upstream, c);
        if (typeof c.expect === 'function') {
          c.expect(mine, analysis);
          return;
        }
        assert.equal(
          mine.length,
          c.expect.length,
          `finding count; got:\n${mine.map((f) => `  ${f.kind} ${showSpan(c.text, f.span)}`).join('\n')}`,
        );
        c.expect.forEach((e, i) => partialMatch(mine[i], e, c.text, i));
      });
    }
  });
}
