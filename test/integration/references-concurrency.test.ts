import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditEvents, passageDrafts, references, workspaces } from '@/db/schema';
import { readers, registerReaders } from '@/lib/ingest/protocol';
import { closeParsers } from '@/lib/ingest/runner';
import { pdfPageImage } from '@/lib/references/derived-images';
import { ingestReference } from '@/lib/references/ingest';
import { blobPathOf, removeIfUnreferenced } from '@/lib/references/store';
import { lockBlob } from '@/lib/storage/blob-lock';
import { blobAbsPath } from '@/lib/storage/blobs';
import { OPERATOR } from '@/lib/workspaces/operator';
import { tempDataDir } from '../helpers/data-dir';
import { makePdf } from '../helpers/pdf';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('ref-concurrency');
let database: Database;
let ws: string;
let other: string;

beforeAll(async () => {
  database = await freshDatabase();
  [{ id: ws }, { id: other }] = await database.db
    .insert(workspaces)
    .values([{ name: 'one' }, { name: 'two' }])
    .returning();
});
afterAll(async () => {
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ingest = (workspaceId: string, bytes: Buffer, name = 'brief.pdf') =>
  ingestReference(database.db, OPERATOR, {
    target: { workspaceId, conversationId: null },
    name,
    source: [bytes],
  });

describe('references under concurrent writes', () => {
  it('the same file uploaded twice at once is one reference', async () => {
    const bytes = makePdf([['Headline: Twice', 'body'], ['page two']], { title: 'Twice' });
    const [a, b] = await Promise.all([ingest(ws, bytes), ingest(ws, bytes)]);
    expect(a.reference.id).toBe(b.reference.id);
    expect([a.deduplicated, b.deduplicated].sort()).toEqual([false, true]);
    expect(
      await database.db.select().from(references).where(eq(references.workspaceId, ws)),
    ).toHaveLength(1);
    expect(await database.db.select().from(passageDrafts)).toEqual([]);
    const ingested = (await database.db.select().from(auditEvents)).filter(
      (e) => e.action === 'reference.ingested' && e.workspaceId === ws,
    );
    expect(ingested).toHaveLength(1);
  });

  it('a removal waits for a commit of the same bytes running beside it, and then keeps the file', async () => {
    const { reference } = await ingest(
      ws,
      makePdf([['Headline: Shared', 'body']], { title: 'Shared' }),
      'shared.pdf',
    );
    const [row] = await database.db
      .select()
      .from(references)
      .where(eq(references.id, reference.id));
    const file = blobAbsPath(blobPathOf(row));
    // No row names the bytes now, but their file is still there (as after a delete, before its clean-up).
    await database.db.delete(references).where(eq(references.id, row.id));

    // Another ingest of the same bytes is committing: it holds the blob's lock and has written its row.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const commit = database.db.transaction(async (tx) => {
      await lockBlob(tx, row.sha256);
      await tx
        .insert(references)
        .values({ ...row, id: crypto.randomUUID(), workspaceId: other, createdAt: new Date() });
      locked();
      await gate;
    });
    await holding;
    const removal = removeIfUnreferenced(database.db, row.sha256, blobPathOf(row));
    // On a server the removal now waits on the lock (without it, it would see no committed row and
    // unlink the file); embedded PGlite queues it behind the open transaction.
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.existsSync(file)).toBe(true);
    release();
    await Promise.all([commit, removal]);
    expect(fs.existsSync(file)).toBe(true);

    // With no row left, the clean-up removes it.
    await database.db.delete(references).where(eq(references.sha256, row.sha256));
    await removeIfUnreferenced(database.db, row.sha256, blobPathOf(row));
    expect(fs.existsSync(file)).toBe(false);
  });

  it('a page image drawn while its file is removed (its reference deleted) is not kept', async () => {
    const { reference } = await ingest(
      ws,
      makePdf([['Headline: Drawn', 'body']], { title: 'Drawn' }),
      'drawn.pdf',
    );
    const real = readers();
    // The delete's clean-up lands while the page is being drawn.
    registerReaders({
      ...real,
      pageImage: async (job) => {
        const png = await real.pageImage(job);
        fs.rmSync(job.path);
        return png;
      },
    });
    try {
      await expect(pdfPageImage(database.db, OPERATOR, reference.id, 1)).rejects.toThrow(
        'reference file not found',
      );
    } finally {
      registerReaders(real);
    }
    const derived = path.join(
      dataDir,
      'uploads',
      'derived',
      reference.sha256.slice(0, 2),
      reference.sha256,
    );
    expect(fs.existsSync(derived) ? fs.readdirSync(derived) : []).toEqual([]);
  });
});
