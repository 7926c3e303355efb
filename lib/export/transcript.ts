// transcript.json (every message of every branch, as stored) and transcript.md (the same, for a
// person: branches in tree order, tool calls summarised, images linked to their files).
import type { Snapshot } from './snapshot';

type Message = Snapshot['messages'][number];
type Part = { type?: string; [k: string]: unknown };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function transcriptJson(s: Snapshot) {
  return {
    conversation: {
      id: s.conversation.id,
      title: s.conversation.title,
      createdAt: iso(s.conversation.createdAt),
    },
    messages: s.messages.map((m) => ({
      id: m.id,
      parentId: m.parentId,
      role: m.role,
      modelId: m.modelId,
      profile: m.profile,
      imageSettings: m.imageSettings,
      status: m.status,
      authorId: m.authorId,
      error: m.error,
      createdAt: iso(m.createdAt),
      updatedAt: iso(m.updatedAt),
      parts: m.parts,
    })),
  };
}

/** Messages in tree order (children by time), each with its branch position among siblings. */
function treeOrder(messages: Message[]) {
  const children = new Map<string | null, Message[]>();
  for (const m of messages) {
    const key = m.parentId && messages.some((p) => p.id === m.parentId) ? m.parentId : null;
    children.set(key, [...(children.get(key) ?? []), m]);
  }
  const out: Array<{ m: Message; branch: [number, number] | null }> = [];
  const walk = (parent: string | null) => {
    const kids = children.get(parent) ?? [];
    for (const [i, m] of kids.entries()) {
      out.push({ m, branch: kids.length > 1 ? [i + 1, kids.length] : null });
      walk(m.id);
    }
  };
  walk(null);
  return out;
}

const fence = (value: unknown) => `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;

function partMarkdown(part: Part, artifactPath: (sha256: string) => string | undefined): string {
  if (part.type === 'text') return String(part.text ?? '');
  if (part.type === 'data-reference') {
    const d = part.data as { name?: string; kind?: string } | undefined;
    return `_Attached reference: ${d?.name ?? '?'} (${d?.kind ?? '?'})_`;
  }
  if (part.type === 'source-url') return `_Source: <${String(part.url)}>_`;
  if (typeof part.type === 'string' && part.type.startsWith('tool-')) {
    const lines = [`**Tool \`${part.type.slice(5)}\`** (${String(part.state ?? 'called')})`];
    if (part.input !== undefined) lines.push(fence(part.input));
    const images = (part.output as { images?: Array<{ sha256?: string }> } | undefined)?.images;
    for (const img of images ?? []) {
      const file = img.sha256 ? artifactPath(img.sha256) : undefined;
      if (file) lines.push(`![image ${img.sha256!.slice(0, 12)}](${file})`);
    }
    if (part.errorText) lines.push(`Error: ${String(part.errorText)}`);
    return lines.join('\n\n');
  }
  return '';
}

export function transcriptMarkdown(
  s: Snapshot,
  artifactPath: (sha256: string) => string | undefined,
) {
  const out = [`# ${s.conversation.title}`, ''];
  for (const { m, branch } of treeOrder(s.messages)) {
    const where = branch ? ` · branch ${branch[0]} of ${branch[1]}` : '';
    out.push(
      `## ${m.role} · ${iso(m.createdAt)} · ${m.modelId} · ${m.profile}${where}`,
      '',
      `<!-- message ${m.id}${m.parentId ? ` after ${m.parentId}` : ''} · ${m.status} -->`,
      '',
    );
    for (const part of m.parts as Part[]) {
      const text = partMarkdown(part, artifactPath);
      if (text) out.push(text, '');
    }
    if (m.error) out.push(`Error: ${m.error}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
