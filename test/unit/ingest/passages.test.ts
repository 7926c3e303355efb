import { describe, expect, it } from 'vitest';
import { splitPassages } from '@/lib/ingest/passages';

describe('PDF passages', () => {
  it('end at a sentence end when one is near, not at the line end that wraps a sentence', () => {
    // Lines wrapped at about 100 characters, as pdf-parse lays out a page; sentences run across them.
    const prose = Array.from(
      { length: 40 },
      (_, i) =>
        `Sentence ${i} says that the glob weight is used when resolving conflicts between rules.`,
    ).join(' ');
    const text = prose.replace(/(.{90,100}?) /g, '$1\n');
    const passages = splitPassages(text, 100, 'p.4');
    expect(passages.length).toBeGreaterThan(2);
    expect(passages.map((p) => p.text).join('')).toBe(text);
    for (const p of passages.slice(0, -1)) expect(p.text.trimEnd()).toMatch(/rules\.$/);
    expect(passages[1].charStart).toBe(100 + passages[0].text.length);
  });

  it('still prefers a blank line, and cuts a text with no sentence end at a line end', () => {
    const para = `${'word '.repeat(150).trim()}.`;
    const text = `${para}\n\n${para}`;
    expect(splitPassages(text, 0, 'p.1')[0].text).toBe(`${para}\n\n`);
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} of a table without stops`).join(
      '\n',
    );
    for (const p of splitPassages(lines, 0, 'p.2').slice(0, -1))
      expect(p.text.endsWith('\n')).toBe(true);
  });
});
