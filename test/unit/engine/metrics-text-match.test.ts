import { describe, expect, it } from 'vitest';
import { EngineError } from '@/engine/errors';
import { accuracyOf, bestSubstringMatch, normaliseText, type TextLine } from '@/engine/metrics';

const line = (text: string, confidence = 0.9): TextLine => ({
  text,
  confidence,
  box: [0, 0, 10, 10],
});

describe('normaliseText', () => {
  it('folds case, whitespace runs and compatibility forms', () => {
    expect(normaliseText('  Spring\n\tSALE  ')).toBe('spring sale');
    expect(normaliseText('ＳＡＬＥ ﬁnal')).toBe('sale final');
  });
});

describe('bestSubstringMatch', () => {
  const match = (p: string, t: string) => bestSubstringMatch([...p], [...t]);

  it('finds the pattern inside a longer text at no cost for the rest', () => {
    expect(match('sale', 'spring sale now')).toEqual({ distance: 0, start: 7, end: 11 });
  });

  it('counts substitutions, insertions and deletions once each', () => {
    expect(match('kitten', 'sitting').distance).toBe(2); // k→s (start is free: "itten"), e→i, +g
    expect(match('spring sale', 'sprig sale').distance).toBe(1);
    expect(match('spring sale', 'spring  sale').distance).toBe(1);
  });

  it('never costs more than the pattern length', () => {
    expect(match('abc', '')).toEqual({ distance: 3, start: 0, end: 0 });
    expect(match('abc', 'xyz').distance).toBe(3);
  });
});

describe('accuracyOf', () => {
  it('is 1 for the exact text whatever the case and spacing', () => {
    const result = accuracyOf('Spring  Sale', [line('SPRING SALE', 0.98)]);
    expect(result).toEqual({
      accuracy: 1,
      recognised: 'spring sale',
      confidence: expect.any(Number),
    });
    expect(result.confidence).toBeCloseTo(0.98, 12);
  });

  it('matches a text set over two lines against the lines joined in reading order', () => {
    const result = accuracyOf('Spring sale', [line('SPRING', 0.9), line('SALE', 0.7)]);
    expect(result.accuracy).toBe(1);
    expect(result.confidence).toBeCloseTo((6 * 0.9 + 4 * 0.7) / 10, 12);
  });

  it('ignores other text in the image and charges one per wrong character', () => {
    const lines = [line('BIG'), line('SPRING SALE', 0.95), line('50% OFF EVERYTHING')];
    const exact = accuracyOf('spring sale', lines);
    expect([exact.accuracy, exact.recognised]).toEqual([1, 'spring sale']);
    expect(exact.confidence).toBeCloseTo(0.95, 12);
    expect(accuracyOf('sprxng sale', lines).accuracy).toBeCloseTo(1 - 1 / 11, 12);
    // Six characters (" today") missing: nothing after "SALE" helps, since it is the last line.
    const last = [line('BIG'), line('SPRING SALE')];
    expect(accuracyOf('spring sale today', last).accuracy).toBeCloseTo(1 - 6 / 17, 12);
  });

  it('is 0 with nothing recognised and refuses an empty expected text', () => {
    expect(accuracyOf('spring sale', [])).toEqual({ accuracy: 0, recognised: '', confidence: 0 });
    expect(() => accuracyOf(' \n ', [line('x')])).toThrow(EngineError);
  });
});
