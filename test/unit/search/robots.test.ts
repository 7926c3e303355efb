import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_AGENT } from '@/lib/search/fetch/fetcher';
import { RobotsCache } from '@/lib/search/fetch/robots';

const url = (p: string) => new URL(`https://site.test${p}`);

describe('robots.txt', () => {
  it('applies the group for our agent over the wildcard, and asks once per origin', async () => {
    let loads = 0;
    const cache = new RobotsCache(DEFAULT_USER_AGENT, async () => {
      loads++;
      return {
        status: 200,
        text: 'User-agent: *\nDisallow: /\n\nUser-agent: AtelierBot\nDisallow: /private/\nAllow: /\n',
      };
    });
    expect(await cache.allows(url('/articles/a'))).toBe(true);
    expect(await cache.allows(url('/private/b'))).toBe(false);
    expect(loads).toBe(1);
  });

  it('a missing robots.txt allows everything; a failing one disallows for now (RFC 9309)', async () => {
    expect(
      await new RobotsCache('x', async () => ({ status: 404, text: '' })).allows(url('/a')),
    ).toBe(true);
    expect(
      await new RobotsCache('x', async () => ({ status: 503, text: '' })).allows(url('/a')),
    ).toBe(false);
    expect(
      await new RobotsCache('x', async () => Promise.reject(new Error('timeout'))).allows(
        url('/a'),
      ),
    ).toBe(false);
  });
});
