import { describe, expect, it } from 'vitest';
import type { ScoredChunk, TermStat } from '@/lib/search/bm25';
import { definedSubject } from '@/lib/search/definition';
import { contentWords } from '@/lib/search/terms';
import { rankUnits } from '@/lib/search/unit-rank';

/** Every query word counted as if it were in 10 of 1,000 passages. */
const statsFor = (query: string): TermStat[] =>
  contentWords(query).map((word) => ({
    word,
    lexeme: word,
    df: 10,
    idf: Math.log(1 + 990.5 / 10.5),
  }));

let next = 0;
const chunk = (heading: string | null, text: string, sourceId = 's1'): ScoredChunk => ({
  chunkId: `c${next++}`,
  sourceKind: 'web',
  sourceId,
  ordinal: next,
  heading,
  text,
  start: 0,
  end: text.length,
  score: 1,
});

const rank = (query: string, chunks: ScoredChunk[]) =>
  rankUnits(query, statsFor(query), chunks).map((u) => u.text);

describe('ranking the units of the best passages', () => {
  it('knows a definition question from one asking for an attribute', () => {
    expect(definedSubject('What is a build cache?')).toEqual(new Set(['build', 'cach']));
    expect(definedSubject('What does vendoring mean?')).toEqual(new Set(['vendor']));
    expect(definedSubject('What is the default weight of a glob?')).toBeNull();
    expect(definedSubject('How do I clear the build cache?')).toBeNull();
  });

  it('puts the definition in the section titled with the subject above mentions of it', () => {
    const top = rank('What is a build cache?', [
      chunk(
        'Commands › clean',
        'The build cache of a package is removed by clean, and the build cache of every target with it.',
      ),
      chunk('Build cache', 'A build cache is a folder of compiled artifacts kept between runs.'),
      chunk(
        'Layout',
        'The build cache directory sits next to the build cache index of each profile.',
      ),
    ]);
    expect(top[0]).toBe('A build cache is a folder of compiled artifacts kept between runs.');
  });

  it('answers "what is X" with the first statement of the section titled X', () => {
    const section =
      'Cargo writes a lockfile after every successful build of a package. The lockfile root is where cargo writes the lockfile of a workspace lockfile.';
    const top = rank('What is a lockfile?', [chunk('Reference › Lockfiles', section)]);
    expect(top[0]).toBe('Cargo writes a lockfile after every successful build of a package.');
  });

  it('prefers the unit that answers more of the question over one repeating part of it', () => {
    const top = rank('default glob weight', [
      chunk('p.7', 'The lines are sorted by glob weight.'),
      chunk('p.4', 'Each glob may set a weight; the default is fifty when a package gives none.'),
    ]);
    expect(top[0]).toMatch(/^Each glob may set a weight/);
  });

  it('ranks statements only, not the running head of a PDF page', () => {
    const page =
      'Chapter 2: ASN.1 structure handling 3\nThe library handles most ASN.1 structure types.';
    expect(rank('ASN.1 structure handling', [chunk('p.6', page)])).toEqual([
      'The library handles most ASN.1 structure types.',
    ]);
  });

  it('gives a statement repeated on several pages once', () => {
    const option = 'Directory for all generated artifacts and intermediate files.';
    const out = rank('generated artifacts directory', [
      chunk('OPTIONS', option, 'run'),
      chunk('OPTIONS', option, 'build'),
      chunk('OPTIONS', option, 'test'),
    ]);
    expect(out).toEqual([option]);
  });
});
