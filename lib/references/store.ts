import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { artifacts, generations, references } from '../../db/schema';
import { artifactRelPath } from '../artifacts/paths';
import { appendAudit } from '../audit/chain';
import { loadConversation } from '../conversations/load';
import { assertWritable } from '../conversations/read-only';
import type { Sniffed } from '../ingest/sniff';
import type { ParseResult } from '../ingest/types';
import { lockBlob } from '../storage/blob-lock';
import {
  blobRelPath,
  placeStaged,
  removeBlob,
  removeDerived,
  type StagedBlob,
  type StoredBlob,
} from '../storage/blobs';
import type { Principal } from '../workspaces/access';
import { loadReference, type ReferenceRow, type Target } from './access';
import type { PassageDrafts } from './passage-drafts';

export const EXTENSIONS = { pdf: '.pdf', csv: '.csv', png: '.png' } as const;
export const blobPathOf = (r: Pick<ReferenceRow, 'sha256' | 'kind'>) =>
  blobRelPath(r.sha256, EXTENSIONS[r.kind]);

/** The same bytes already attached at the same place: uploading them again returns that reference. */
export async function findDuplicate(
  db: DbOrTx,
  target: Target,
  sha256: string,
): Promise<ReferenceRow | undefined> {
  const [row] = await db
    .select()
    .from(references)
    .where(
      and(
        eq(references.workspaceId, target.workspaceId),
        target.conversationId
          ? eq(references.conversationId, target.conversationId)
          : isNull(references.conversationId),
        eq(references.sha256, sha256),
      ),
    )
    .limit(1);
  return row;
}

export type NewReference = {
  target: Target;
  staged: StagedBlob;
  sniffed: Sniffed;
  name: string;
  parsed: ParseResult;
  drafts: PassageDrafts;
};

/** Inside the caller's transaction: the row (its id is the drafts' ingest id) and its passages. */
export async function insertReference(
  tx: DbOrTx,
  who: Principal,
  n: NewReference,
): Promise<ReferenceRow> {
  const [row] = await tx
    .insert(references)
    .values({
      id: n.drafts.ingestId,
      workspaceId: n.target.workspaceId,
      conversationId: n.target.conversationId,
      uploadedBy: who.actor,
      kind: n.sniffed.kind,
      mime: n.sniffed.mime,
      bytes: n.staged.bytes,
      sha256: n.staged.sha256,
      name: n.name,
      status: n.parsed.notes.length ? 'partial' : 'complete',
      summary: { ...n.parsed.summary, notes: n.parsed.notes },
      rowIndex: n.parsed.rowIndex,
    })
    .returning();
  await n.drafts.promote(tx, row.workspaceId, n.parsed.partBases);
  return row;
}

/**
 * The row, its passages (promoted from their drafts), its audit event and the blob's content address,
 * all or nothing: the blob is placed inside the transaction, and removed again if the commit fails
 * (unless another row already uses the same bytes). The same bytes committed at the same place
 * meanwhile (an upload sent twice at once) are that reference instead.
 */
export async function commitReference(
  db: Db,
  who: Principal,
  n: NewReference,
): Promise<{ row: ReferenceRow; deduplicated: boolean }> {
  let placing: Promise<StoredBlob> | undefined;
  try {
    await n.drafts.flush();
    return await db.transaction(async (tx) => {
      await lockBlob(tx, n.staged.sha256);
      const existing = await findDuplicate(tx, n.target, n.staged.sha256);
      if (existing) return { row: existing, deduplicated: true };
      // The file goes to its content address while the statements run; the commit waits for it.
      placing = placeStaged(n.staged, n.sniffed.ext);
      placing.catch(() => undefined);
      const row = await insertReference(tx, who, n);
      await appendAudit(tx, {
        actor: who.actor,
        action: 'reference.ingested',
        subject: `reference:${row.id}`,
        workspaceId: row.workspaceId,
        conversationId: row.conversationId,
        payload: { referenceId: row.id, sha256: row.sha256 },
      });
      await placing;
      return { row, deduplicated: false };
    });
  } catch (err) {
    const placed = await placing?.catch(() => undefined);
    if (placed) await removeIfUnreferenced(db, placed.sha256, placed.relPath);
    throw err;
  }
}

