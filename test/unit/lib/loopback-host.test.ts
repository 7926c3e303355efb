import { describe, expect, it } from 'vitest';
import { acceptsHost } from '@/lib/http/loopback-host';

describe('acceptsHost', () => {
  it('a server on loopback answers to loopback names only (a rebound name is refused)', () => {
    for (const h of [
      'localhost:3000',
      'localhost',
      '127.0.0.1:3000',
      '127.1.2.3',
      '[::1]:3000',
      'app.localhost:3000',
      'LOCALHOST:3000',
    ])
      expect(acceptsHost('127.0.0.1', h)).toBe(true);
    for (const h of [
      'evil.example:3000',
      'evil.example',
      '127.0.0.1.evil.example:3000',
      '10.0.0.5:3000',
      'localhost.evil.example',
    ])
      expect(acceptsHost('127.0.0.1', h)).toBe(false);
    expect(acceptsHost('127.0.0.1', undefined)).toBe(false);
    expect(acceptsHost('::1', 'evil.example:3000')).toBe(false);
    expect(acceptsHost('localhost', '[::1]:3000')).toBe(true);
  });

  it('a server bound beyond loopback answers to any name (its operator fronts it)', () => {
    expect(acceptsHost('0.0.0.0', 'atelier.example.com')).toBe(true);
    expect(acceptsHost('192.168.1.10', 'studio.lan:3000')).toBe(true);
  });
});
