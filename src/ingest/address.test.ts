import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockedHostname, blockedReason, isIpLiteral } from './address.js';
import { checkUrlHost, guardedLookup, type ResolvedAddress } from './fetch.js';
import { ParallaxError } from '../core/errors.js';

describe('blockedReason', () => {
  const refused: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.254', /carrier-grade NAT/],
    ['169.254.1.1', /link-local/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['240.0.0.1', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:10.0.0.1', /private/],
    ['::ffff:7f00:1', /loopback/],
    ['[::ffff:192.168.0.1]', /private/],
    ['64:ff9b::a00:1', /private/], // NAT64 wrapping 10.0.0.1
    ['2002:c0a8:101::1', /private/], // 6to4 wrapping 192.168.1.1
    ['169.254.169.254', /metadata/],
    ['fd00:ec2::254', /metadata/],
    ['100.100.100.200', /metadata/],
    ['::ffff:169.254.169.254', /metadata/],
    ['not-an-ip', /not an IP address/],
  ];
  for (const [address, why] of refused) {
    it(`refuses ${address}`, () => {
      const reason = blockedReason(address);
      assert.ok(reason, `${address} should be refused`);
      assert.match(reason, why);
    });
  }

  it('lets public unicast addresses through', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      assert.equal(blockedReason(a), null, a);
    }
  });

  it('allowPrivate lifts the private rules but never the metadata endpoints', () => {
    for (const a of ['127.0.0.1', '::1', '10.0.0.1', 'fe80::1', '100.64.0.1']) assert.equal(blockedReason(a, { allowPrivate: true }), null, a);
    for (const a of ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']) assert.match(blockedReason(a, { allowPrivate: true }) ?? '', /metadata/, a);
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
