// A refusal made by another copy of lib/errors.ts (the server entry's source copy vs Next's bundle)
// is still a refusal with its status, not an internal fault.
import { describe, expect, it } from 'vitest';
import { AppError, logInternal, publicError } from '@/lib/errors';
import { FetchError } from '@/lib/search/fetch/errors';

describe('AppError across module copies', () => {
  it('is recognised when another copy of the module made it', async () => {
    const second = '../../../lib/errors.ts?copy';
    const copy: typeof import('@/lib/errors') = await import(/* @vite-ignore */ second);
    expect(copy.AppError).not.toBe(AppError);
    const foreign = new copy.AppError('rate_limited', 'reading the PNG took longer than 30 s');
    expect(foreign instanceof AppError).toBe(true);
    expect(publicError(foreign)).toEqual({
      code: 'rate_limited',
      message: 'reading the PNG took longer than 30 s',
      status: 429,
    });
  });

  it('keeps subclasses and plain errors apart', () => {
    const plain = new AppError('bad_request', 'no');
    expect(plain instanceof FetchError).toBe(false);
    expect(new Error('boom') instanceof AppError).toBe(false);
    expect((null as unknown) instanceof AppError).toBe(false);
    expect(publicError(new Error('boom')).status).toBe(500);
    expect(() => logInternal(plain, 'quiet')).not.toThrow();
  });
});
