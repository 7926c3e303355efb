import { describe, expect, it } from 'vitest';
import { extractDocument, NOINDEX_NOTE, PDF_NOTE } from '@/lib/search/extract';
import { type Block, blocksOfText } from '@/lib/search/extract/blocks';
import { chunkBlocks } from '@/lib/search/extract/chunk';
import { SWISS_ARTICLE, tinyPdf } from '../../helpers/search-site';

const para = (text: string): Block => ({ kind: 'text', text });
const head = (level: number, text: string): Block => ({ kind: 'heading', level, text });
const sentence = (i: number) =>
  `Sentence number ${i} talks about grids, type and colour on posters.`;

describe('the chunker', () => {
  it('starts a passage at each heading, keeps the heading path and exact char ranges', () => {
    const { text, chunks } = chunkBlocks([
      para('Intro paragraph.'),
      head(2, 'Grid'),
      para('One.'),
      para('Two.'),
      head(3, 'Columns'),
      para('Three.'),
      head(2, 'Type'),
      para('Four.'),
    ]);
    expect(chunks.map((c) => [c.heading, c.text])).toEqual([
      [null, 'Intro paragraph.'],
      ['Grid', 'One.\n\nTwo.'],
      ['Grid › Columns', 'Three.'],
      ['Type', 'Four.'],
    ]);
    for (const c of chunks) expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(chunks.map((c) => c.ordinal)).toEqual([0, 1, 2, 3]);
  });

  it('gathers paragraphs up to the target and never splits one that fits', () => {
    const paras = Array.from({ length: 12 }, (_, i) => para(`${sentence(i)} ${sentence(i + 100)}`));
    const { text, chunks } = chunkBlocks(paras, { target: 400, max: 1000 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(400);
      expect(text.slice(c.start, c.end)).toBe(c.text);
      expect(c.text.startsWith('Sentence number')).toBe(true);
    }
    expect(chunks.map((c) => c.text).join('\n\n')).toBe(text);
  });

  it('cuts an oversized paragraph at sentence ends, and a giant sentence at a space', () => {
    const long = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
    const giant = `${'word '.repeat(600)}end`;
    const { text, chunks } = chunkBlocks([head(1, 'Long'), para(long), para(giant)], {
      target: 300,
      max: 500,
    });
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(500);
      expect(text.slice(c.start, c.end)).toBe(c.text);
      expect(c.heading).toBe('Long');
    }
    expect(
      chunks.filter((c) => c.text.startsWith('Sentence')).every((c) => c.text.endsWith('posters.')),
    ).toBe(true);
    expect(chunks.at(-1)!.text.endsWith('end')).toBe(true);
  });

  it('reads plain text and markdown headings', () => {
    expect(blocksOfText('# Notes\n\nUse a grid.\nFlush left.\n\n## Colour\nOne accent.')).toEqual([
      head(1, 'Notes'),
      para('Use a grid. Flush left.'),
      head(2, 'Colour'),
      para('One accent.'),
    ]);
  });
});

