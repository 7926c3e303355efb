import { describe, expect, it } from 'vitest';
import { newToken, sameToken } from '@/lib/auth/tokens';

describe('comparing a presented token with the expected one', () => {
  const expected = newToken();
  const flipLast = (t: string) => `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;

  it('accepts the right token', () => expect(sameToken(expected, expected)).toBe(true));

  it('rejects a wrong token of the same length', () => {
    expect(flipLast(expected)).toHaveLength(expected.length);
    expect(sameToken(flipLast(expected), expected)).toBe(false);
  });

  it('rejects a wrong token of another length, and none at all', () => {
    expect(sameToken(expected.slice(0, -1), expected)).toBe(false);
    expect(sameToken(`${expected}x`, expected)).toBe(false);
    expect(sameToken('', expected)).toBe(false);
    expect(sameToken(null, expected)).toBe(false);
    expect(sameToken(undefined, expected)).toBe(false);
  });

  it('compares bytes, not UTF-16 units: equal string lengths with unequal byte lengths differ', () => {
    expect(sameToken('é', 'e')).toBe(false);
  });
});
