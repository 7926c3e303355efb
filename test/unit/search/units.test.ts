import { describe, expect, it } from 'vitest';
import { extractiveSynthesizer } from '@/lib/search/synthesis';
import { units } from '@/lib/search/units';

const texts = (t: string, rows = false) => units(t, { rows }).map((u) => t.slice(u.start, u.end));

describe('units of a passage', () => {
  it('reads a PDF line break inside a sentence as a space, never cutting the sentence', () => {
    const pdf =
      'The glob element has a pattern attribute, and there is also an optional weight\nattribute used when resolving conflicts. The default weight value is\n50, and the maximum is 100.\n2.4 Notes\nShort line.';
    expect(texts(pdf)).toEqual([
      'The glob element has a pattern attribute, and there is also an optional weight\nattribute used when resolving conflicts.',
      'The default weight value is\n50, and the maximum is 100.',
      '2.4 Notes',
      'Short line.',
    ]);
  });

  it('keeps bullets as list items and blocks apart', () => {
    const text =
      'The main features are:\n• Thread-safety with no global variables.\n• Portability to any C89 system.\n\nA new paragraph.';
    const us = units(text);
    expect(us.map((u) => u.kind)).toEqual(['sentence', 'item', 'item', 'sentence']);
    expect(texts(text)[1]).toBe('• Thread-safety with no global variables.');
  });

  it('reads every line of a CSV passage as one row', () => {
    const csv = '4.10,Warty Warthog,warty,2004-03-05\n5.04,Hoary Hedgehog,hoary,2004-10-20\n';
    expect(texts(csv, true)).toEqual([
      '4.10,Warty Warthog,warty,2004-03-05',
      '5.04,Hoary Hedgehog,hoary,2004-10-20',
    ]);
  });
});

describe('the offline answer', () => {
  const ref = (chunkId: string) => ({
    chunkId,
    sourceKind: 'web' as const,
    sourceId: 's',
    start: 0,
    end: 10,
  });
  const learnings = [
    { text: 'Vendoring copies every dependency into a local folder.', passages: [ref('a')] },
    { text: 'The typeface of the manual is a serif font.', passages: [ref('b')] },
  ];

  it('leads with the best passage as [1] and answers a plain question under a plain heading', async () => {
    const out = await extractiveSynthesizer.synthesize({
      query: 'what does cargo vendor do',
      learnings,
      sourceCount: 2,
    });
    const lines = out.answer.split('\n');
    expect(lines[2]).toBe('Vendoring copies every dependency into a local folder. [1]');
    expect(out.answer).not.toContain('Typography conventions');
    expect(out.answer).toContain(
      '**Also in the sources**\n- The typeface of the manual is a serif font. [2]',
    );
  });

  it('keeps the facet headings for a design question', async () => {
    const out = await extractiveSynthesizer.synthesize({
      query: 'Swiss poster design',
      learnings,
      sourceCount: 2,
    });
    expect(out.answer).toContain('**Typography conventions**');
    expect(out.answer.split('\n')[2]).toMatch(/\[1\]$/);
  });
});
