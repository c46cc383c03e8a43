import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isParallaxError } from '../core/errors.js';
import { isCountryCode, outletKey } from '../core/config.js';
import { bundledOutlets, loadOutletRegistry, resolveOutlet, wireFromByline, type OutletEntry } from './outlets.js';

const reg = loadOutletRegistry();

function configError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isParallaxError(e), `expected a ParallaxError, got ${String(e)}`);
    assert.equal(e.code, 'E_CONFIG');
    assert.match(e.message, pattern);
    return true;
  });
}

test('the bundled registry is large, well-formed and has provenance on every entry', () => {
  const all = bundledOutlets();
  assert.ok(all.length >= 150, `only ${all.length} outlets`);
  const ids = new Set<string>();
  for (const e of all) {
    assert.match(e.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, e.id);
    assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
    ids.add(e.id);
    assert.ok(e.country !== null && isCountryCode(e.country), `${e.id}: country ${e.country}`);
    assert.ok(['state', 'public', 'private'].includes(e.ownership), e.id);
    assert.ok(['agency', 'newspaper', 'broadcaster', 'online', 'magazine'].includes(e.type), e.id);
    assert.ok(e.source.trim().length > 5, `${e.id}: source`);
    assert.match(e.source, /^(?:Wikipedia: \S|https:\/\/)/, `${e.id}: source should be checkable`);
    for (const d of e.domains) assert.match(d, /^[a-z0-9.-]+\.[a-z]{2,}(?:\/[a-z0-9/_-]+)?$/, `${e.id}: domain ${d}`);
  }
  const countries = new Set(all.map((e) => e.country));
  assert.ok(countries.size >= 60, `only ${countries.size} countries`);
});

test('the outlets the analysts asked for are there, with the expected country and ownership', () => {
  const expect: Array<[string, string, OutletEntry['ownership']]> = [
    ['IRNA', 'IR', 'state'], ['Mehr', 'IR', 'state'], ['Tasnim', 'IR', 'state'], ['Fars News Agency', 'IR', 'state'],
    ['Press TV', 'IR', 'state'], ['IRIB', 'IR', 'state'], ['Tehran Times', 'IR', 'state'], ['Kayhan', 'IR', 'state'],
    ['TASS', 'RU', 'state'], ['RIA Novosti', 'RU', 'state'], ['RT', 'RU', 'state'], ['Sputnik', 'RU', 'state'],
    ['Rossiyskaya Gazeta', 'RU', 'state'], ['Channel One', 'RU', 'state'],
    ['Xinhua', 'CN', 'state'], ['CGTN', 'CN', 'state'], ['China Daily', 'CN', 'state'], ['Global Times', 'CN', 'state'],
    ["People's Daily", 'CN', 'state'], ['CCTV', 'CN', 'state'],
    ['Anadolu Agency', 'TR', 'state'], ['TRT World', 'TR', 'state'], ['Daily Sabah', 'TR', 'private'],
    ['APA', 'AZ', 'private'], ['Azertac', 'AZ', 'state'], ['Trend', 'AZ', 'private'], ['Report.az', 'AZ', 'private'],
    ['Caliber.Az', 'AZ', 'private'], ['News.az', 'AZ', 'private'],
    ['Armenpress', 'AM', 'state'], ['Public Radio of Armenia', 'AM', 'public'], ['news.am', 'AM', 'private'], ['Azatutyun', 'US', 'public'],
    ['Kan', 'IL', 'public'], ['Times of Israel', 'IL', 'private'], ['Haaretz', 'IL', 'private'], ['Jerusalem Post', 'IL', 'private'],
    ['Ynet', 'IL', 'private'], ['Israel Hayom', 'IL', 'private'], ['i24NEWS', 'IL', 'private'], ['JNS', 'US', 'private'],
    ['World Israel News', 'IL', 'private'], ['Arutz Sheva', 'IL', 'private'],
    ['Al Jazeera', 'QA', 'state'], ['Al Arabiya', 'SA', 'state'], ['Gulf News', 'AE', 'private'], ['The National', 'AE', 'private'],
    ['WAM', 'AE', 'state'], ['SPA', 'SA', 'state'], ['KUNA', 'KW', 'state'], ['QNA', 'QA', 'state'], ['Arab News', 'SA', 'private'],
    ['AP', 'US', 'private'], ['Reuters', 'GB', 'private'], ['AFP', 'FR', 'public'], ['BBC', 'GB', 'public'], ['Guardian', 'GB', 'private'],
    ['NYT', 'US', 'private'], ['WaPo', 'US', 'private'], ['WSJ', 'US', 'private'], ['CNN', 'US', 'private'], ['Fox News', 'US', 'private'],
    ['Bloomberg', 'US', 'private'], ['FT', 'GB', 'private'], ['DW', 'DE', 'public'], ['France 24', 'FR', 'public'], ['Euronews', 'FR', 'private'],
    ['Le Monde', 'FR', 'private'], ['Der Spiegel', 'DE', 'private'], ['El País', 'ES', 'private'], ['ANSA', 'IT', 'private'],
    ['EFE', 'ES', 'state'], ['dpa', 'DE', 'private'],
  ];
  for (const [name, country, ownership] of expect) {
    const e = reg.byName(name);
    assert.ok(e, `${name} is missing`);
    assert.equal(e.country, country, `${name} country`);
    assert.equal(e.ownership, ownership, `${name} ownership`);
  }
  assert.match(reg.byName('Daily Sabah')?.note ?? '', /pro-government/i, 'Daily Sabah says why it is listed as private');
  for (const region of ['IN', 'PK', 'UA', 'GE', 'KZ', 'UZ', 'KG', 'NG', 'ZA', 'KE', 'BR', 'AR', 'MX', 'VE']) {
    assert.ok(bundledOutlets().some((e) => e.country === region), `nothing from ${region}`);
  }
});

