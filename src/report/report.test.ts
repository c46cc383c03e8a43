import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser } from 'htmlparser2';
import type { Analysis, Finding, FindingKind, FindingOf } from '../core/finding.js';
import { testFinding } from '../core/test-findings.js';
import { compare, type CompareItem } from '../compare/index.js';
import { makeArticle } from '../storage/test-fixtures.js';
import { esc, highlightText, jsonForScript, safeUrl, scriptSafe } from './html.js';
import { buildReport } from './index.js';

const PAYLOADS = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', 'javascript:alert(3)', '"><svg onload=alert(4)>', "'><iframe src=javascript:alert(5)>", '</script><script>alert(6)</script>'];
const evil = (i: number) => `${PAYLOADS[i % PAYLOADS.length]}-${i}`;

interface Parsed {
  tags: Array<{ name: string; attrs: Record<string, string> }>;
  scripts: Array<{ attrs: Record<string, string>; text: string }>;
}
function parse(html: string): Parsed {
  const out: Parsed = { tags: [], scripts: [] };
  let inScript: { attrs: Record<string, string>; text: string } | null = null;
  const p = new Parser(
    {
      onopentag(name, attrs) {
        out.tags.push({ name, attrs });
        if (name === 'script') inScript = { attrs, text: '' };
      },
      ontext(t) {
        if (inScript) inScript.text += t;
      },
      onclosetag(name) {
        if (name === 'script' && inScript) {
          out.scripts.push(inScript);
          inScript = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  p.write(html);
  p.end();
  return out;
}

/** Two articles whose every field (and every actor name and label) is a markup payload. */
function hostileCorpus(): CompareItem[] {
  const items: CompareItem[] = [];
  for (let n = 0; n < 2; n++) {
    // The same two actors in both articles (so they can be contrasted), with hostile names.
    const a1 = evil(1);
    const a2 = evil(2);
    const text = `${evil(n * 10 + 3)}\n\nOfficials in ${a1} met ${a2} today.\n\n“${evil(n * 10 + 4)}” said ${a1}. Ties between ${a1} and ${a2} are solid.`;
    const article = makeArticle(text, {
      title: evil(n * 10 + 5),
      outlet: evil(n * 10 + 6),
      byline: evil(n * 10 + 7),
      url: n ? 'javascript:alert(8)' : `https://x.example/?q=${encodeURIComponent(evil(9))}"><script>alert(9)</script>`,
      group: evil(n * 10 + 8),
      published: '2024-05-0' + (n + 1),
      source: evil(n * 10 + 9),
      republication: { from: null, similarity: null, signals: [`wire-byline:${evil(n)}`] },
    });
    const at = (w: string, from = 0) => {
      const s = text.indexOf(w, from);
      return { start: s, end: s + w.length };
    };
    const f = <K extends FindingKind>(kind: K, span: { start: number; end: number }, extra: Partial<FindingOf<K>>): Finding =>
      testFinding(kind, { id: `t:${kind}:${span.start}`, analyzer: 't', messageId: kind, message: evil(n * 10 + 11), span, evidence: text.slice(span.start, span.end), voice: 'outlet', ...extra });
    const s1 = at(a1);
    const s2 = at(a2);
    const findings: Finding[] = [
      f('actor-mention', s1, { actorId: `state:${a1}`, actorKind: 'state', canonical: a1, label: a1, labelNormalized: a1, labelType: 'name' }),
      f('label', s1, { actorId: `state:${a1}`, actorKind: 'state', canonical: a1, label: a1, labelNormalized: n ? a1 : `${a1} regime`, labelType: 'epithet', connotation: n ? 'neutral' : 'pejorative', cue: evil(12), linkedBy: 'x' }),
      f('label', at(a1, s1.end), { actorId: `state:${a1}`, actorKind: 'state', canonical: a1, label: a1, labelNormalized: `${a1}!`, labelType: 'epithet', connotation: 'pejorative', cue: evil(12), linkedBy: 'x' }),
      f('actor-mention', s2, { actorId: `state:${a2}`, actorKind: 'state', canonical: a2, label: a2, labelNormalized: a2, labelType: 'name' }),
      f('stance', s2, { actorId: `state:${a2}`, canonical: a2, polarity: 'negative', score: -0.8, cues: [] }),
      f('technique', at(evil(n * 10 + 4)), { technique: evil(13), actorId: null, canonical: null, cue: evil(14), reason: evil(15), confidence: 1 }),
      f('figure', at('today'), { value: n + 1, unit: evil(16), claimKey: evil(17), measure: { text: evil(18), span: at('today'), relation: 'of' }, period: null }),
      f('relation', at(`Ties between ${a1} and ${a2} are solid`), {
        relation: evil(19),
        source: { actorId: `state:${a1}`, canonical: a1, actorKind: 'state', label: a1, span: s1, resolvedBy: 'mention' },
        target: { actorId: `state:${a2}`, canonical: a2, actorKind: 'state', label: a2, span: s2, resolvedBy: 'mention' },
        symmetric: true,
        polarity: n ? -1 : 1,
        negated: false,
        hedged: false,
        cue: evil(20),
        time: null,
        confidence: 1,
      }),
    ];
    const analysis: Analysis = { schemaVersion: '1.0.0', articleId: article.id, textHash: article.textHash, findings, diagnostics: [], versions: {}, timings: {} };
    items.push({ article, analysis });
  }
  return items;
}

test('escaping helpers', () => {
  assert.equal(esc(`<a href="x" onclick='y'>&\``), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
  assert.equal(safeUrl('javascript:alert(1)'), null);
  assert.equal(safeUrl(' JAVASCRIPT:alert(1)'), null);
  assert.equal(safeUrl('data:text/html,<script>'), null);
  assert.equal(safeUrl('https://a.example/x?y=<z>'), 'https://a.example/x?y=%3Cz%3E');
  const j = jsonForScript({ s: '</script><!-- & \u2028' });
  assert.ok(!/[<>&\u2028]/.test(j));
  assert.deepEqual(JSON.parse(j), { s: '</script><!-- & \u2028' });
  assert.equal(scriptSafe('a="</script>"; b="<!--"'), 'a="<\\/script>"; b="<\\!--"');
});

test('highlightText: escaped segments, anchors at span starts, overlapping findings', () => {
  const text = 'A <b>bold</b> claim & more';
  const fs = [
    testFinding('label', { id: '1', analyzer: 't', messageId: 'm', message: '<i>x</i>', span: { start: 2, end: 13 }, evidence: text.slice(2, 13), voice: 'outlet', connotation: 'pejorative' }),
    testFinding('claim', { id: '2', analyzer: 't', messageId: 'm', span: { start: 0, end: 19 }, evidence: text.slice(0, 19), voice: 'outlet' }),
  ];
  const html = highlightText(text, { findings: fs, articleId: 'abc' });
  assert.ok(!html.includes('<b>') && !html.includes('<i>'));
  assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt;'));
  assert.ok(html.includes('id="s-abc-2-13"') && html.includes('id="s-abc-0-19"'));
  assert.match(html, /class="hl k-claim k-label c-pejorative"/);
  // Text round-trips: strip tags, unescape, compare.
  const plain = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  assert.equal(plain, text);
});

test('report: hostile text and metadata in every field never survive as markup', () => {
  const items = hostileCorpus();
  const cmp = compare({ items }, { minSupport: 1, minOmissionSupport: 1 });
  assert.ok(cmp.claims.length, 'claims');
  assert.ok(cmp.contrasts.length, 'contrasts');
  assert.ok(cmp.graph.edges.length, 'graph');
  assert.ok(cmp.republications.length, 'republications');
  assert.ok(cmp.techniques.length && cmp.stance.length, 'techniques and stance');
  const html = buildReport(items, cmp, { title: evil(30), generatedAt: '2024-05-03T00:00:00Z' });
  const doc = parse(html);
  // Only our own scripts: the JSON block and three inline scripts, none with a src.
  assert.equal(doc.scripts.length, 4);
  assert.equal(doc.scripts[0].attrs.type, 'application/json');
  assert.ok(doc.scripts.every((s) => !('src' in s.attrs)));
  for (const s of doc.scripts.slice(1)) for (const p of PAYLOADS) assert.ok(!s.text.includes(p), 'no payload inside an executable script');
  for (const t of doc.tags) {
    assert.ok(!['img', 'svg', 'iframe', 'object', 'embed', 'base', 'form'].includes(t.name), `unexpected <${t.name}>`);
    for (const [k, v] of Object.entries(t.attrs)) {
      assert.ok(!k.startsWith('on'), `event-handler attribute ${k} on <${t.name}>`);
      if (k === 'href' || k === 'src') assert.ok(/^(#|https?:)/.test(v), `unsafe ${k}: ${v}`);
    }
  }
  assert.ok(!doc.tags.some((t) => t.attrs.href && /javascript:/i.test(t.attrs.href)));
  // The payloads are shown to the reader as text.
  assert.ok(html.includes(esc(evil(5))), 'the title is shown, escaped');
  assert.ok(html.includes(esc(evil(6))), 'the outlet is shown, escaped');
  // The JSON data round-trips the untrusted strings intact.
  const data = JSON.parse(doc.scripts[0].text) as { graph: { nodes: Array<{ label: string }> } };
  assert.ok(data.graph.nodes.some((n) => n.label === evil(1)));
  // CSP admits only the hashed scripts.
  assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
});

test('report: self-contained (no external resources), every section present, capped article texts', () => {
  const items = hostileCorpus();
  const cmp = compare({ items }, { minSupport: 1 });
  const html = buildReport(items, cmp, { maxArticlesPerOutlet: 0 });
  const doc = parse(html);
  assert.ok(!doc.tags.some((t) => t.name === 'link' || (t.name === 'script' && t.attrs.src)));
  for (const id of ['overview', 'labels', 'stance', 'techniques', 'claims', 'omissions', 'contrasts', 'republications', 'timeline', 'graph-section', 'articles', 'evidence']) {
    assert.ok(doc.tags.some((t) => t.attrs.id === id), `section ${id}`);
  }
  assert.match(html, /Full text omitted to keep the report usable/);
  // Without article texts, every evidence link goes to an evidence list or an article header, never a missing span.
  const ids = new Set(doc.tags.map((t) => t.attrs.id).filter(Boolean));
  for (const t of doc.tags) if (t.attrs.href?.startsWith('#')) assert.ok(ids.has(t.attrs.href.slice(1)), `dangling link ${t.attrs.href}`);
});

test('report: every in-page link resolves when texts are shown', () => {
  const items = hostileCorpus();
  const html = buildReport(items, compare({ items }, { minSupport: 1 }));
  const doc = parse(html);
  const ids = new Set(doc.tags.map((t) => t.attrs.id).filter(Boolean));
  const links = doc.tags.filter((t) => t.attrs.href?.startsWith('#'));
  assert.ok(links.some((t) => t.attrs.href.startsWith('#s-')), 'links straight to spans');
  for (const t of links) assert.ok(ids.has(t.attrs.href.slice(1)), `dangling link ${t.attrs.href}`);
});
