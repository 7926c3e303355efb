import { describe, expect, it } from 'vitest';
import { classifyAddress } from '@/lib/search/fetch/address';
import { isAllowed, parseAllowList } from '@/lib/search/fetch/allow';
import { pinnedLookup, vetUrl } from '@/lib/search/fetch/guard';

const cls = (a: string) => classifyAddress(a).class;

describe('address classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.5', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['169.254.169.254', 'cloud-metadata'],
    ['169.254.170.2', 'cloud-metadata'],
    ['100.100.100.200', 'cloud-metadata'],
    ['168.63.129.16', 'cloud-metadata'],
    ['169.254.0.23', 'cloud-metadata'],
    ['192.0.0.192', 'cloud-metadata'],
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
  ])('IPv4 %s is %s', (addr, expected) => expect(cls(addr)).toBe(expected));

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fec0::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['fd00:ec2::254', 'cloud-metadata'],
    ['fd20:ce::254', 'cloud-metadata'],
    ['fd00:c1::a9fe:a9fe', 'cloud-metadata'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
    ['2002:7f00:1::1', 'tunnel'],
    ['2001:0:4136:e378::1', 'tunnel'],
    ['64:ff9b:1::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
  ])('IPv6 %s is %s', (addr, expected) => expect(cls(addr)).toBe(expected));

  it.each([
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.1'],
    ['::ffff:7f00:1', 'loopback', '127.0.0.1'],
    ['[::ffff:10.1.2.3]', 'private', '10.1.2.3'],
    ['::ffff:169.254.169.254', 'cloud-metadata', '169.254.169.254'],
    ['::ffff:0:192.168.0.1', 'private', '192.168.0.1'],
    ['::127.0.0.1', 'loopback', '127.0.0.1'],
    ['64:ff9b::7f00:1', 'loopback', '127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'cloud-metadata', '169.254.169.254'],
    ['64:ff9b::0a00:0001', 'private', '10.0.0.1'],
    ['64:ff9b::5db8:d822', 'public', '93.184.216.34'],
    ['::ffff:8.8.8.8', 'public', '8.8.8.8'],
  ])('IPv6 %s carrying IPv4 is judged by %s (%s)', (addr, expected, embedded) => {
    const c = classifyAddress(addr);
    expect(c.class).toBe(expected);
    expect(c.embedded).toBe(embedded);
  });

  it('an unparseable address is invalid', () => expect(cls('not-an-ip')).toBe('invalid'));
});

describe('the allow list', () => {
  it('parses hosts, addresses and CIDRs, and refuses junk with a clear message', () => {
    const list = parseAllowList([
      '127.0.0.1',
      '10.0.0.0/8',
      'Intranet.Example.',
      '[::1]',
      'fd00::/8',
    ]);
    expect([...list.hosts]).toEqual(['intranet.example']);
    expect(list.exact.has('127.0.0.1')).toBe(true);
    expect(() => parseAllowList(['10.0.0.0/99'])).toThrow(/not a valid CIDR/);
    expect(() => parseAllowList(['bad host!'])).toThrow(/neither a host name/);
  });

  it('lets listed addresses, ranges and hosts through, mapped forms included', () => {
    const list = parseAllowList(['127.0.0.1', '10.0.0.0/8', 'intranet.example']);
    expect(isAllowed(list, 'a', classifyAddress('127.0.0.1'))).toBe(true);
    expect(isAllowed(list, 'a', classifyAddress('::ffff:127.0.0.1'))).toBe(true);
    expect(isAllowed(list, 'a', classifyAddress('127.0.0.2'))).toBe(false);
    expect(isAllowed(list, 'a', classifyAddress('10.9.8.7'))).toBe(true);
    expect(isAllowed(list, 'intranet.example', classifyAddress('192.168.0.4'))).toBe(true);
  });

  it('cloud metadata is only let through when named exactly', () => {
    expect(
      isAllowed(
        parseAllowList(['169.254.0.0/16', '0.0.0.0/0']),
        'a',
        classifyAddress('169.254.169.254'),
      ),
    ).toBe(false);
    expect(
      isAllowed(
        parseAllowList(['metadata.google.internal']),
        'metadata.google.internal',
        classifyAddress('169.254.169.254'),
      ),
    ).toBe(false);
    expect(
      isAllowed(parseAllowList(['169.254.169.254']), 'a', classifyAddress('169.254.169.254')),
    ).toBe(true);
  });
});

