import type { UIMessage } from 'ai';
import type { AttachedReference } from './references';
import type { MessageRow } from './types';

/** Rows ordered oldest first (createdAt, then id as the server orders them). */
function byAge(a: MessageRow, b: MessageRow): number {
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  if (ta !== tb) return (Number.isNaN(ta) ? 0 : ta) - (Number.isNaN(tb) ? 0 : tb);
  return 0;
}

export type Tree = {
  byId: Map<string, MessageRow>;
  /** children of a parent id ('' for roots), oldest first */
  children: Map<string, MessageRow[]>;
};

export function buildTree(rows: MessageRow[]): Tree {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<string, MessageRow[]>();
  // stable sort keeps the server's order on ties
  const sorted = rows
    .map((r, i) => [r, i] as const)
    .sort((x, y) => byAge(x[0], y[0]) || x[1] - y[1]);
  for (const [row] of sorted) {
    const key = row.parentId && byId.has(row.parentId) ? row.parentId : '';
    const list = children.get(key);
    if (list) list.push(row);
    else children.set(key, [row]);
  }
  return { byId, children };
}

/** The leaf reached from `fromId` by always taking the newest child. */
export function newestLeaf(tree: Tree, fromId: string): string {
  let cur = fromId;
  for (let guard = 0; guard <= tree.byId.size; guard++) {
    const kids = tree.children.get(cur);
    if (!kids || kids.length === 0) return cur;
    cur = kids[kids.length - 1].id;
  }
  return cur;
}

/** The leaf to show when the conversation names none (or names one that does not exist). */
export function defaultLeaf(tree: Tree, activeLeafId: string | null): string | null {
  if (activeLeafId && tree.byId.has(activeLeafId)) return activeLeafId;
  const roots = tree.children.get('');
  if (!roots || roots.length === 0) return null;
  return newestLeaf(tree, roots[roots.length - 1].id);
}

/** Root-to-leaf path ending at `leafId`. */
export function branchTo(tree: Tree, leafId: string | null): MessageRow[] {
  const path: MessageRow[] = [];
  let cur = leafId ? tree.byId.get(leafId) : undefined;
  while (cur && path.length <= tree.byId.size) {
    path.push(cur);
    cur = cur.parentId ? tree.byId.get(cur.parentId) : undefined;
  }
  return path.reverse();
}

/** Siblings of a row (same parent and role), oldest first, including the row itself. */
export function siblingsOf(tree: Tree, row: MessageRow): MessageRow[] {
  const key = row.parentId && tree.byId.has(row.parentId) ? row.parentId : '';
  return (tree.children.get(key) ?? []).filter((r) => r.role === row.role);
}

export function textOf(parts: readonly { type: string }[]): string {
  return parts
    .filter(
      (p): p is { type: 'text'; text: string } =>
        p.type === 'text' && typeof (p as { text?: unknown }).text === 'string',
    )
    .map((p) => p.text)
    .join('');
}

export function toUIMessages(rows: MessageRow[]): UIMessage[] {
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    parts: Array.isArray(r.parts) ? r.parts : [],
  }));
}

/** The references a user message attached (its `data-reference` parts). */
export function attachmentsOf(parts: readonly { type: string }[]): AttachedReference[] {
  return parts
    .filter(
      (p): p is { type: 'data-reference'; data: AttachedReference } => p.type === 'data-reference',
    )
    .map((p) => p.data);
}