test('wire agencies are typed agency; syndication services are flagged', () => {
  for (const n of ['Reuters', 'AP', 'AFP', 'JNS', 'TASS', 'Xinhua', 'IRNA', 'Anadolu', 'APA', 'Azertac', 'Armenpress', 'WAM', 'dpa', 'EFE', 'ANSA', 'PTI', 'Kyodo', 'Yonhap']) {
    assert.equal(reg.isWireAgency(n)?.type, 'agency', n);
  }
  assert.equal(reg.isWireAgency('The Conversation')?.id, 'the-conversation');
  for (const n of ['Haaretz', 'BBC', 'Press TV', 'Daily Sabah', 'Nobody Weekly']) assert.equal(reg.isWireAgency(n), null, n);
});

test('byDomain: www, subdomains, ports, paths and listed subdomains', () => {
  const cases: Array<[string, string | null]> = [
    ['irna.ir', 'irna'],
    ['en.irna.ir', 'irna'],
    ['https://www.IRNA.ir/news/84123', 'irna'],
    ['https://en.mehrnews.com:443/news/1?x=2#y', 'mehr-news-agency'],
    ['www2.ynetnews.com', 'ynet'],
    ['https://www.bbc.com/persian/articles/c1', 'bbc-persian'],
    ['https://www.bbc.com/persian', 'bbc-persian'],
    ['https://www.bbc.com/persiana', 'bbc'],
    ['https://www.bbc.co.uk/news/world-middle-east-1', 'bbc'],
    ['https://abcnews.go.com/International', 'abc-news-us'],
    ['https://espn.go.com/', null],
    ['https://news.sky.com/story/x', 'sky-news'],
    ['https://sputnik.az/20250101/x.html', 'sputnik'],
    ['https://timesofindia.indiatimes.com/world', 'times-of-india'],
    ['https://example.org/', null],
    ['http://127.0.0.1/', null],
    ['localhost', null],
    ['com', null],
    ['', null],
    ['not a url at all', null],
  ];
  for (const [input, id] of cases) assert.equal(reg.byDomain(input)?.id ?? null, id, input);
});

