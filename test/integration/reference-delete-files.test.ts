import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { deleteReference } from '@/lib/references/store';
import { OPERATOR, operatorWorkspaceId } from '@/lib/workspaces/operator';
import { tempDataDir } from '../helpers/data-dir';
import {
  artifactRow,
  drawnImages,
  referenceRow,
  storedBlob,
  storedExists,
} from '../helpers/stored-files';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('reference-delete');
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

describe('deleting a reference', () => {
  it('removes the images drawn from its file even while an artifact keeps the bytes', async () => {
    // A generated image attached again as a moodboard: one file, named by both rows.
    const png = await storedBlob(0);
    await artifactRow(database.db, workspaceId, png.sha256);
    const id = await referenceRow(database.db, workspaceId, png.sha256);
    const thumbs = drawnImages(png.sha256, 0);
    await deleteReference(database.db, OPERATOR, id);
    expect(storedExists(png.relPath)).toBe(true);
    expect(storedExists(thumbs)).toBe(false);
  });

  it('keeps them while another reference names the bytes', async () => {
    const png = await storedBlob(0);
    const id = await referenceRow(database.db, workspaceId, png.sha256);
    await referenceRow(database.db, workspaceId, png.sha256);
    const thumbs = drawnImages(png.sha256, 0);
    await deleteReference(database.db, OPERATOR, id);
    expect(storedExists(png.relPath) && storedExists(thumbs)).toBe(true);
  });
});
