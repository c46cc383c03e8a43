import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanArticle } from './index.js';
import { loadOutletRegistry } from './outlets.js';
import type { ParallaxConfig } from '../core/config.js';

// Invented outlet and texts, written for these tests.
const reg = loadOutletRegistry([{ id: 'dolmar-courier', name: 'The Dolmar Courier', domains: ['dolmarcourier.example'], country: 'AZ', ownership: 'private', source: 'invented' }]);
const config: ParallaxConfig = { path: null, groups: [], outlets: [], actors: [] };
const BODY =
  'The harbour authority opened a new terminal on Friday that it says will double passenger capacity on the route to the islands by next summer.\n\n' +
  'The terminal cost 84 million crowns, according to the authority, and was built in under three years despite a strike by dock workers.';

function clean(body: string) {
  return cleanArticle({ source: 'x.txt', sourceKind: 'txt', format: 'text', body, meta: {} }, {}, { registry: reg, config });
}

test('a credit line in the header names the outlet: "Special to", "Exclusive for", "By Name for Outlet"', () => {
  for (const line of ['Special to The Dolmar Courier', 'Exclusive for The Dolmar Courier', 'Written for the Dolmar Courier']) {
    const a = clean(`Port opens new terminal\n${line}\n\n${BODY}`);
    assert.equal(a.outletId, 'dolmar-courier', line);
    assert.equal(a.title, 'Port opens new terminal');
    assert.ok(!a.text.includes(line), 'the credit line is header, not text');
  }
  const by = clean(`Port opens new terminal\n\nBy Jane Roe for The Dolmar Courier\n\n${BODY}`);
  assert.equal(by.outletId, 'dolmar-courier');
  assert.equal(by.byline, 'Jane Roe');
  // Unknown to the registry: kept as written, without the sentence's "the".
  const unknown = clean(`Port opens new terminal\n\nBy Jane Roe for the Marsh Ledger\n\n${BODY}`);
  assert.equal(unknown.outlet, 'Marsh Ledger');
  assert.equal(unknown.outletId, null);
  // A wire byline is still a wire, not an outlet.
  assert.equal(clean(`Port opens new terminal\n\nBy JNS\n\n${BODY}`).outlet, null);
});

test("the article's URL on a line of its own gives the URL and, through its domain, the outlet", () => {
  const url = 'https://www.dolmarcourier.example/news/2024/port-opens';
  for (const body of [`${url}\n\nPort opens new terminal\n\n${BODY}`, `Port opens new terminal\n\n${BODY}\n\nOriginal URL: ${url}`, `Port opens new terminal\n\nURL: ${url}\n\n${BODY}`]) {
    const a = clean(body);
    assert.equal(a.url, url);
    assert.equal(a.outletId, 'dolmar-courier');
    assert.equal(a.title, 'Port opens new terminal');
    assert.ok(!a.text.includes('https://'));
  }
  // "Source:" credits where the text came from; a link in a sentence, a bare link at the end (a shop, a related
  // page) or one to a social page is not the address.
  assert.equal(clean(`Port opens new terminal\n\n${BODY}\n\n${url}`).url, null);
  assert.equal(clean(`Port opens new terminal\n\n${BODY}\n\nSource: ${url}`).url, null);
  assert.equal(clean(`Port opens new terminal\n\n${BODY} Details at ${url}.`).url, null);
  const social = clean(`https://t.me/harbourchannel/123\n\nPort opens new terminal\n\n${BODY}`);
  assert.equal(social.url, null);
  assert.equal(social.outlet, null);
});

test('a known outlet after the title\'s last separator is its site name; an unknown one is left in the title', () => {
  const a = clean(`Port opens new terminal | The Dolmar Courier\n\n${BODY}`);
  assert.equal(a.outletId, 'dolmar-courier');
  assert.equal(a.title, 'Port opens new terminal');
  const b = clean(`Port opens new terminal - a view from the quay\n\n${BODY}`);
  assert.equal(b.outlet, null);
  assert.equal(b.title, 'Port opens new terminal - a view from the quay');
  // The footer signals already covered keep working.
  assert.equal(clean(`Port opens new terminal\n\n${BODY}\n\n© 2024 The Dolmar Courier. All rights reserved.`).outletId, 'dolmar-courier');
  assert.equal(clean(`Port opens new terminal\n\n${BODY}\n\nThe post Port opens new terminal appeared first on The Dolmar Courier.`).outletId, 'dolmar-courier');
});
