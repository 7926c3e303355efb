import { describe, expect, it } from 'vitest';
import { extractiveLearner } from '@/lib/search/learn';
import { extractiveSynthesizer } from '@/lib/search/synthesis';
import { stem } from '@/lib/search/terms';
import { headOf } from '@/lib/search/unit-rank';
import { leansBack, quotable, units } from '@/lib/search/units';

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

  it('joins a short wrapped line when the sentence goes on in lower case on the next', () => {
    const pdf =
      'Packages are merged into one database. Each application installs a single XML file, and afterwards the application\nMUST run the update command, which is provided by the shared\ndatabase.\nNext Heading';
    expect(texts(pdf)).toEqual([
      'Packages are merged into one database.',
      'Each application installs a single XML file, and afterwards the application\nMUST run the update command, which is provided by the shared\ndatabase.',
      'Next Heading',
    ]);
  });

  it('keeps bullets as list items and blocks apart', () => {
    const text =
      'The main features are:\n• Thread-safety with no global variables.\n• Portability to any C89 system.\n\nA new paragraph.';
    const us = units(text);
    expect(us.map((u) => u.kind)).toEqual(['sentence', 'item', 'item', 'sentence']);
    expect(texts(text)[1]).toBe('• Thread-safety with no global variables.');
  });

  it('keeps the sentences of one list item together, and cuts an item too long to quote', () => {
    const item =
      '• CARGO_HOME — Cargo keeps a cache of the registry index. By default these are stored under $HOME/.cargo.';
    const long = `• ${'This sentence only makes the item long. '.repeat(20).trim()}`;
    const text = `${item}\n\nA paragraph. Of two sentences.\n\n${long}`;
    const us = units(text);
    expect(us[0]).toEqual({ start: 0, end: item.length, kind: 'item' });
    expect(texts(text).slice(1, 3)).toEqual(['A paragraph.', 'Of two sentences.']);
    expect(us.slice(3).map((u) => u.kind)).toEqual(['item', ...Array(19).fill('sentence')]);
  });

  it('reads a table row as one unit however many sentences its cells hold', () => {
    const text = '| opt-level | 0 | No optimizations. Fast builds. |\n| lto | false | Off. |';
    expect(units(text).map((u) => [text.slice(u.start, u.end), u.kind])).toEqual([
      ['| opt-level | 0 | No optimizations. Fast builds. |', 'row'],
      ['| lto | false | Off. |', 'row'],
    ]);
  });

  it('leaves out the contents and index lines of a PDF', () => {
    const text =
      'Header file libtasn1.h. . . . . . . . . . . . . 4\nSupported ASN.1 types, list of . . . . . . 2\nThe parser is case sensitive.';
    expect(texts(text)).toEqual(['The parser is case sensitive.']);
  });

  it('gives a sentence that leans on the one before only with it, and keeps that one alone too', () => {
    const text =
      'We pass --bin to make a program. This also initializes a new git repository by default. If you do not want it to do that, pass --vcs none.\n\nThe build script is run first. This version does not handle the REAL type.';
    expect(texts(text)).toEqual([
      'We pass --bin to make a program.',
      'We pass --bin to make a program. This also initializes a new git repository by default. If you do not want it to do that, pass --vcs none.',
      'The build script is run first.',
      'The build script is run first. This version does not handle the REAL type.',
    ]);
    expect(leansBack('After installing or modifying this file, run the update command.')).toBe(
      true,
    );
    expect(leansBack('Such strings are used in the functions described below.')).toBe(true);
    expect(leansBack('Cargo builds the package and its dependencies.')).toBe(false);
    expect(leansBack('If the build script needs no rerun, emit one line.')).toBe(false);
  });

  it('keeps each sentence alone when the sentences leaning on it would be too long to quote', () => {
    const long = `It goes on ${'and on '.repeat(90).trim()}.`;
    const text = `A short statement stands. ${long}`;
    expect(texts(text)).toEqual(['A short statement stands.', long]);
  });

  it('reads every line of a CSV passage as one row', () => {
    const csv = '4.10,Warty Warthog,warty,2004-03-05\n5.04,Hoary Hedgehog,hoary,2004-10-20\n';
    expect(texts(csv, true)).toEqual([
      '4.10,Warty Warthog,warty,2004-03-05',
      '5.04,Hoary Hedgehog,hoary,2004-10-20',
    ]);
  });
});

describe('the offline learner', () => {
  it('quotes a short statement that ranking kept, and a whole list item', async () => {
    const passage = (text: string) => ({
      chunkId: text.slice(0, 5),
      sourceKind: 'reference' as const,
      sourceId: 'r',
      ordinal: 0,
      heading: 'p.5',
      text,
      start: 0,
      end: text.length,
    });
    const learned = await extractiveLearner.learn({
      query: 'is the parser case sensitive, where is the cache',
      passages: [
        passage('The parser is case sensitive.'),
        passage('• Cargo keeps a cache of the index. By default it is stored under $HOME/.cargo.'),
      ],
      max: 5,
      known: [],
    });
    expect(learned.map((l) => l.text)).toEqual([
      'The parser is case sensitive.',
      'Cargo keeps a cache of the index. By default it is stored under $HOME/.cargo.',
    ]);
  });
});

describe('the offline learner and joined units', () => {
  it('quotes the statement with the sentence leaning on it when ranking kept both', async () => {
    const text =
      'This also initializes a new git repository by default. If you do not want it to do that, pass --vcs none.';
    const learned = await extractiveLearner.learn({
      query: 'stop cargo from creating a git repository',
      passages: [
        {
          chunkId: 'c',
          sourceKind: 'web',
          sourceId: 's',
          ordinal: 0,
          heading: null,
          text,
          start: 0,
          end: text.length,
        },
      ],
      max: 1,
      known: [],
    });
    expect(learned.map((l) => l.text)).toEqual([text]);
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

describe('what a unit may quote', () => {
  it('takes a brief’s list item without a full stop, but not a web page’s', () => {
    const item = '- Logo must stay in the top left corner';
    expect(quotable(item, 'item', { reference: true })).toBe(true);
    expect(quotable(item, 'item')).toBe(false);
    // A reference's short label is still no statement, and a sentence still needs its stop.
    expect(quotable('- Brand green only', 'item', { reference: true })).toBe(false);
    expect(quotable('Logo must stay in the top left corner', 'sentence', { reference: true })).toBe(
      false,
    );
  });
});

describe('a noun-phrase query', () => {
  it('is about its last word; a question or a request has no head', () => {
    expect(headOf('current banner typography')).toBe(stem('typography'));
    expect(headOf('What is the codename of Ubuntu 18.04 LTS?')).toBeNull();
    expect(headOf('make a banner')).toBeNull();
    expect(headOf('typography')).toBeNull();
  });
});
