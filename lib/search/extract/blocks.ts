import { HIDDEN } from '../untrusted';

/** A heading or a paragraph-like run of text, in reading order. */
export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'text'; text: string };

type El = { tagName: string; childNodes: ArrayLike<Node>; textContent: string | null };
type Node = { nodeType: number; textContent: string | null } & Partial<El>;

const HEADING = /^H([1-6])$/;
const LEAF = new Set([
  'P',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'FIGCAPTION',
  'DD',
  'DT',
  'TD',
  'TH',
  'CAPTION',
  'ADDRESS',
  'SUMMARY',
]);
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SVG',
  'CANVAS',
  'BUTTON',
  'SELECT',
  'INPUT',
  'TEXTAREA',
  'FORM',
]);

export const normalizeSpace = (s: string) => s.replace(HIDDEN, '').replace(/\s+/g, ' ').trim();

/**
 * Marks kept in the reading text so that ranking can tell a list item or a table row from a
 * paragraph (`lib/search/units.ts`): an item or a definition's description starts with a bullet,
 * a row is written `| cell | cell |` as in Markdown.
 */
const ITEM = new Set(['LI', 'DD']);
const BULLET = '• ';

/** A table row's cells on one line; an empty row gives ''. */
function rowText(row: El): string {
  const cells = Array.from(row.childNodes ?? []).filter(
    (c): c is Node & El => c.nodeType === 1 && /^T[DH]$/i.test(c.tagName ?? ''),
  );
  const texts = cells.map((c) => normalizeSpace(c.textContent ?? ''));
  return texts.some(Boolean) ? `| ${texts.join(' | ')} |` : '';
}

/** Walks an element (Readability's article) into heading and text blocks. */
export function blocksOf(root: El): Block[] {
  const out: Block[] = [];
  let loose = '';
  const flushLoose = () => {
    const text = normalizeSpace(loose);
    if (text) out.push({ kind: 'text', text });
    loose = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      loose += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1 || !node.tagName) return;
    const tag = node.tagName.toUpperCase();
    if (SKIP.has(tag)) return;
    if (tag === 'TR') {
      flushLoose();
      const text = rowText(node as El);
      if (text) out.push({ kind: 'text', text });
      return;
    }
    const h = HEADING.exec(tag);
    if (ITEM.has(tag) && hasNestedList(node as El)) {
      // A list inside an item (a key and its sub-keys): the item's own words are one item and each
      // nested one another, so no unit runs the whole tree together.
      flushLoose();
      const text = normalizeSpace(ownText(node));
      if (text) out.push({ kind: 'text', text: `${BULLET}${text}` });
      for (const list of nestedLists(node as El)) walk(list);
      return;
    }
    if (h || LEAF.has(tag)) {
      flushLoose();
      const text =
        tag === 'PRE'
          ? (node.textContent ?? '').replace(HIDDEN, '').trim()
          : normalizeSpace(node.textContent ?? '');
      if (text)
        out.push(
          h
            ? { kind: 'heading', level: Number(h[1]), text }
            : { kind: 'text', text: ITEM.has(tag) ? `${BULLET}${text}` : text },
        );
      return;
    }
    if (tag === 'BR') {
      loose += '\n';
      return;
    }
    const inline = INLINE.has(tag);
    if (!inline) flushLoose();
    for (const child of Array.from(node.childNodes ?? [])) walk(child);
    if (!inline) flushLoose();
  };
  walk(root as Node);
  flushLoose();
  return out;
}

const LISTS = new Set(['UL', 'OL', 'DL']);

const elements = (node: El) =>
  Array.from(node.childNodes ?? []).filter((c): c is Node & El => c.nodeType === 1 && !!c.tagName);

/** The lists inside an element, outermost only. */
function nestedLists(node: El): Array<Node & El> {
  return elements(node).flatMap((c) => (LISTS.has(c.tagName.toUpperCase()) ? [c] : nestedLists(c)));
}

const hasNestedList = (node: El) => nestedLists(node).length > 0;

/** An element's text without its nested lists and the elements never read. */
function ownText(node: Node): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1 || !node.tagName) return '';
  const tag = node.tagName.toUpperCase();
  if (LISTS.has(tag) || SKIP.has(tag)) return '';
  const inner = Array.from(node.childNodes ?? [])
    .map(ownText)
    .join('');
  return INLINE.has(tag) ? inner : ` ${inner} `;
}

const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'CODE',
  'DATA',
  'DFN',
  'EM',
  'I',
  'KBD',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
  'FONT',
]);

/** Plain text or markdown: blank lines separate paragraphs; `#` lines are headings. */
export function blocksOfText(text: string): Block[] {
  const out: Block[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = para.split('\n');
    let body: string[] = [];
    const flush = () => {
      const t = normalizeSpace(body.join(' '));
      if (t) out.push({ kind: 'text', text: t });
      body = [];
    };
    for (const line of lines) {
      const h = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
      if (h) {
        flush();
        out.push({ kind: 'heading', level: h[1].length, text: normalizeSpace(h[2]) });
      } else body.push(line);
    }
    flush();
  }
  return out;
}
