// `atelier export` and the export download: reads the conversation, records the export in the
// audit log with a checkpoint signed on that very event, then writes the package.
import fs from 'node:fs/promises';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { artifactReviews, auditCheckpoints, auditEvents } from '../../db/schema';
import { artifactRelPath } from '../artifacts/paths';
import { appendAudit } from '../audit/chain';
import { signCheckpoint } from '../audit/checkpoints';
import type { SigningKey } from '../audit/signing-key';
import { loadConversation } from '../conversations/load';
import { blobPathOf } from '../references/store';
import { existingBlob } from '../storage/blobs';
import type { Principal } from '../workspaces/access';
import { buildPackage } from './build';
import { configuredC2paSigner, signCopies } from './c2pa';
import type { Manifest } from './manifest';
import { readSnapshot } from './snapshot';
import type { ZipEntry } from './zip-write';

export type ExportOptions = {
  includeReferences: boolean;
  /** Only images a reviewer approved: the others' bytes and manifest entries are left out. */
  approvedOnly?: boolean;
  key: SigningKey;
};

/** The images among `all` whose current review is an approval. */
async function approvedOf<T extends { id: string }>(tx: Tx, all: T[]): Promise<T[]> {
  if (!all.length) return all;
  const rows = await tx
    .select({ id: artifactReviews.artifactId })
    .from(artifactReviews)
    .where(
      and(
        inArray(
          artifactReviews.artifactId,
          all.map((a) => a.id),
        ),
        eq(artifactReviews.verdict, 'approved'),
      ),
    );
  const approved = new Set(rows.map((r) => r.id));
  return all.filter((a) => approved.has(a.id));
}

async function readBlob(relPath: string, what: string): Promise<Buffer> {
  return fs.readFile(await existingBlob(relPath, what));
}

/**
 * The package's entries. Everything is read in one transaction, files included, so a missing file
 * (or a C2PA certificate c2pa refuses) fails the export before anything is recorded; the
 * `conversation.exported` event and the checkpoint on it commit with that read.
 */
export async function exportEntries(
  db: Db,
  who: Principal,
  conversationId: string,
  opts: ExportOptions,
): Promise<{ entries: ZipEntry[]; manifest: Manifest }> {
  const c2pa = configuredC2paSigner();
  return db.transaction(async (tx) => {
    const conversation = await loadConversation(tx, who, conversationId, 'viewer');
    const snapshot = await readSnapshot(tx, conversation);
    if (opts.approvedOnly) snapshot.artifacts = await approvedOf(tx, snapshot.artifacts);
    const files = new Map<string, Buffer>();
    for (const a of snapshot.artifacts)
      if (!files.has(a.sha256))
        files.set(a.sha256, await readBlob(artifactRelPath(a), 'image file'));
    if (opts.includeReferences)
      for (const r of snapshot.references)
        if (!files.has(r.sha256))
          files.set(r.sha256, await readBlob(blobPathOf(r), 'reference file'));
    const copies = c2pa ? await signCopies(c2pa, snapshot, files) : undefined;
    const head = await appendAudit(tx, {
      actor: who.actor,
      action: 'conversation.exported',
      subject: `conversation:${conversationId}`,
      workspaceId: conversation.workspaceId,
      payload: {
        conversationId,
        references: opts.includeReferences ? 'files' : 'hashes',
        images: opts.approvedOnly ? 'approved' : 'all',
        messages: snapshot.messages.length,
        artifacts: snapshot.artifacts.length,
      },
    });
    // The audit lock is held until commit, so the head signed here is the export's own event.
    await signCheckpoint(tx, opts.key, head);
    const [event] = await tx.select().from(auditEvents).where(eq(auditEvents.seq, head.seq));
    snapshot.audit.push(event);
    const checkpoints = await tx
      .select()
      .from(auditCheckpoints)
      .where(
        inArray(
          auditCheckpoints.seq,
          snapshot.audit.map((e) => e.seq),
        ),
      );
    return buildPackage({
      snapshot,
      checkpoints,
      files,
      includeReferences: opts.includeReferences,
      exportedBy: who.actor,
      exportedAt: new Date(event.createdAt),
      key: opts.key,
      c2pa: copies,
    });
  });
}
