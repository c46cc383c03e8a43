import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundHtmlNesting, xmlNesting } from './nesting.js';

const PAGE =
  '<!DOCTYPE html><html><head><title>Ferry returns</title><script>var a = "<div><div>";</script></head>' +
  '<body><div class="wrap"><article><h1>Ferry returns</h1><p>The ferry <b>resumed</b> on Monday.<p>Second ' +
  'paragraph<br>with a break.<ul><li>one<li>two</ul><svg><path d="M0"/><path d="M1"/></svg>' +
  '<table><tr><td>a<td>b<tr><td>c</table></article></div></body></html>';

test('an ordinary page is left exactly as it is, and its depth is measured the way htmlparser2 nests it', () => {
  const r = boundHtmlNesting(PAGE, 128);
  assert.equal(r.html, PAGE);
  assert.equal(r.unwrapped, 0);
  // html > body > div > article > table > tr > td (implied closes: <p>, <li>, <td>, <tr> close their siblings).
  assert.equal(r.depth, 7);
  assert.equal(r.deepest?.name, 'td');
});

test('implied closes: thousands of unclosed <p>, <li>, <option>, <td> are siblings, not a nesting', () => {
  for (const piece of ['<p>para ', '<li>item ', '<option>opt ', '<tr><td>cell ', '<dt>t<dd>d ']) {
    const html = `<html><body><div>${piece.repeat(5000)}</div></body></html>`;
    const r = boundHtmlNesting(html, 128);
    assert.equal(r.unwrapped, 0, piece);
    assert.ok(r.depth <= 5, `${piece}: depth ${r.depth}`);
  }
});

test('elements deeper than the limit are unwrapped: text kept in order, block tags become line breaks', () => {
  const html = `<html><body>${'<div>'.repeat(10)}<span>a <b>b</b></span> c<p>d</p>e${'</div>'.repeat(10)}<p>after</p></body></html>`;
  const r = boundHtmlNesting(html, 6);
  assert.equal(r.depth, 14); // html body div×10 p/span/b
  assert.equal(
    r.html,
    `<html><body>${'<div>'.repeat(4)}${'<br>'.repeat(6)}a b c<br>d<br>e${'<br>'.repeat(6)}${'</div>'.repeat(4)}<p>after</p></body></html>`,
  );
  assert.equal(r.unwrapped, 6 + 3);
});

test('a raw-text element past the limit is dropped whole, so its code never becomes text', () => {
  const html = `<html><body>${'<i>'.repeat(5)}x<script>if (a < b) { "</div>" }</script><style>p{}</style>y${'</i>'.repeat(5)}</body></html>`;
  const r = boundHtmlNesting(html, 4);
  assert.ok(!r.html.includes('if (a'), r.html);
  assert.ok(!r.html.includes('p{}'), r.html);
  assert.match(r.html, /x\s*y/);
});

test('100,000 nested <span> are scanned in linear time and report where the nesting got deep', () => {
  const n = 100_000;
  const html = `<html><body><p>${'<span>x '.repeat(n)}end${'</span>'.repeat(n)}</p></body></html>`;
  const t = performance.now();
  const r = boundHtmlNesting(html, 128);
  const ms = performance.now() - t;
  assert.equal(r.depth, n + 3);
  assert.equal(r.unwrapped, n + 3 - 128);
  assert.deepEqual(r.deepest, { line: 1, column: 16 + 8 * (n - 1), name: 'span' });
  assert.equal((r.html.match(/x /g) ?? []).length, n);
  assert.ok(ms < 10_000, `took ${ms} ms`);
});

test('xmlNesting: XML depth without building a tree; self-closing elements close', () => {
  assert.equal(xmlNesting('<rss><channel><item><title>a</title><x/><x/></item></channel></rss>').depth, 4);
  const deep = `<rss>${'<x>'.repeat(50_000)}${'</x>'.repeat(50_000)}</rss>`;
  const r = xmlNesting(deep);
  assert.equal(r.depth, 50_001);
  assert.equal(r.deepest?.name, 'x');
});