test('byName ignores case, diacritics, punctuation and "the"; tries ids and domains', () => {
  const cases: Array<[string, string | null]> = [
    ['The Times of Israel', 'times-of-israel'],
    ['times of israel', 'times-of-israel'],
    ['TIMES-OF-ISRAEL', 'times-of-israel'],
    ['Islamic Republic News Agency', 'irna'],
    ['  irna ', 'irna'],
    ['Report.az', 'report-az'],
    ['report az', 'report-az'],
    ['Al-Jazeera', 'al-jazeera'],
    ['Al Jazeera English', 'al-jazeera'],
    ['Yeni Safak', 'yeni-safak'],
    ['Yeni Şafak', 'yeni-safak'],
    ['Süddeutsche Zeitung', 'sueddeutsche'],
    ['Agence France Presse', 'afp'],
    ['mehr-news-agency', 'mehr-news-agency'],
    ['jpost.com', 'jerusalem-post'],
    ['theguardian.com', 'guardian'],
    ['Austria Presse Agentur', 'apa-austria'],
    ['APA', 'apa'],
    ['The', null],
    ['Coastal Herald', null],
  ];
  for (const [input, id] of cases) assert.equal(reg.byName(input)?.id ?? null, id, input);
  assert.equal(outletKey('The  Times—of Israel!'), 'timesofisrael');
});

test('wireFromByline recognises agency and syndication bylines, not authors who share a word', () => {
  const yes: Array<[string, string]> = [
    ['By JNS', 'jns'],
    ['JNS', 'jns'],
    ['By JNS Staff', 'jns'],
    ['(Reuters)', 'reuters'],
    ['TEHRAN (Reuters) -', 'reuters'],
    ['WASHINGTON (AP) —', 'ap'],
    ['Reuters/AFP', 'reuters'],
    ['AFP/Reuters', 'afp'],
    ['AP', 'ap'],
    ['By Jon Gambrell, Associated Press', 'ap'],
    ['By JON GAMBRELL Associated Press', 'ap'],
    ['Jane Doe and Reuters staff', 'reuters'],
    ['Source: IRNA', 'irna'],
    ['By Tasnim News Agency', 'tasnim-news-agency'],
    ['By TPS', 'tps'],
    ['Xinhua | Editor: Li Wei', 'xinhua'],
    ['This article is republished from The Conversation under a Creative Commons license.', 'the-conversation'],
  ];
  for (const [b, id] of yes) assert.equal(wireFromByline(reg, b)?.id ?? null, id, b);
  const no = ['By Tass Pickering', 'By Ap Nguyen', 'By Jane Doe', 'By Jane Doe | Times of Israel', 'Haaretz', 'AP Photo/Vahid Salemi', 'Staff and agencies', '', '   '];
  for (const b of no) assert.equal(wireFromByline(reg, b), null, b);
});

test('resolveOutlet: what the user gave always wins, normalised when known', () => {
  assert.deepEqual(resolveOutlet(reg, { user: 'irna', url: 'https://www.presstv.ir/x' }), {
    name: 'Islamic Republic News Agency', id: 'irna', country: 'IR', ownership: 'state', via: 'user',
  });
  assert.deepEqual(resolveOutlet(reg, { user: 'Lorvan Daily', url: 'https://www.presstv.ir/x' }), {
    name: 'Lorvan Daily', id: null, country: null, ownership: null, via: 'user',
  });
});

test('resolveOutlet: the URL beats page metadata; the canonical URL is next', () => {
  const r = resolveOutlet(reg, { url: 'https://en.mehrnews.com/news/1', jsonLdPublisher: 'Tasnim', siteName: 'Fars' });
  assert.equal(r?.id, 'mehr-news-agency');
  assert.equal(r?.via, 'url');
  const c = resolveOutlet(reg, { url: 'https://mirror.example/x', canonicalUrl: 'https://www.tehrantimes.com/news/1', jsonLdPublisher: 'Coastal Herald' });
  assert.equal(c?.id, 'tehran-times');
  assert.equal(c?.via, 'url');
});

test('resolveOutlet: publisher, then site name, then feed; a known name beats an unknown one', () => {
  assert.equal(resolveOutlet(reg, { jsonLdPublisher: 'Haaretz', siteName: 'Ynet' })?.id, 'haaretz');
  const s = resolveOutlet(reg, { jsonLdPublisher: 'Coastal Herald Media Ltd', siteName: 'The Jerusalem Post | JPost.com' });
  assert.equal(s?.id, 'jerusalem-post');
  assert.equal(s?.via, 'site-name');
  const f = resolveOutlet(reg, { feedChannel: 'World news | The Guardian' });
  assert.equal(f?.id, 'guardian');
  assert.equal(f?.via, 'feed');
  const link = resolveOutlet(reg, { feedChannel: 'Latest', feedLink: 'https://www.azernews.az/' });
  assert.equal(link?.id, 'azernews');
  assert.equal(link?.via, 'feed');
  // "National" is a section, not The National.
  assert.equal(resolveOutlet(reg, { feedChannel: 'Coastal Herald - National' })?.id ?? null, null);
  assert.deepEqual(resolveOutlet(reg, { jsonLdPublisher: 'Coastal Herald', siteName: 'Coastal Herald Online' }), {
    name: 'Coastal Herald', id: null, country: null, ownership: null, via: 'publisher',
  });
});

