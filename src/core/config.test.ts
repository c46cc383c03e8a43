import { existsSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isParallaxError } from './errors.js';
import { countryCode, loadConfig, outletKey, parseConfig, resolveGroup, type ParallaxConfig } from './config.js';
import { loadOutletRegistry } from '../clean/outlets.js';

// From src/core (tsx) or dist/src/core (compiled): the repo root is the nearest folder with package.json.
let REPO = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(REPO, 'package.json')) && dirname(REPO) !== REPO) REPO = dirname(REPO);

function configError(fn: () => unknown, pattern: RegExp, input?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isParallaxError(e), `expected a ParallaxError, got ${String(e)}`);
    assert.equal(e.code, 'E_CONFIG');
    assert.match(e.message, pattern);
    if (input !== undefined) assert.equal(e.input, input);
    assert.doesNotMatch(e.message, /\n\s+at /);
    return true;
  });
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const parse = (o: unknown) => parseConfig(JSON.stringify(o), 'test.json');

test('no path and no ./parallax.config.json: defaults, no error', (t) => {
  const dir = tempDir(t);
  assert.deepEqual(loadConfig(undefined, dir), { path: null, groups: [], outlets: [], actors: [] });
});

test('./parallax.config.json is picked up when present', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'parallax.config.json'), JSON.stringify({ groups: { Azerbaijani: { countries: ['AZ'] } } }));
  const c = loadConfig(undefined, dir);
  assert.equal(c.path, join(dir, 'parallax.config.json'));
  assert.deepEqual(c.groups, [{ name: 'Azerbaijani', outlets: [], countries: ['AZ'], ownership: [] }]);
});

