import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ipaddr from 'ipaddr.js';
import { blockedHostname, blockedReason, embeddedIPv4, isIpLiteral } from './address.js';
import { checkUrlHost, guardedLookup, type ResolvedAddress } from './fetch.js';
import { ParallaxError } from '../core/errors.js';

/** Cloud metadata endpoints: refused with and without allowPrivate. */
const M = /cloud metadata/;
/** blockedReason's table: [address, reason by default (null = allowed), reason with allowPrivate (null = allowed)]. */
const TABLE: Array<[string, RegExp | null, RegExp | null]> = [
  // IPv4
  ['8.8.8.8', null, null],
  ['1.1.1.1', null, null],
  ['93.184.216.34', null, null],
  ['172.32.0.1', null, null],
  ['100.128.0.1', null, null],
  ['127.0.0.1', /loopback/, null],
  ['127.255.0.9', /loopback/, null],
  ['10.1.2.3', /private \(RFC 1918\)/, null],
  ['172.16.0.1', /private/, null],
  ['172.31.255.255', /private/, null],
  ['192.168.1.1', /private/, null],
  ['100.64.0.1', /carrier-grade NAT/, null],
  ['100.127.255.254', /carrier-grade NAT/, null],
  ['169.254.1.1', /link-local/, null],
  ['0.0.0.0', /unspecified/, null],
  ['0.1.2.3', /unspecified/, null],
  ['224.0.0.1', /multicast/, null],
  ['239.255.255.250', /multicast/, null],
  ['255.255.255.255', /broadcast/, null],
  ['240.0.0.1', /reserved/, null],
  ['192.0.2.1', /reserved/, null],
  ['198.18.0.1', /reserved/, null],
  // IPv4 spelled the ways inet_aton and URL hosts allow: judged by value.
  ['2130706433', /loopback/, null],
  ['0x7f.1', /loopback/, null],
  ['017700000001', /loopback/, null],
  ['0177.0.0.1', /loopback/, null],
  ['127.1', /loopback/, null],
  // Metadata: refused with and without allowPrivate, however spelled.
  ['169.254.169.254', M, M],
  ['169.254.170.2', M, M],
  ['169.254.170.23', M, M],
  ['169.254.0.23', M, M],
  ['100.100.100.200', M, M],
  ['192.0.0.192', M, M],
  ['0xa9fea9fe', M, M],
  ['2852039166', M, M],
  ['fd00:ec2::254', M, M],
  ['fd00:ec2:0:0:0:0:0:254', M, M],
  ['FD00:EC2::254', M, M],
  ['fd00:ec2::23', M, M],
  // IPv6 without an embedded IPv4 address
  ['2606:4700::1111', null, null],
  ['2a00:1450:4001::200e', null, null],
  ['::1', /loopback/, null],
  ['0:0:0:0:0:0:0:1', /loopback/, null],
  ['[::1]', /loopback/, null],
  ['::', /unspecified/, null],
  ['fe80::1', /link-local/, null],
  ['fe80::1%eth0', /link-local/, null],
  ['febf::1', /link-local/, null],
  ['fc00::1', /unique-local/, null],
  ['fd12:3456::1', /unique-local/, null],
  ['fec0::1', /site-local \(fec0::\/10\)/, null],
  ['ff02::1', /multicast/, null],
  ['ff05::1:3', /multicast/, null],
  ['100::1', /reserved address \(discard\)/, null],
  ['2001:db8::1', /reserved/, null],
  ['2001:2::1', /reserved address \(benchmarking\)/, null],
  ['4000::1', /unallocated/, null],
  ['e000::1', /unallocated/, null],
  // IPv4-mapped
  ['::ffff:8.8.8.8', null, null],
  ['::ffff:127.0.0.1', /loopback address \(127\.0\.0\.1 inside an IPv4-mapped/, null],
  ['::ffff:7f00:1', /loopback/, null],
  ['::ffff:10.0.0.1', /private/, null],
  ['[::ffff:192.168.0.1]', /private/, null],
  ['::ffff:169.254.169.254', M, M],
  ['::ffff:a9fe:a9fe', M, M],
  ['0:0:0:0:0:ffff:a9fe:a9fe', M, M],
  // IPv4-compatible (::a.b.c.d, deprecated): the form itself is never a public destination.
  ['::a9fe:a9fe', M, M],
  ['::169.254.169.254', M, M],
  ['::7f00:1', /loopback address \(127\.0\.0\.1 inside an IPv4-compatible/, null],
  ['::127.0.0.1', /loopback/, null],
  ['::a00:1', /private \(RFC 1918\) address \(10\.0\.0\.1/, null],
  ['::c0a8:1', /private/, null],
  ['::2', /unspecified/, null],
  ['::808:808', /IPv4-compatible.*not publicly routed/, null],
  // IPv4-translated (::ffff:0:a.b.c.d)
  ['::ffff:0:a9fe:a9fe', M, M],
  ['::ffff:0:7f00:1', /loopback/, null],
  ['::ffff:0:808:808', /IPv4-translated.*not publicly routed/, null],
  // NAT64, well-known prefix
  ['64:ff9b::808:808', null, null],
  ['64:ff9b::8.8.8.8', null, null],
  ['64:ff9b::a00:1', /private.*inside a NAT64/, null],
  ['64:ff9b::7f00:1', /loopback/, null],
  ['64:ff9b::a9fe:a9fe', M, M],
  ['64:ff9b::169.254.169.254', M, M],
  ['64:ff9b::6464:64c8', M, M], // 100.100.100.200
  // NAT64, local-use prefix: the IPv4 address may sit at any RFC 6052 position for a /48…/96 prefix.
  ['64:ff9b:1::a9fe:a9fe', M, M], // /96 placement
  ['64:ff9b:1:a9fe:a9:fe00::', M, M], // /48 placement
  ['64:ff9b:1:0:7f:0:1::', /local-use NAT64.*not publicly routed/, null], // 127.0.0.1 at the /56 placement
  ['64:ff9b:1::808:808', /local-use NAT64.*not publicly routed/, null],
  // 6to4
  ['2002:808:808::1', null, null],
  ['2002:c0a8:101::1', /private.*inside a 6to4/, null],
  ['2002:7f00:1::', /loopback/, null],
  ['2002:a9fe:a9fe::1', M, M],
  ['2002:a9fe:a9fe:1234:5678::9', M, M],
  // Teredo: client IPv4 is the last 32 bits XOR 0xffffffff; the server's address is checked too.
  ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', null, null], // client 8.8.8.8
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', /loopback address \(127\.0\.0\.1 inside a Teredo/, null],
  ['2001:0:4136:e378:8000:63bf:f5ff:fffe', /private/, null], // client 10.0.0.1
  ['2001:0:4136:e378:8000:63bf:5601:5601', M, M], // client 169.254.169.254
  ['2001:0:a00:1:8000:63bf:f7f7:f7f7', /private \(RFC 1918\) address \(10\.0\.0\.1/, null], // server 10.0.0.1
  // Not addresses
  ['not-an-ip', /not an IP address/, /not an IP address/],
  ['', /not an IP address/, /not an IP address/],
  ['1.2.3.4.5', /not an IP address/, /not an IP address/],
];

describe('blockedReason', () => {
  for (const [address, byDefault, withPrivate] of TABLE) {
    it(`${address || '(empty)'}: ${byDefault ? byDefault.source : 'allowed'}; with allowPrivate ${withPrivate ? withPrivate.source : 'allowed'}`, () => {
      const reason = blockedReason(address);
      if (byDefault) assert.match(reason ?? 'allowed', byDefault);
      else assert.equal(reason, null);
      const open = blockedReason(address, { allowPrivate: true });
      if (withPrivate) assert.match(open ?? 'allowed', withPrivate);
      else assert.equal(open, null);
    });
  }

  it('reads the IPv4 address out of every embedding form', () => {
    const cases: Array<[string, string[]]> = [
      ['::ffff:1.2.3.4', ['1.2.3.4']],
      ['::1.2.3.4', ['1.2.3.4']],
      ['::ffff:0:1.2.3.4', ['1.2.3.4']],
      ['64:ff9b::1.2.3.4', ['1.2.3.4']],
      ['2002:102:304::', ['1.2.3.4']],
      ['2001:0:4136:e378:8000:63bf:fefd:fcfb', ['1.2.3.4', '65.54.227.120']],
    ];
    for (const [a, expected] of cases) {
      assert.deepEqual(embeddedIPv4(ipaddr.IPv6.parse(a))?.addresses.map(String), expected, a);
    }
    assert.equal(embeddedIPv4(ipaddr.IPv6.parse('2606:4700::1111')), null);
    assert.equal(embeddedIPv4(ipaddr.IPv6.parse('::1')), null);
  });

  it('knows metadata host names and IP literals', () => {
    assert.match(blockedHostname('metadata.google.internal') ?? '', /metadata/);
    assert.match(blockedHostname('METADATA.google.internal.') ?? '', /metadata/);
    assert.equal(blockedHostname('news.example'), null);
    assert.ok(isIpLiteral('[::1]'));
    assert.ok(isIpLiteral('10.0.0.1'));
    assert.ok(!isIpLiteral('localhost'));
  });
});

describe('redirect hop and DNS checks', () => {
  const check = (a: string) => blockedReason(a);

  it('checkUrlHost refuses IP-literal and metadata hosts before any lookup', () => {
    for (const u of ['http://127.0.0.1/', 'http://[::1]:8080/', 'http://0x7f.1/', 'http://2130706433/', 'http://[::ffff:10.0.0.1]/', 'http://169.254.169.254/latest/meta-data', 'http://metadata.google.internal/']) {
      assert.throws(
        () => checkUrlHost(new URL(u), check, 'http://public.example/start'),
        (e: unknown) => e instanceof ParallaxError && e.code === 'E_FETCH_BLOCKED' && e.input === 'http://public.example/start',
        u,
      );
    }
    assert.doesNotThrow(() => checkUrlHost(new URL('https://news.example/a'), check, 'x'));
    assert.throws(() => checkUrlHost(new URL('ftp://news.example/a'), check, 'x'), /unsupported URL scheme/);
  });

  function lookupOnce(table: Record<string, ResolvedAddress[]>, hostname: string, options: { all?: boolean; family?: number }) {
    const lookup = guardedLookup(
      async (h) => table[h] ?? [],
      check,
      (h, a, reason) => new ParallaxError('E_FETCH_BLOCKED', `${h} resolves to ${a}, ${reason}`),
    );
    return new Promise<{ err: unknown; result: unknown }>((resolve) => {
      (lookup as unknown as (h: string, o: object, cb: (err: unknown, a?: unknown, f?: unknown) => void) => void)(hostname, options, (err, a, f) =>
        resolve({ err, result: options.all ? a : [a, f] }),
      );
    });
  }

  const table: Record<string, ResolvedAddress[]> = {
    'public.example': [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }],
    'private.example': [{ address: '10.0.0.5', family: 4 }],
    // DNS rebinding / split answers: one public and one private address. Refused as a whole.
    'rebind.example': [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }],
    'mapped.example': [{ address: '::ffff:192.168.0.10', family: 6 }],
  };

  it('passes every resolved public address to the socket, in both callback shapes', async () => {
    const all = await lookupOnce(table, 'public.example', { all: true });
    assert.equal(all.err, null);
    assert.deepEqual(all.result, table['public.example']);
    const one = await lookupOnce(table, 'public.example', { family: 6 });
    assert.deepEqual(one.result, ['2606:2800:220:1::1', 6]);
  });

  it('refuses a host when any address it resolves to is private, including IPv4-mapped IPv6', async () => {
    for (const host of ['private.example', 'rebind.example', 'mapped.example']) {
      const { err } = await lookupOnce(table, host, { all: true });
      assert.ok(err instanceof ParallaxError && err.code === 'E_FETCH_BLOCKED', host);
    }
    const missing = await lookupOnce(table, 'nowhere.example', { all: true });
    assert.equal((missing.err as NodeJS.ErrnoException).code, 'ENOTFOUND');
  });
});