test('resolveOutlet: a footer only counts when nothing else names an outlet; a bare host is the last resort', () => {
  assert.equal(resolveOutlet(reg, { jsonLdPublisher: 'Coastal Herald', footerOutlet: 'Reuters' })?.name, 'Coastal Herald');
  const f = resolveOutlet(reg, { url: 'https://coastal.example/a', footerOutlet: 'Reuters' });
  assert.equal(f?.id, 'reuters');
  assert.equal(f?.via, 'footer');
  assert.deepEqual(resolveOutlet(reg, { url: 'https://www.coastal-herald.example/a/b' }), {
    name: 'coastal-herald.example', id: null, country: null, ownership: null, via: 'url',
  });
  assert.equal(resolveOutlet(reg, {}), null);
  assert.equal(resolveOutlet(reg, { user: '  ', siteName: '' }), null);
});

test('user entries add outlets, with defaults, and resolve by domain and name', () => {
  const r = loadOutletRegistry([{ id: 'my-blog', name: 'My Blog', domains: ['myblog.example'], country: 'AZ', ownership: 'private', source: 'user' }]);
  const e = r.byDomain('https://news.myblog.example/post/1');
  assert.equal(e?.id, 'my-blog');
  assert.equal(e?.type, 'online');
  assert.deepEqual(e?.aliases, []);
  assert.equal(r.byName('my blog')?.id, 'my-blog');
  assert.equal(r.entries.length, bundledOutlets().length + 1);
  // The bundled registry is untouched.
  assert.equal(reg.byName('My Blog'), null);
  // An outlet of an invented or unrecognised state may have no country.
  const none = loadOutletRegistry([{ id: 'kbc-world', name: 'KBC World', ownership: 'state', type: 'broadcaster', source: 'invented' }]);
  assert.deepEqual(resolveOutlet(none, { siteName: 'KBC World' }), { name: 'KBC World', id: 'kbc-world', country: null, ownership: 'state', via: 'site-name' });
  // Country names are accepted and stored as codes.
  assert.equal(loadOutletRegistry([{ id: 'x-news', name: 'X News', country: 'Azerbaijan', ownership: 'private', source: 'user' }]).byId('x-news')?.country, 'AZ');
});

test('user entries override bundled ones by id; classification changes need their own source', () => {
  const r = loadOutletRegistry([{ id: 'trt-world', ownership: 'public', source: 'https://www.trtworld.com/about', aliases: ['TRTW'], domains: ['trtworld.example'] }]);
  const e = r.byId('trt-world');
  assert.equal(e?.ownership, 'public');
  assert.equal(e?.source, 'https://www.trtworld.com/about');
  assert.equal(e?.name, 'TRT World');
  assert.equal(r.byName('TRTW')?.id, 'trt-world');
  assert.equal(r.byDomain('trtworld.com')?.id, 'trt-world', 'bundled domains are kept');
  assert.equal(r.byDomain('trtworld.example')?.id, 'trt-world');
  configError(() => loadOutletRegistry([{ id: 'trt-world', ownership: 'public' }]), /outlets\[0\]\.source: changing ownership .*trt-world/);
  // Same value, or a rename, needs no new source.
  assert.equal(loadOutletRegistry([{ id: 'irna', ownership: 'state', name: 'IRNA' }]).byName('Islamic Republic News Agency')?.name, 'IRNA');
});

test('a user alias or domain that a bundled outlet also claims goes to the user', () => {
  const r = loadOutletRegistry([{ id: 'apa-austria', aliases: ['APA'] }]);
  assert.equal(r.byName('APA')?.id, 'apa-austria');
  const d = loadOutletRegistry([{ id: 'my-mirror', name: 'My Mirror', domains: ['mirror.irna.ir'], country: 'IR', ownership: 'private', source: 'user' }]);
  assert.equal(d.byDomain('https://mirror.irna.ir/x')?.id, 'my-mirror');
  assert.equal(d.byDomain('https://en.irna.ir/x')?.id, 'irna');
});

