// The rows an import writes, in one transaction, with the ids the IdMap gives them.
import type { Tx } from '../../db/client';
import { artifacts, conversations, generations, messages } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import type { Principal } from '../workspaces/access';
import type { IdMap } from './id-map';
import type { ImportFiles } from './import-files';
import { type ImportedFrom, importedFrom } from './imported';
import type { PackageContent, PackageMessage } from './package-content';

export type ImportResult = {
  conversation: { id: string; title: string; workspaceId: string; imported: ImportedFrom };
  counts: { messages: number; generations: number; artifacts: number; references: number };
};

export type ImportRows = {
  who: Principal;
  workspaceId: string;
  content: PackageContent;
  ids: IdMap;
  files: ImportFiles;
  imported: ImportedFrom;
};

const BATCH = 500;
const batches = <T>(rows: T[]) =>
  Array.from({ length: Math.ceil(rows.length / BATCH) }, (_, i) =>
    rows.slice(i * BATCH, (i + 1) * BATCH),
  );

/** The leaf shown first: the newest message without replies. */
function newestLeaf(msgs: PackageMessage[]): string | null {
  const parents = new Set(msgs.map((m) => m.parentId));
  const leaves = msgs.filter((m) => !parents.has(m.id));
  return leaves.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1)?.id ?? null;
}

/**
 * Inside the import's transaction: the conversation, its messages (parents first), generations,
 * artifacts and references under their new ids, and `conversation.imported`.
 */
export async function writeImportRows(tx: Tx, p: ImportRows): Promise<ImportResult> {
  const { who, workspaceId, content, ids, files, imported } = p;
  const m = content.manifest;
  const leaf = newestLeaf(content.messages);
  const [c] = await tx
    .insert(conversations)
    .values({
      id: ids.id(m.conversation.id),
      workspaceId,
      createdBy: who.userId,
      title: m.conversation.title,
      activeLeafId: leaf && ids.id(leaf),
      imported,
    })
    .returning();
  for (const rows of batches(content.messages))
    await tx.insert(messages).values(
      rows.map((msg) => ({
        id: ids.id(msg.id),
        conversationId: c.id,
        parentId: msg.parentId && ids.id(msg.parentId),
        role: msg.role,
        parts: ids.remap(msg.parts),
        modelId: msg.modelId,
        profile: msg.profile,
        imageSettings: msg.imageSettings ?? null,
        // A turn still running when the package was made ends here, as a sweep would end it.
        status: msg.status === 'streaming' ? ('interrupted' as const) : msg.status,
        authorId: null,
        error: msg.error,
        createdAt: new Date(msg.createdAt),
        updatedAt: new Date(msg.updatedAt),
      })),
    );
  for (const rows of batches(content.generations))
    await tx.insert(generations).values(
      rows.map((g) => ({
        ...ids.remap({
          params: g.params,
          timings: g.timings,
          routing: g.routing,
          scores: g.scores,
          record: g.record ?? null,
          provenance: g.provenance ?? null,
        }),
        id: ids.id(g.id),
        workspaceId,
        conversationId: c.id,
        messageId: g.messageId && ids.id(g.messageId),
        actor: g.actor,
        modelId: g.modelId,
        profile: g.profile,
        ...(g.status === 'queued' || g.status === 'running'
          ? { status: 'error' as const, error: 'unfinished when the package was made' }
          : { status: g.status, error: g.error }),
        ep: g.ep,
        createdAt: new Date(g.createdAt),
        finishedAt: g.finishedAt ? new Date(g.finishedAt) : null,
      })),
    );
  const stored = await files.holdImages(tx);
  for (const rows of batches(m.artifacts))
    await tx.insert(artifacts).values(
      rows.map((a) => ({
        id: ids.id(a.id),
        workspaceId,
        generationId: a.generationId && ids.id(a.generationId),
        kind: 'image' as const,
        sha256: a.sha256,
        mime: a.mime,
        bytes: stored.get(a.sha256)!.bytes,
        width: a.width,
        height: a.height,
        seed: a.seed,
      })),
    );
  const refCount = await files.insertReferences(tx, who, { workspaceId, conversationId: c.id });
  const counts = {
    messages: content.messages.length,
    generations: content.generations.length,
    artifacts: m.artifacts.length,
    references: refCount,
  };
  await appendAudit(tx, {
    actor: who.actor,
    action: 'conversation.imported',
    subject: `conversation:${c.id}`,
    workspaceId,
    conversationId: c.id,
    payload: {
      packageSha256: imported.packageSha256,
      keyId: m.signer.keyId,
      sourceConversationId: m.conversation.id,
      ...counts,
    },
  });
  return {
    conversation: { id: c.id, title: c.title, workspaceId, imported: importedFrom(c)! },
    counts,
  };
}