/**
 * Blobs are shared by content: one is removed only when no reference or artifact names its bytes.
 * The images drawn from it (pages, thumbnails) are a reference's, so they go when no reference does.
 * `relPath` null: only those. True when the blob's file went (or, for null, the drawn images did).
 */
export async function removeIfUnreferenced(
  db: DbOrTx,
  sha256: string,
  relPath: string | null,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await lockBlob(tx, sha256);
    const [ref] = await tx
      .select({ id: references.id })
      .from(references)
      .where(eq(references.sha256, sha256))
      .limit(1);
    if (ref) return false;
    await removeDerived(sha256);
    if (!relPath) return true;
    const [art] = await tx
      .select({ id: artifacts.id })
      .from(artifacts)
      .where(eq(artifacts.sha256, sha256))
      .limit(1);
    if (art) return false;
    await removeBlob(relPath);
    return true;
  });
}

/** The stored files of a conversation's references and generated images (read before it is deleted). */
export async function conversationBlobs(
  db: DbOrTx,
  conversationId: string,
): Promise<Array<{ sha256: string; relPath: string }>> {
  const refs = await db
    .select({ sha256: references.sha256, kind: references.kind })
    .from(references)
    .where(eq(references.conversationId, conversationId));
  const arts = await db
    .select({ sha256: artifacts.sha256, mime: artifacts.mime })
    .from(artifacts)
    .innerJoin(generations, eq(artifacts.generationId, generations.id))
    .where(eq(generations.conversationId, conversationId));
  return [
    ...refs.map((r) => ({ sha256: r.sha256, relPath: blobPathOf(r) })),
    ...arts.map((a) => ({ sha256: a.sha256, relPath: artifactRelPath(a) })),
  ];
}

/** After a cascade delete: each file no remaining row names is removed. */
export async function removeOrphans(
  db: DbOrTx,
  blobs: Array<{ sha256: string; relPath: string }>,
): Promise<void> {
  const unique = new Map(blobs.map((b) => [b.relPath, b]));
  for (const b of unique.values()) await removeIfUnreferenced(db, b.sha256, b.relPath);
}

/** Newest first, at most 500. */
const newest = (db: DbOrTx, where: SQL) =>
  db.select().from(references).where(where).orderBy(desc(references.createdAt)).limit(500);

/** A workspace target lists all its references, those attached to conversations too. */
export const listReferences = (db: DbOrTx, target: Target): Promise<ReferenceRow[]> =>
  target.conversationId
    ? listConversationReferences(db, target.conversationId)
    : newest(db, eq(references.workspaceId, target.workspaceId));

export const listConversationReferences = (
  db: DbOrTx,
  conversationId: string,
): Promise<ReferenceRow[]> => newest(db, eq(references.conversationId, conversationId));

export async function deleteReference(db: Db, who: Principal, id: string): Promise<void> {
  const row = await loadReference(db, who, id, 'editor');
  if (row.conversationId)
    assertWritable(await loadConversation(db, who, row.conversationId, 'editor'));
  await db.transaction(async (tx) => {
    // A trigger deletes the reference's chunks with it.
    await tx.delete(references).where(eq(references.id, id));
    await appendAudit(tx, {
      actor: who.actor,
      action: 'reference.deleted',
      subject: `reference:${id}`,
      workspaceId: row.workspaceId,
      conversationId: row.conversationId,
      payload: { referenceId: id, sha256: row.sha256 },
    });
  });
  await removeIfUnreferenced(db, row.sha256, blobPathOf(row));
}
