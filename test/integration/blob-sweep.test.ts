// Crash clean-up of the blob store: files a process wrote before a commit that never came, or left
// after a delete it committed but did not finish, are removed at the next start; files a row names,
// files still being written and the staging folder are not.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { artifacts } from '@/db/schema';
import { lockBlob } from '@/lib/storage/blob-lock';
import { ensureBlob } from '@/lib/storage/blobs';
import { sweepOrphanBlobs } from '@/lib/storage/orphan-sweep';
import { operatorWorkspaceId } from '@/lib/workspaces/operator';
import { tempDataDir } from '../helpers/data-dir';
import {
  age,
  artifactRow,
  drawnImages,
  referenceRow,
  storedBlob,
  storedExists,
} from '../helpers/stored-files';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('blob-sweep');
let database: Database;
let workspaceId: string;

beforeAll(async () => {
  database = await freshDatabase();
  workspaceId = await operatorWorkspaceId(database.db);
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const HOUR = 60 * 60_000;

describe('the start-up sweep of the blob store', () => {
  it('removes old files no row names, and images drawn from files no reference names', async () => {
    const crashed = await storedBlob(2 * HOUR); // putBlob, then the process died before its row committed
    const crashedDrawn = drawnImages(crashed.sha256, 2 * HOUR);
    const writing = await storedBlob(0); // a write whose commit is still to come
    const artifact = await storedBlob(2 * HOUR);
    await artifactRow(database.db, workspaceId, artifact.sha256);
    const artifactDrawn = drawnImages(artifact.sha256, 2 * HOUR); // its reference deleted
    const reference = await storedBlob(2 * HOUR, '.pdf');
    await referenceRow(database.db, workspaceId, reference.sha256);
    const referenceDrawn = drawnImages(reference.sha256, 2 * HOUR);
    const lonelyDrawn = drawnImages('ab'.repeat(32), 2 * HOUR); // its file and row are gone
    const staging = path.join(dataDir, 'uploads', '.staging');
    fs.mkdirSync(staging, { recursive: true });
    fs.writeFileSync(path.join(staging, 'upload-in-flight'), 'partial');
    age(path.join(staging, 'upload-in-flight'), 2 * HOUR);
    const stranger = path.join(dataDir, 'uploads', 'README');
    fs.writeFileSync(stranger, 'not ours to judge');
    age(stranger, 2 * HOUR);

    expect(await sweepOrphanBlobs(database.db, HOUR)).toEqual({ files: 1, derived: 3 });

    expect(storedExists(crashed.relPath)).toBe(false);
    expect(storedExists(crashedDrawn)).toBe(false);
    expect(storedExists(artifactDrawn)).toBe(false);
    expect(storedExists(lonelyDrawn)).toBe(false);
    expect(storedExists(writing.relPath)).toBe(true);
    expect(storedExists(artifact.relPath)).toBe(true);
    expect(storedExists(reference.relPath)).toBe(true);
    expect(storedExists(referenceDrawn)).toBe(true);
    // The staging folder is swept by its own rule (stageBlob); unknown names are left alone.
    expect(fs.existsSync(path.join(staging, 'upload-in-flight'))).toBe(true);
    expect(fs.existsSync(stranger)).toBe(true);
  });

  it("keeps a file whose row commits while the sweep runs, under the blob's lock", async () => {
    const late = await storedBlob(2 * HOUR);
    let commit!: () => void;
    const held = new Promise<void>((r) => (commit = r));
    let locked!: () => void;
    const hasLock = new Promise<void>((r) => (locked = r));
    const writer = database.db.transaction(async (tx) => {
      await lockBlob(tx, late.sha256);
      await ensureBlob(late, new Uint8Array());
      await tx.insert(artifacts).values({
        workspaceId,
        kind: 'image',
        sha256: late.sha256,
        mime: 'image/png',
        bytes: late.bytes,
      });
      locked();
      await held;
    });
    await hasLock;
    const sweep = sweepOrphanBlobs(database.db, HOUR);
    await new Promise((r) => setTimeout(r, 200));
    commit();
    await writer;
    expect((await sweep).files).toBe(0);
    expect(storedExists(late.relPath)).toBe(true);
  });
});
