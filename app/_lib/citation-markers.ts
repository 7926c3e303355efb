/**
 * A remark plugin that turns citation markers (`[3]`, `[1][2]`, `[1, 2]`) into `<button data-cite>`
 * elements when they follow a claim on the same line and their number is a known citation. A marker
 * that opens a line is a list label (the offline composer numbers the tools it used that way), not
 * a citation, and is left as text. Reference labels (`[brief.pdf p.2]`, `[copy.csv row 14]`,
 * `[moodboard.png palette]`, `[logo.png text]`) that a known check accepts become `<button data-ref>`.
 */
import { CITE_PLACE } from './references';

type MdNode = {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: { hName?: string; hProperties?: Record<string, unknown> };
};
type Line = { content: boolean };

const MARKER = new RegExp(
  String.raw`\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]|\[[^[\]\n]{1,200} (?:${CITE_PLACE})\]`,
  'g',
);

export type Known = { n: (n: number) => boolean; label: (label: string) => boolean };
/** Blocks whose children are inline text. */
const PHRASING = new Set(['paragraph', 'heading', 'tableCell']);
/** Inline nodes whose text may hold markers; a link's text never does. */
const INLINE = new Set(['emphasis', 'strong', 'delete']);

export function remarkCitations(known: Known) {
  return () => (tree: MdNode) => walk(tree, known);
}

function walk(node: MdNode, known: Known): void {
  if (!node.children) return;
  if (PHRASING.has(node.type)) node.children = phrasing(node.children, { content: false }, known);
  else for (const child of node.children) walk(child, known);
}

function phrasing(children: MdNode[], line: Line, known: Known): MdNode[] {
  return children.flatMap((child) => {
    if (child.type === 'text') return splitText(child.value ?? '', line, known);
    if (child.type === 'break') line.content = false;
    else if (INLINE.has(child.type)) child.children = phrasing(child.children ?? [], line, known);
    if (child.type !== 'break') line.content = true;
    return [child];
  });
}

function splitText(value: string, line: Line, known: Known): MdNode[] {
  const out: MdNode[] = [];
  let at = 0;
  for (const m of value.matchAll(MARKER)) {
    track(line, value.slice(at, m.index));
    const buttons =
      m[1] === undefined ? referenceButton(m[0], known) : numberButtons(m[1], line, known);
    if (!buttons) continue;
    if (m.index > at) out.push({ type: 'text', value: value.slice(at, m.index) });
    out.push(...buttons);
    at = m.index + m[0].length;
  }
  track(line, value.slice(at));
  if (at < value.length) out.push({ type: 'text', value: value.slice(at) });
  return out;
}

function numberButtons(list: string, line: Line, known: Known): MdNode[] | null {
  const numbers = list.split(',').map((s) => Number(s.trim()));
  if (!line.content || !numbers.every(known.n)) return null;
  return numbers.map((n) => ({
    type: 'citation',
    data: { hName: 'button', hProperties: { dataCite: n, type: 'button' } },
    children: [{ type: 'text', value: `[${n}]` }],
  }));
}

function referenceButton(label: string, known: Known): MdNode[] | null {
  if (!known.label(label)) return null;
  return [
    {
      type: 'citation',
      data: { hName: 'button', hProperties: { dataRef: label, type: 'button' } },
      children: [{ type: 'text', value: label }],
    },
  ];
}

/** Whether the current line has content after `text`. */
function track(line: Line, text: string): void {
  const nl = text.lastIndexOf('\n');
  if (nl >= 0) line.content = /\S/.test(text.slice(nl + 1));
  else if (/\S/.test(text)) line.content = true;
}
