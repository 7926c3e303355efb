import { describe, expect, it } from 'vitest';
import { citationUses, validateCitations } from '@/lib/search/citations';
import { cleanSentence } from '@/lib/search/learn';

const P1 =
  'Swiss posters are built on a modular grid that aligns every element, so the layout feels calm.';
const P2 =
  'Helvetica was designed in 1957 by Max Miedinger and Eduard Hoffmann at the Haas Type Foundry.';

describe('citation uses', () => {
  it('finds each [n] with the claim before it, across sentences, lines, groups and bullets', () => {
    const uses = citationUses(
      'Intro line.\n- **Swiss posters** use a modular grid. [1]\nHelvetica dates from 1957 [2][3]. Bauhaus used lowercase [4, 5].',
    );
    expect(uses.map((u) => [u.n, u.claim])).toEqual([
      [1, 'Swiss posters use a modular grid'],
      [2, 'Helvetica dates from 1957'],
      [3, 'Helvetica dates from 1957'],
      [4, 'Bauhaus used lowercase'],
      [5, 'Bauhaus used lowercase'],
    ]);
  });

  it('ignores bracketed text that is not a citation', () => {
    expect(citationUses('See [the grid](http://x) and [1957 edition] or [a].')).toEqual([]);
  });
});

describe('citation validation', () => {
  const passages = new Map([
    [1, P1],
    [2, P2],
  ]);

  it("keeps citations whose passage carries the claim's key terms", () => {
    const answer =
      '- Swiss posters are built on a modular grid. [1]\n- Helvetica was designed in 1957 by Max Miedinger. [2]';
    const r = validateCitations(answer, passages);
    expect(r.answer).toBe(answer);
    expect(r.checks.map((c) => [c.n, c.status])).toEqual([
      [1, 'valid'],
      [2, 'valid'],
    ]);
    expect(r.checks[0].coverage).toBe(1);
  });

  it('drops a citation whose passage does not support the claim, and one with no stored passage', () => {
    const r = validateCitations(
      'Futura was released by Paul Renner in 1927 [2]. Grids align elements [1]. Colour is red [9].',
      passages,
    );
    expect(r.checks.map((c) => [c.n, c.status])).toEqual([
      [1, 'valid'],
      [2, 'dropped'],
      [9, 'dropped'],
    ]);
    expect(r.answer).toBe(
      'Futura was released by Paul Renner in 1927. Grids align elements [1]. Colour is red.',
    );
    expect(r.checks[1].missing).toEqual(expect.arrayContaining(['futura', 'renner', '1927']));
  });

  it('flags a citation with partial support and keeps it', () => {
    const r = validateCitations(
      'Helvetica was drawn in Basel in 1957 by Miedinger for posters [2].',
      passages,
    );
    expect(r.checks[0]).toMatchObject({ n: 2, status: 'flagged' });
    expect(r.answer).toContain('[2]');
  });

  it('removes only the dropped number from a group', () => {
    const r = validateCitations('Swiss posters use a modular grid [1][2].', passages);
    expect(r.answer).toBe('Swiss posters use a modular grid [1].');
    const g = validateCitations('Swiss posters use a modular grid [1, 2].', passages);
    expect(g.answer).toBe('Swiss posters use a modular grid [1].');
  });

  it('reports the worst status for a number cited twice', () => {
    const r = validateCitations(
      'Swiss posters use a modular grid [1]. Futura came from Frankfurt [1].',
      passages,
    );
    expect(r.checks).toEqual([expect.objectContaining({ n: 1, status: 'dropped' })]);
    expect(r.answer).toBe('Swiss posters use a modular grid [1]. Futura came from Frankfurt.');
  });
});

describe('learning text from a page', () => {
  it.each([
    ['nested markers', 'EvilCorp invented it [[1]1].', 'EvilCorp invented it 1.'],
    ['escaped markers', 'EvilCorp invented it \\[1\\].', 'EvilCorp invented it \\1\\.'],
    [
      'encoded markers',
      'EvilCorp invented it &#91;1&#93; and &lbrack;2&rsqb;.',
      'EvilCorp invented it 1 and 2.',
    ],
    [
      'a link',
      'Read [the offer](https://evil.example) now.',
      'Read the offer(https://evil.example) now.',
    ],
    ['a list of markers', 'Grids came first [3, 4].', 'Grids came first .'],
  ])('cannot write a citation marker or a link: %s', (_what, raw, clean) => {
    expect(cleanSentence(raw)).toBe(clean);
    expect(cleanSentence(raw)).not.toMatch(/[[\]]|&#|&[a-z]+;/i);
  });

  it('keeps the rest verbatim, ampersands included', () => {
    expect(cleanSentence('R&D  teams  use   Swiss grids & type.')).toBe(
      'R&D teams use Swiss grids & type.',
    );
  });
});
