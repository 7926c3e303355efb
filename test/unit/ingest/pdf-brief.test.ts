import { describe, expect, it } from 'vitest';
import { combineBrief, type PageText, scanBrief } from '@/lib/ingest/pdf-brief';

const doc = (...pages: string[][]): PageText[] =>
  pages.map((lines, i) => ({ page: i + 1, text: lines.join('\n') }));
const whole = (pages: PageText[], title: string | null = null) =>
  combineBrief([scanBrief(pages)], title);

/** Every way of cutting the pages into two parts, and every way into three. */
function splits(pages: PageText[]): PageText[][][] {
  const out: PageText[][][] = [];
  for (let a = 1; a < pages.length; a++) {
    out.push([pages.slice(0, a), pages.slice(a)]);
    for (let b = a + 1; b < pages.length; b++)
      out.push([pages.slice(0, a), pages.slice(a, b), pages.slice(b)]);
  }
  return out;
}

const BRIEF = doc(
  ['Spring campaign', 'Some intro text that is not a requirement.'],
  ['Headline: Fresh Greens Daily', 'Requirements:', '- Use the brand green', '- Logo top left'],
  ['- Logo top left', '', '- Show fresh produce'],
  ['• Keep copy under ten words', 'Notes', 'The banner must be 1200 wide.'],
  ['Deliverables:'],
  ['1. Web banner', '2) Social square'],
  ['Everything must be approved by Friday.', '- must not use red'],
);

describe('the brief found in a PDF, read whole or in parts', () => {
  it('finds the headline and the requirements, bullets before "must" lines, without repeats', () => {
    expect(whole(BRIEF)).toEqual({
      headline: { text: 'Fresh Greens Daily', page: 2 },
      requirements: [
        { text: 'Use the brand green', page: 2 },
        { text: 'Logo top left', page: 2 },
        { text: 'Show fresh produce', page: 3 },
        { text: 'Keep copy under ten words', page: 4 },
        { text: 'Web banner', page: 6 },
        { text: 'Social square', page: 6 },
        { text: 'The banner must be 1200 wide.', page: 4 },
        { text: 'Everything must be approved by Friday.', page: 7 },
        { text: 'must not use red', page: 7 },
      ],
    });
  });

  it('takes a plain sentence asking for research as a requirement', () => {
    const brief = doc(
      ['Summer sale', 'Research current banner typography trends before designing.'],
      ['Our research team found that customers like green.'],
    );
    expect(whole(brief).requirements).toEqual([
      { text: 'Research current banner typography trends before designing.', page: 1 },
    ]);
  });

  it('gives the same result for every cut into two or three parts (runs of bullets cross the cuts)', () => {
    const expected = whole(BRIEF);
    for (const parts of splits(BRIEF))
      expect(combineBrief(parts.map(scanBrief), null)).toEqual(expected);
  });

  it('falls back to the title, then to the first short line, whichever part it is in', () => {
    const plain = doc([''], ['A quiet opening line'], ['More text.']);
    expect(whole(plain, 'Brand Book')?.headline).toEqual({ text: 'Brand Book', page: 1 });
    expect(whole(plain).headline).toEqual({ text: 'A quiet opening line', page: 2 });
    for (const parts of splits(plain))
      expect(combineBrief(parts.map(scanBrief), null).headline).toEqual({
        text: 'A quiet opening line',
        page: 2,
      });
  });

  it('stops at 12 requirements, the same across cuts even when later parts repeat earlier lines', () => {
    const many = doc(
      ['Requirements:', ...Array.from({ length: 8 }, (_, i) => `- Rule ${i}`)],
      [
        ...Array.from({ length: 8 }, (_, i) => `- rule ${i}`),
        ...Array.from({ length: 6 }, (_, i) => `- Rule ${i + 8}`),
      ],
      ['Specs:', ...Array.from({ length: 30 }, (_, i) => `- rule ${i % 10}`), 'This must hold.'],
    );
    const expected = whole(many);
    expect(expected.requirements.map((r) => r.text)).toEqual(
      Array.from({ length: 12 }, (_, i) => `Rule ${i}`),
    );
    for (const parts of splits(many))
      expect(combineBrief(parts.map(scanBrief), null)).toEqual(expected);
  });
});
