import { describe, expect, it } from 'vitest';
import { diversify, fuseRanks, pageOf } from '@/lib/search/rank';
import { anyTermQuery, keyTerms, sentences, stem, termCoverage } from '@/lib/search/terms';
import type { Passage } from '@/lib/search/types';

const passage = (chunkId: string, sourceId: string, score: number): Passage => ({
  chunkId,
  sourceId,
  sourceKind: 'web',
  ordinal: 0,
  heading: null,
  text: '',
  start: 0,
  end: 0,
  score,
});

describe('terms', () => {
  it('stems plurals and verb forms so they meet', () => {
    expect(
      [
        'posters',
        'poster',
        'typefaces',
        'typeface',
        'designed',
        'design',
        'families',
        'family',
      ].map(stem),
    ).toEqual(['poster', 'poster', 'typefac', 'typefac', 'design', 'design', 'family', 'family']);
    expect(['disable', 'disabled', 'disables', 'cache', 'cached'].map(stem)).toEqual([
      'disabl',
      'disabl',
      'disabl',
      'cach',
      'cach',
    ]);
    expect([...keyTerms("The poster's typefaces, and the grid!")]).toEqual([
      'poster',
      'typefac',
      'grid',
    ]);
  });

  it('measures how much of a claim a passage carries', () => {
    expect(termCoverage('Swiss posters use grids', 'A Swiss poster uses a grid.').coverage).toBe(1);
    expect(termCoverage('Swiss posters use red', 'A Swiss poster.')).toEqual({
      coverage: 2 / 3,
      missing: ['red'],
    });
  });

  it('builds an any-word full-text query without operators from the user', () => {
    expect(anyTermQuery('"poster" -design OR (type) & grid:*')).toBe(
      'poster or design or type or grid',
    );
  });

  it('splits sentences with offsets, keeping abbreviations and decimals inside', () => {
    const text =
      'Grids matter. Type e.g. grotesques is 1.5 times wider! Visit evil.example now.\nDone';
    expect(sentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'Grids matter.',
      'Type e.g. grotesques is 1.5 times wider!',
      'Visit evil.example now.',
      'Done',
    ]);
  });
});

describe('ranking helpers', () => {
  it('diversify keeps one long page from taking every slot', () => {
    const ranked = [
      passage('a1', 'A', 1),
      passage('a2', 'A', 0.9),
      passage('a3', 'A', 0.8),
      passage('b1', 'B', 0.6),
      passage('c1', 'C', 0.3),
    ];
    expect(diversify(ranked, 4, 0.5).map((p) => p.chunkId)).toEqual(['a1', 'b1', 'a2', 'c1']);
    expect(diversify(ranked, 3, 0).map((p) => p.chunkId)).toEqual(['a1', 'b1', 'c1']);
  });

  it('holds each page of a reference, not the whole document, to the share of one web page', () => {
    const onPage = (chunkId: string, page: string, score: number): Passage => ({
      ...passage(chunkId, 'manual', score),
      sourceKind: 'reference',
      heading: page,
    });
    const ranked = [
      onPage('p3a', 'p.3', 1),
      onPage('p4', 'p.4', 0.9),
      onPage('p3b', 'p.3', 0.8),
      onPage('p7', 'p.7', 0.7),
      passage('w', 'web', 0.3),
    ];
    expect(diversify(ranked, 4, 0.5, pageOf).map((p) => p.chunkId)).toEqual([
      'p3a',
      'p4',
      'p7',
      'p3b',
    ]);
  });

  it('fuses rankings by reciprocal rank (the seam for embeddings)', () => {
    const fullText = [passage('x', 'A', 1), passage('y', 'B', 1)];
    const vectors = [passage('y', 'B', 1), passage('z', 'C', 1)];
    expect(fuseRanks([fullText, vectors]).map((p) => p.chunkId)).toEqual(['y', 'x', 'z']);
  });
});
