import { describe, expect, it } from 'vitest';
import { EngineError, firstLine } from '@/engine/errors';

describe('firstLine', () => {
  it('keeps the first line of a message, trimmed', () => {
    expect(firstLine(new Error('  bad header \r\n    at parse (x.js:1:1)'))).toBe('bad header');
    expect(firstLine('plain text\nmore')).toBe('plain text');
  });

  it('reads a message from a value that is not an Error, and names anything else', () => {
    expect(firstLine({ name: 'FormatError', message: 'bad xref\nstack' })).toBe('bad xref');
    expect(firstLine(undefined)).toBe('undefined');
    expect(firstLine(null)).toBe('null');
    expect(firstLine(42)).toBe('42');
  });

  it('cuts to the cap when one is given', () => {
    expect(firstLine(new Error(`${'x'.repeat(200)}\nsecond`), 160)).toBe('x'.repeat(160));
    expect(firstLine(new Error('short'), 160)).toBe('short');
  });

  it('is what an EngineError keeps of its message', () => {
    expect(new EngineError('runtime_failure', 'unet failed\n  at run').message).toBe('unet failed');
  });
});