describe('vetting a URL', () => {
  const empty = parseAllowList([]);
  const resolveTo =
    (...addrs: string[]) =>
    async () =>
      addrs;

  it('refuses every non-public answer, naming the address and the range', async () => {
    await expect(vetUrl('http://intranet.test/', empty, resolveTo('10.0.0.5'))).rejects.toThrow(
      /10\.0\.0\.5 is a private address/,
    );
    await expect(
      vetUrl('http://metadata.test/latest', empty, resolveTo('169.254.169.254')),
    ).rejects.toThrow(/cloud-metadata address$/);
    await expect(vetUrl('http://[fd00:ec2::254]/', empty, resolveTo())).rejects.toThrow(
      /cloud-metadata/,
    );
    await expect(vetUrl('http://[::ffff:7f00:1]:8080/', empty, resolveTo())).rejects.toThrow(
      /\(127\.0\.0\.1\) is a loopback/,
    );
    await expect(vetUrl('http://2130706433/', empty, resolveTo())).rejects.toThrow(
      /127\.0\.0\.1 is a loopback/,
    );
    await expect(vetUrl('http://0x7f.1/', empty, resolveTo())).rejects.toThrow(/loopback/);
  });

  it('refuses a name that mixes public and private answers (rebinding)', async () => {
    await expect(
      vetUrl('http://mixed.test/', empty, resolveTo('93.184.216.34', '127.0.0.1')),
    ).rejects.toThrow(/loopback/);
  });

  it('accepts a public answer and pins it', async () => {
    const t = await vetUrl('https://example.test/a#frag', empty, resolveTo('93.184.216.34'));
    expect(t).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(t.url.href).toBe('https://example.test/a');
  });

  it('refuses ports other than 80 and 443, before any connection', async () => {
    for (const url of [
      'http://example.test:8080/',
      'https://example.test:22/',
      'http://example.test:6379/',
      'http://[2606:4700:4700::1111]:25/',
      'http://93.184.216.34:3000/',
    ]) {
      await expect(vetUrl(url, empty, resolveTo('93.184.216.34'))).rejects.toMatchObject({
        reason: 'port',
        message: expect.stringMatching(/port \d+ is not 80 or 443/),
      });
    }
    for (const url of [
      'http://example.test/',
      'http://example.test:80/',
      'https://example.test/',
      'https://example.test:443/',
      'http://example.test:443/',
      'https://example.test:80/',
    ]) {
      await expect(vetUrl(url, empty, resolveTo('93.184.216.34'))).resolves.toMatchObject({
        address: '93.184.216.34',
      });
    }
  });

  it('a host ATELIER_FETCH_ALLOW names may be fetched on any port; one it does not cover may not', async () => {
    const allow = parseAllowList(['127.0.0.1', 'docs.example', '10.0.0.0/8']);
    await expect(vetUrl('http://127.0.0.1:8080/', allow, resolveTo())).resolves.toBeTruthy();
    await expect(
      vetUrl('http://docs.example:8443/', allow, resolveTo('93.184.216.34')),
    ).resolves.toBeTruthy();
    await expect(
      vetUrl('http://intranet.test:9000/', allow, resolveTo('10.1.2.3')),
    ).resolves.toBeTruthy();
    // Every address must be covered: a public answer beside an allowed one is held to the rule.
    await expect(
      vetUrl('http://mixed.test:9000/', allow, resolveTo('10.1.2.3', '93.184.216.34')),
    ).rejects.toMatchObject({ reason: 'port' });
    await expect(
      vetUrl('http://other.test:8080/', allow, resolveTo('93.184.216.34')),
    ).rejects.toMatchObject({ reason: 'port' });
  });

  it("Azure WireServer and the other clouds' metadata hosts are refused even when a range covers them", async () => {
    const wide = parseAllowList(['0.0.0.0/0', '::/0']);
    for (const [url, address] of [
      ['http://168.63.129.16/machine?comp=goalstate', '168.63.129.16'],
      ['http://169.254.0.23/', '169.254.0.23'],
      ['http://192.0.0.192/latest/', '192.0.0.192'],
      ['http://[fd20:ce::254]/computeMetadata/v1/', 'fd20:ce::254'],
      ['http://[fd00:c1::a9fe:a9fe]/opc/v2/', 'fd00:c1::a9fe:a9fe'],
    ]) {
      await expect(vetUrl(url, empty, resolveTo())).rejects.toThrow(/cloud-metadata address$/);
      await expect(vetUrl(url, wide, resolveTo())).rejects.toThrow(/cloud-metadata/);
      await expect(
        vetUrl('http://wireserver.test/', empty, resolveTo(address)),
      ).rejects.toMatchObject({ reason: 'address' });
    }
  });

  it('refuses other schemes and credentials', async () => {
    await expect(vetUrl('file:///etc/passwd', empty, resolveTo())).rejects.toThrow(
      /only http and https/,
    );
    await expect(vetUrl('ftp://example.test/', empty, resolveTo())).rejects.toThrow(
      /only http and https/,
    );
    await expect(
      vetUrl('http://user:pw@example.test/', empty, resolveTo('93.184.216.34')),
    ).rejects.toThrow(/credentials/);
    await expect(vetUrl('not a url', empty, resolveTo())).rejects.toThrow(/not a valid URL/);
  });

  it('a resolver failure is a clear network error', async () => {
    const failing = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    await expect(vetUrl('http://nowhere.test/', empty, failing)).rejects.toThrow(
      /could not be resolved \(ENOTFOUND\)/,
    );
  });

  it('the pinned lookup answers with the vetted address whatever it is asked', () => {
    const lookup = pinnedLookup('203.0.113.7', 4) as unknown as (
      h: string,
      o: { all?: boolean },
      cb: (...a: unknown[]) => void,
    ) => void;
    const seen: unknown[][] = [];
    lookup('anything.invalid', { all: true }, (...a) => seen.push(a));
    lookup('other.invalid', {}, (...a) => seen.push(a));
    expect(seen).toEqual([
      [null, [{ address: '203.0.113.7', family: 4 }]],
      [null, '203.0.113.7', 4],
    ]);
  });
});
