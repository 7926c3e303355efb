import { describe, expect, it } from 'vitest';
import type { ScoredChunk, TermStat } from '@/lib/search/bm25';
import { definedBy, definedSubject } from '@/lib/search/definition';
import { rankWords } from '@/lib/search/terms';
import { contextOf, focusOf, rankUnits } from '@/lib/search/unit-rank';

/** Every query word counted as if it were in 10 of 1,000 passages. */
const statsFor = (query: string): TermStat[] =>
  rankWords(query).map((word) => ({
    word,
    lexeme: word,
    df: 10,
    idf: Math.log(1 + 990.5 / 10.5),
  }));

let next = 0;
const chunk = (
  heading: string | null,
  text: string,
  sourceId = 's1',
  more: Partial<ScoredChunk> = {},
): ScoredChunk => ({
  chunkId: `c${next++}`,
  sourceKind: 'web',
  sourceId,
  ordinal: next,
  heading,
  title: null,
  continues: false,
  text,
  start: 0,
  end: text.length,
  score: 1,
  ...more,
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

  it('reads what a passage sits under from its page title and its headings', () => {
    expect(
      contextOf({ title: 'cargo yank - The Cargo Book', heading: 'DESCRIPTION › When to yank' }),
    ).toEqual(['cargo yank', 'The Cargo Book', 'DESCRIPTION', 'When to yank']);
    expect(contextOf({ title: 'Workspaces | Docs', heading: 'Workspaces › Members' })).toEqual([
      'Docs',
      'Workspaces',
      'Members',
    ]);
    expect(contextOf({ title: null, heading: 'brief.pdf p.2' })).toEqual(['brief.pdf p.2']);
  });

  it('answers "what does X do" from the page titled X, not a section of another page', () => {
    const top = rank('What does cargo yank do to a published version?', [
      chunk(
        'Managing a crate',
        'A yank of a published version is rare, and the yanked version stays in every lockfile that holds a yanked version.',
        'publishing',
        { title: 'Publishing - The Cargo Book' },
      ),
      chunk(
        'DESCRIPTION',
        'The yank command removes a previously published version from the index.',
        'yank',
        { title: 'cargo yank - The Cargo Book' },
      ),
    ]);
    expect(top[0]).toBe('The yank command removes a previously published version from the index.');
  });

  it('reads a name with its value placeholder or its kind word as naming the subject', () => {
    const subject = definedSubject('What does the cargo::rerun-if-changed instruction do?')!;
    expect(
      definedBy('• cargo::rerun-if-changed=PATH — Tells Cargo when to re-run the script.', subject),
    ).toEqual(['cargo', 'rerun', 'chang']);
    const members = definedSubject('What does default-members mean in a workspace?')!;
    expect(definedBy('The default-members field is a list of packages.', members)).toEqual([
      'default',
      'member',
    ]);
    expect(definedBy('The default-members root is where it ends.', members)).toEqual([]);
  });

  it('puts a definition of the subject above a unit that mentions it with more of its words', () => {
    const top = rank('What does default-members mean in a workspace?', [
      chunk(
        'Package Selection',
        'The default members of a workspace can be set explicitly with the workspace.default-members key in the workspace manifest.',
        'build',
      ),
      chunk(
        'Workspaces',
        '• default-members — Packages to operate on when a specific package was not selected.',
        'workspaces',
      ),
    ]);
    expect(top[0]).toMatch(/^• default-members — Packages to operate on/);
  });

  it('knows what a "which X" question asks for, and prefers the unit that names one', () => {
    expect(focusOf('Which command must an application run after installing its file?')).toEqual(
      new Set(['command']),
    );
    expect(focusOf('Which flag builds a package whose rust-version is newer?')).toEqual(
      new Set(['flag']),
    );
    expect(focusOf('What does cargo vendor do?')).toEqual(new Set());
    const top = rank('Which flag builds a package whose rust-version is newer than my toolchain?', [
      chunk(
        'Rust version',
        'The rust-version field tells cargo what version of the Rust toolchain your package supports.',
      ),
      chunk('Uses', 'A user can build a package anyway with the --ignore-rust-version flag.'),
    ]);
    expect(top[0]).toMatch(/--ignore-rust-version flag/);
  });

  it("does not read a manual's running head as part of a page's first sentence", () => {
    const page = (n: number, text: string) =>
      chunk(`spec.pdf p.${n}`, `Shared MIME-info Database\n${text}`, 'spec', {
        sourceKind: 'reference',
      });
    const out = rank('What is the default glob weight in the shared MIME-info database?', [
      page(3, 'directory is added to the information found in the shared database before.'),
      page(4, 'The default weight of a glob is 50, and the maximum is 100.'),
      page(5, 'Each file in the shared database lists its types, one per line.'),
    ]);
    expect(out[0]).toBe('The default weight of a glob is 50, and the maximum is 100.');
    expect(out.some((t) => t.startsWith('Shared MIME-info Database'))).toBe(false);
    expect(out.some((t) => t.startsWith('directory is added'))).toBe(false);
  });

  it('keeps the question\'s own words that only a long stop list would drop ("cargo new", "used")', () => {
    expect(rankWords('How do I stop cargo new from creating a repository?')).toEqual([
      'stop',
      'cargo',
      'new',
      'creating',
      'repository',
    ]);
    expect(rankWords('How are the dependencies in the patch section used?')).toContain('used');
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