describe('HTML extraction', () => {
  const doc = extractDocument(
    Buffer.from(SWISS_ARTICLE),
    'text/html',
    'utf-8',
    'http://site.test/articles/swiss-style?ref=home',
  );

  it('keeps the article and its metadata, drops navigation, ads, comments, scripts and iframes', () => {
    expect(doc.title).toBe('The Swiss Style: Grids, Grotesques and Objective Design');
    expect(doc.byline).toBe('Lena Marti');
    expect(doc.publishedAt).toBe('2023-05-14T09:00:00Z');
    expect(doc.lang).toBe('en');
    expect(doc.canonicalUrl).toBe('http://site.test/articles/swiss-style');
    expect(doc.text).toContain('Helvetica was designed in 1957 by Max Miedinger');
    for (const junk of [
      'Upgrade your font library',
      'Buy premium stock',
      'Newsletter',
      'All rights reserved',
      'dataLayer',
      'Cheap fonts',
      'Helvetica forever',
      'Search the magazine',
    ]) {
      expect(doc.text).not.toContain(junk);
    }
    expect(doc.chunks.map((c) => c.heading)).toEqual(
      expect.arrayContaining(['Origins in Zurich and Basel', 'Typography: sans-serif grotesques']),
    );
    for (const c of doc.chunks) expect(doc.text.slice(c.start, c.end)).toBe(c.text);
  });

  it('collects absolute http links without fragments for the crawler', () => {
    expect(doc.links).toContain('http://site.test/articles/bauhaus-typography');
    expect(doc.links).toContain('http://site.test/old-swiss');
    expect(doc.links.every((l) => /^https?:\/\//.test(l) && !l.includes('#'))).toBe(true);
  });

  it('falls back to the page body when there is no article', () => {
    const d = extractDocument(
      Buffer.from(
        '<html><head><title>Tiny</title></head><body><nav>Menu</nav><p>Only a line.</p></body></html>',
      ),
      'text/html',
      null,
      'http://site.test/',
    );
    expect(d.title).toBe('Tiny');
    expect(d.text).toBe('Only a line.');
  });

  it('marks list items and descriptions with a bullet and writes a table row on one line', () => {
    const d = extractDocument(
      Buffer.from(
        `<html><head><title>Profiles</title></head><body><article><h1>Profiles</h1>
        <p>The settings of a profile are listed below with their defaults.</p>
        <ul><li><code>CARGO_HOME</code> — Cargo keeps a cache.
          By default it is <code>$HOME/.cargo</code>.</li></ul>
        <dl><dt><code>--vcs</code></dt><dd><p>Initialize a new repository. Pass none to skip it.</p></dd></dl>
        <table><thead><tr><th>Setting</th><th>Default</th></tr></thead>
        <tbody><tr><td>opt-level</td><td><code>0</code></td></tr></tbody></table></article></body></html>`,
      ),
      'text/html',
      null,
      'http://site.test/profiles',
    );
    expect(d.text.split('\n\n')).toEqual([
      'Profiles',
      'The settings of a profile are listed below with their defaults.',
      '• CARGO_HOME — Cargo keeps a cache. By default it is $HOME/.cargo.',
      '--vcs',
      '• Initialize a new repository. Pass none to skip it.',
      '| Setting | Default |',
      '| opt-level | 0 |',
    ]);
  });

  it('gives each item of a nested list its own line, after the words of the item that holds it', () => {
    const d = extractDocument(
      Buffer.from(
        `<html><head><title>Workspaces</title></head><body><article><h1>Workspaces</h1>
        <p>A workspace manifest may hold these keys and tables.</p>
        <ul><li><a href="#ws"><code>[workspace]</code></a> — Defines a workspace.<ul>
          <li><code>members</code> — Packages to include in the workspace.</li>
          <li><code>default-members</code> — Packages to operate on when none is selected.</li>
        </ul></li>
        <li><p><code>[patch]</code> — Override dependencies.</p></li></ul></article></body></html>`,
      ),
      'text/html',
      null,
      'http://site.test/workspaces',
    );
    expect(d.text.split('\n\n')).toEqual([
      'Workspaces',
      'A workspace manifest may hold these keys and tables.',
      '• [workspace] — Defines a workspace.',
      '• members — Packages to include in the workspace.',
      '• default-members — Packages to operate on when none is selected.',
      '• [patch] — Override dependencies.',
    ]);
  });

  it('keeps a noindex page (a print-all view) for its text and links but gives no passages', () => {
    const page = (robots: string) =>
      Buffer.from(
        `<html><head><title>All chapters</title>${robots}</head><body><article><h1>Everything</h1>
        ${'<p>Every chapter of the manual again, one after the other, with all of their sentences, so that a reader can print the whole book at once and read it away from the screen.</p>'.repeat(6)}
        <p><a href="/chapter-1.html">Chapter 1</a></p></article></body></html>`,
      );
    const hidden = extractDocument(
      page('<meta name="robots" content="noindex">'),
      'text/html',
      null,
      'http://site.test/print.html',
    );
    expect(hidden).toMatchObject({ chunks: [], note: NOINDEX_NOTE });
    expect(hidden.text).toContain('Every chapter of the manual again');
    expect(hidden.links).toContain('http://site.test/chapter-1.html');
    const shown = extractDocument(page(''), 'text/html', null, 'http://site.test/print.html');
    expect(shown.chunks.length).toBeGreaterThan(0);
    expect(shown.note).toBeNull();
  });

  it('honours a declared or meta charset', () => {
    const latin = Buffer.from(
      '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body><p>Caf\xe9 cr\xe8me on the poster, a long enough paragraph.</p></body></html>',
      'latin1',
    );
    expect(extractDocument(latin, 'text/html', null, 'http://site.test/').title).toBe('Café');
  });

  it('keeps a PDF as a source without text and says where PDF text comes from', () => {
    const d = extractDocument(
      tinyPdf(),
      'application/pdf',
      null,
      'http://site.test/files/brief%20v2.pdf',
    );
    expect(d).toMatchObject({ title: 'brief v2.pdf', text: '', chunks: [], note: PDF_NOTE });
    expect(
      extractDocument(tinyPdf(), 'application/pdf', null, 'http://site.test/a%ZZ.pdf').title,
    ).toBe('a%ZZ.pdf');
  });

  it('drops control characters (terminal escapes, NUL) from titles and text', () => {
    const html = Buffer.from(
      '<html><head><title>Swiss&#x1b;]0;owned&#x07; grids</title></head><body><article><p>Grids \u001b[2Jorder the page\u0000 and the type, a paragraph long enough to keep.</p></article></body></html>',
    );
    const d = extractDocument(html, 'text/html', null, 'http://site.test/');
    expect(d.title).toBe('Swiss]0;owned grids');
    expect(d.text).toContain('Grids [2Jorder the page and the type');
    const plain = extractDocument(
      Buffer.from('Title\u001b[31m line\n\nBody\u0007 text\u0000 here.'),
      'text/plain',
      'utf-8',
      'http://site.test/a.txt',
    );
    expect(plain.text).not.toMatch(/[\u0000-\u0008\u000e-\u001f\u007f]/);
  });
});