test('a given path that is missing, a directory, or invalid JSON is E_CONFIG naming the file', (t) => {
  const dir = tempDir(t);
  const missing = join(dir, 'nope.json');
  configError(() => loadConfig(missing), /config file not found/, missing);
  mkdirSync(join(dir, 'd.json'));
  configError(() => loadConfig(join(dir, 'd.json')), /directory/, join(dir, 'd.json'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{\n  "groups": {\n    "A": { "countries": ["AZ"], }\n  }\n}\n');
  configError(() => loadConfig(bad), /invalid JSON at line 3, column 33: expected a property name in double quotes, found "}"/, bad);
  // An invalid ./parallax.config.json is an error too: the user meant it.
  writeFileSync(join(dir, 'parallax.config.json'), '{"groups": ');
  configError(() => loadConfig(undefined, dir), /invalid JSON at line 1, column 12: unexpected end of input/);
});

test('JSON syntax errors report line and column', () => {
  configError(() => parseConfig('{"a": tru}', 'x.json'), /line 1, column 7: unexpected "t"/, 'x.json');
  configError(() => parseConfig('{\n// comment\n}', 'x.json'), /line 2, column 1: expected a property name in double quotes, found "\/"/);
  configError(() => parseConfig('{"a": "x\ny"}', 'x.json'), /line 1, column 9/);
  configError(() => parseConfig('', 'x.json'), /line 1, column 1: unexpected end of input/);
  configError(() => parseConfig('{} {}', 'x.json'), /line 1, column 4: unexpected "\{" after the end/);
  // A byte-order mark is not an error.
  assert.deepEqual(parseConfig('\uFEFF{}', 'x.json').groups, []);
});

test('wrong shapes name the exact field', () => {
  configError(() => parse([]), /expected a JSON object at the top level, got an array/);
  configError(() => parse({ group: {} }), /^group: unknown field \(did you mean 'groups'\?\)/);
  configError(() => parse({ groups: [] }), /^groups: expected an object of named groups, got an array/);
  configError(() => parse({ groups: { Iran: 'state' } }), /^groups\.Iran: expected an object/);
  configError(() => parse({ groups: { 'Iranian state media': { countries: ['IR', 'Persia'] } } }), /^groups\["Iranian state media"\]\.countries\[1\]: expected an ISO 3166-1 country code or English country name, got 'Persia'/);
  configError(() => parse({ groups: { A: { countries: ['AZ', 7] } } }), /^groups\.A\.countries\[1\]: expected a non-empty string, got 7/);
  configError(() => parse({ groups: { A: { ownership: ['state', 'partisan'] } } }), /^groups\.A\.ownership\[1\]: expected one of 'state', 'public', 'private', got 'partisan'/);
  configError(() => parse({ groups: { A: { country: ['AZ'] } } }), /^groups\.A\.country: unknown field \(did you mean 'countries'\?\)/);
  configError(() => parse({ groups: { A: {} } }), /^groups\.A: a group needs at least one non-empty rule/);
  configError(() => parse({ groups: { A: { outlets: [], countries: [] } } }), /^groups\.A: a group needs at least one/);
  configError(() => parse({ groups: { '2024': { countries: ['AZ'] } } }), /^groups\["2024"\]: a group name cannot be a bare number/);
  configError(() => parse({ groups: { A: { outlets: 'irna', countries: {} } } }), /^groups\.A\.countries: expected a list of strings, got an object/);
  configError(() => parse({ outlets: {} }), /^outlets: expected a list of outlet entries/);
  configError(() => parse({ outlets: [{ id: 'a-b', country: 'Persia' }] }), /^outlets\[0\]\.country: expected an ISO 3166-1 country code or English country name, got 'Persia'/);
  configError(() => parse({ outlets: [{ id: 'a-b', owner: 'state' }] }), /^outlets\[0\]\.owner: unknown field \(did you mean 'ownership'\?\)/);
  configError(() => parse({ outlets: [{ id: 'a-b' }, { id: 'a-b' }] }), /^outlets\[1\]\.id: 'a-b' is already used by outlets\[0\]/);
  configError(() => parse({ outlets: [{ name: 'No id' }] }), /^outlets\[0\]\.id: expected a kebab-case id/);
});

test('country names and codes in any case are mapped to ISO codes; single strings become lists', () => {
  const c = parse({
    groups: {
      Mixed: { countries: ['Iran', 'az', 'ISR', 'United Kingdom', 'Türkiye', 'Syria'], ownership: 'STATE', outlets: 'irna' },
      $comment: 'ignored',
    },
    $schema: './parallax.config.schema.json',
  });
  assert.deepEqual(c.groups, [{ name: 'Mixed', outlets: ['irna'], countries: ['IR', 'AZ', 'IL', 'GB', 'TR', 'SY'], ownership: ['state'] }]);
  assert.equal(countryCode('Russian Federation'), 'RU');
  assert.equal(countryCode('the Netherlands'), 'NL');
  assert.equal(countryCode('Persia'), null);
  assert.equal(countryCode('ZZ'), null);
  assert.equal(countryCode('EU'), null);
  assert.equal(countryCode(''), null);
});

test('the brief example parses and keeps group order', () => {
  const c = parse({
    groups: {
      'Iranian state media': { outlets: ['irna', 'Mehr News Agency'], countries: [], ownership: ['state'] },
      'Azerbaijani pro-government': { countries: ['AZ'] },
    },
    outlets: [{ id: 'my-blog', name: 'My Blog', domains: ['https://www.MyBlog.example/'], country: 'AZ', ownership: 'private', source: 'user' }],
  });
  assert.deepEqual(c.groups.map((g) => g.name), ['Iranian state media', 'Azerbaijani pro-government']);
  assert.deepEqual(c.outlets, [{ id: 'my-blog', name: 'My Blog', domains: ['myblog.example'], country: 'AZ', ownership: 'private', source: 'user' }]);
  const reg = loadOutletRegistry(c.outlets);
  assert.equal(reg.byDomain('myblog.example')?.id, 'my-blog');
});

test('every JSON example in docs/config.md and docs/outlets.md is a valid config', () => {
  for (const doc of ['config.md', 'outlets.md']) {
    const md = readFileSync(join(REPO, 'docs', doc), 'utf8');
    const blocks = [...md.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(blocks.length >= 1, `docs/${doc} has a json example`);
    for (const b of blocks) {
      const c = parseConfig(b, `docs/${doc}`);
      loadOutletRegistry(c.outlets, { origin: `docs/${doc}` });
    }
  }
});

const config = (groups: Record<string, unknown>): ParallaxConfig => parse({ groups });
const outlet = (o: Partial<{ name: string; id: string | null; country: string | null; ownership: string | null }>) => ({
  name: null,
  id: null,
  country: null,
  ownership: null,
  ...o,
});

test('resolveGroup: an explicitly listed outlet wins over an earlier country or ownership rule', () => {
  const c = config({
    'Everyone in Israel': { countries: ['IL'] },
    'State media': { ownership: ['state'] },
    'Syndicators': { outlets: ['jns', 'Times of Israel'] },
  });
  assert.equal(resolveGroup(c, outlet({ name: 'Jewish News Syndicate', id: 'jns', country: 'US', ownership: 'private' })), 'Syndicators');
  assert.equal(resolveGroup(c, outlet({ name: 'The Times of Israel', id: 'times-of-israel', country: 'IL', ownership: 'private' })), 'Syndicators');
  assert.equal(resolveGroup(c, outlet({ name: 'Haaretz', id: 'haaretz', country: 'IL', ownership: 'private' })), 'Everyone in Israel');
  assert.equal(resolveGroup(c, outlet({ name: 'Kan', id: 'kan', country: 'IL', ownership: 'public' })), 'Everyone in Israel');
  assert.equal(resolveGroup(c, outlet({ name: 'TASS', id: 'tass', country: 'RU', ownership: 'state' })), 'State media');
  assert.equal(resolveGroup(c, outlet({ name: 'Le Monde', id: 'le-monde', country: 'FR', ownership: 'private' })), null);
});

test('resolveGroup: explicit names match case-, accent- and punctuation-insensitively; unknown outlets by name', () => {
  const c = config({ Mine: { outlets: ['MEHR NEWS AGENCY', 'yeni safak', 'Lorvan Daily'] } });
  assert.equal(resolveGroup(c, outlet({ name: 'Mehr News Agency', id: 'mehr-news-agency' })), 'Mine');
  assert.equal(resolveGroup(c, outlet({ name: 'Yeni Şafak', id: 'yeni-safak' })), 'Mine');
  assert.equal(resolveGroup(c, outlet({ name: 'Lorvan Daily' })), 'Mine');
  assert.equal(resolveGroup(c, outlet({ name: 'Lorvan Weekly' })), null);
});

test('resolveGroup: with a registry, aliases in a group name the outlet too', () => {
  const c = config({ 'Iranian state media': { outlets: ['IRNA', 'Tasnim'] } });
  const reg = loadOutletRegistry();
  const tasnim = outlet({ name: 'Tasnim News Agency', id: 'tasnim-news-agency', country: 'IR', ownership: 'state' });
  assert.equal(resolveGroup(c, tasnim), null, 'an alias needs the registry');
  assert.equal(resolveGroup(c, tasnim, reg), 'Iranian state media');
});

test('resolveGroup: a group with countries and ownership needs both; first matching group in file order', () => {
  const c = config({
    'Azerbaijani state media': { countries: ['AZ'], ownership: ['state'] },
    'Azerbaijani media': { countries: ['Azerbaijan'] },
    'Any state media': { ownership: ['state', 'public'] },
  });
  assert.equal(resolveGroup(c, outlet({ name: 'Azertac', id: 'azertac', country: 'AZ', ownership: 'state' })), 'Azerbaijani state media');
  assert.equal(resolveGroup(c, outlet({ name: 'APA', id: 'apa', country: 'AZ', ownership: 'private' })), 'Azerbaijani media');
  assert.equal(resolveGroup(c, outlet({ name: 'IRNA', id: 'irna', country: 'IR', ownership: 'state' })), 'Any state media');
  assert.equal(resolveGroup(c, outlet({ name: 'BBC', id: 'bbc', country: 'GB', ownership: 'public' })), 'Any state media');
  // Unknown country or ownership never satisfies a rule about it.
  assert.equal(resolveGroup(c, outlet({ name: 'Someone', country: null, ownership: 'state' })), 'Any state media');
  assert.equal(resolveGroup(c, outlet({ name: 'Someone', country: 'AZ', ownership: null })), 'Azerbaijani media');
  assert.equal(resolveGroup(c, outlet({ name: 'Someone' })), null);
  assert.equal(resolveGroup(parse({}), outlet({ name: 'IRNA', id: 'irna', country: 'IR', ownership: 'state' })), null);
});

test('outletKey is the one comparison key for names', () => {
  assert.equal(outletKey('The Times of Israel'), outletKey('times-of-israel'));
  assert.equal(outletKey('Mail & Guardian'), outletKey('Mail and Guardian'));
  assert.equal(outletKey('Süddeutsche'), 'suddeutsche');
  assert.equal(outletKey('the'), '');
});

test('actors: validated entries with field paths in errors', () => {
  const c = parseConfig(JSON.stringify({ actors: [{ name: 'Ostravia', kind: 'State', demonyms: 'Ostravian', capital: 'Kessmark' }, { name: 'Arno Lind', kind: 'person', state: 'Ostravia' }, { name: 'Tarn Oil', kind: 'organisation', state: 'Norway' }] }));
  assert.deepEqual(c.actors[0], { name: 'Ostravia', kind: 'state', demonyms: ['Ostravian'], capital: 'Kessmark' });
  assert.equal(c.actors[1].state, 'Ostravia');
  assert.deepEqual(parseConfig('{}').actors, []);
  configError(() => parseConfig('{"actors": {}}'), /^actors: expected a list/);
  configError(() => parseConfig('{"actors": [{"name": "X"}]}'), /^actors\[0\]\.kind: missing/);
  configError(() => parseConfig('{"actors": [{"name": "X", "kind": "city"}]}'), /^actors\[0\]\.kind: expected one of 'state'/);
  configError(() => parseConfig('{"actors": [{"name": "X", "kind": "person", "capital": "Y"}]}'), /^actors\[0\]\.capital: only a state/);
  configError(() => parseConfig('{"actors": [{"name": "X", "kind": "person", "state": "Atlantis"}]}'), /^actors\[0\]\.state: 'Atlantis' is neither/);
  configError(() => parseConfig('{"actors": [{"name": "X", "kind": "state", "demonym": ["Xian"]}]}'), /^actors\[0\]\.demonym: unknown field \(did you mean 'demonyms'\?\)/);
  configError(() => parseConfig('{"actors": [{"name": "X", "kind": "state"}, {"name": "x", "kind": "place"}]}'), /^actors\[1\]\.name: 'x' is already used by actors\[0\]/);
});