test('bad user entries are E_CONFIG errors naming the entry and the field', () => {
  configError(() => loadOutletRegistry([{ id: 'my-blog', name: 'My Blog', country: 'Persia', ownership: 'private', source: 'user' }]), /outlets\[0\]\.country: .*'Persia'.*\(outlet 'my-blog'\)/);
  configError(() => loadOutletRegistry([{ id: 'my-blog', name: 'My Blog', country: 'AZ', ownership: 'private' }]), /outlets\[0\]\.source: required for a new outlet/);
  configError(() => loadOutletRegistry([{ id: 'my-blog', name: 'My Blog', country: 'AZ', ownership: 'private', source: '  ' }]), /outlets\[0\]\.source/);
  configError(() => loadOutletRegistry([{ id: 'my-blog', country: 'AZ', ownership: 'private', source: 'user' }]), /outlets\[0\]\.name: required/);
  configError(() => loadOutletRegistry([{ id: 'My Blog', name: 'x', country: 'AZ', ownership: 'private', source: 'user' }]), /outlets\[0\]\.id: expected a kebab-case id/);
  configError(() => loadOutletRegistry([{ id: 'b', name: 'B', country: 'AZ', ownership: 'owned' as never, source: 'user' }]), /outlets\[0\]\.ownership: expected one of 'state', 'public', 'private', got 'owned'/);
  configError(() => loadOutletRegistry([{ id: 'b', name: 'B', country: 'AZ', ownership: 'private', source: 'user', domains: ['not a domain'] }]), /outlets\[0\]\.domains\[0\]/);
  configError(
    () =>
      loadOutletRegistry([
        { id: 'a-news', name: 'A', aliases: ['Same'], country: 'AZ', ownership: 'private', source: 'user' },
        { id: 'b-news', name: 'B', aliases: ['same'], country: 'AZ', ownership: 'private', source: 'user' },
      ]),
    /name 'same' is claimed by both 'a-news' and 'b-news'/,
  );
  configError(() => loadOutletRegistry([{ id: 'a', name: 'A', country: 'AZ', ownership: 'private', source: 'u' }, { id: 'a', name: 'B', country: 'AZ', ownership: 'private', source: 'u' }]), /outlets\[1\]\.id: 'a' appears twice/);
  assert.throws(() => loadOutletRegistry([{ id: 'b', country: 'Persia' }], { origin: '/tmp/parallax.config.json' }), (e: unknown) => isParallaxError(e) && e.input === '/tmp/parallax.config.json');
});

test('a registry can be built from user entries alone', () => {
  const r = loadOutletRegistry([{ id: 'only', name: 'Only One', country: 'GE', ownership: 'public', type: 'broadcaster', source: 'user' }], { bundled: false });
  assert.equal(r.entries.length, 1);
  assert.equal(r.byName('IRNA'), null);
  assert.equal(r.isWireAgency('Only One'), null);
});

test('a wire named as the publisher of another site\'s page is republication: the site is the outlet', () => {
  // An invented local paper running an AP story: JSON-LD says AP, the site name says who published the page.
  const r = resolveOutlet(reg, { url: 'https://www.harbourpost.example/news/x', jsonLdPublisher: 'Associated Press', siteName: 'Harbour Post' });
  assert.deepEqual(r && [r.name, r.id, r.via], ['Harbour Post', null, 'site-name']);
  const known = resolveOutlet(reg, { jsonLdPublisher: 'Reuters', siteName: 'The Times of Israel' });
  assert.equal(known?.id, 'times-of-israel');
  // AP's own page, or a wire with no other site name, stays the wire.
  assert.equal(resolveOutlet(reg, { jsonLdPublisher: 'Associated Press', siteName: 'AP News' })?.id, 'ap');
  assert.equal(resolveOutlet(reg, { jsonLdPublisher: 'Associated Press' })?.id, 'ap');
  // A non-wire publisher still beats an unknown site name.
  assert.equal(resolveOutlet(reg, { jsonLdPublisher: 'The Times of Israel', siteName: 'ToI Blogs Hub' })?.id, 'times-of-israel');
});
