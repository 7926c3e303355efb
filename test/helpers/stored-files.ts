import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/db/client';
import { artifacts, conversations, references } from '@/db/schema';
import { blobAbsPath, derivedRelDir, putBlob } from '@/lib/storage/blobs';

let n = 0;

/** Sets a stored file's (or folder's) times `ageMs` back. */
export function age(abs: string, ageMs: number): void {
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(abs, t, t);
}

export const storedExists = (rel: string) => fs.existsSync(blobAbsPath(rel));

/** A blob of its own under uploads/, its file `ageMs` old. */
export async function storedBlob(ageMs: number, ext = '.png') {
  const stored = await putBlob(new TextEncoder().encode(`blob ${n++} ${Math.random()}`), ext);
  age(blobAbsPath(stored.relPath), ageMs);
  return stored;
}

/** Images drawn from `sha256`'s file, as derived-images.ts keeps them, `ageMs` old. */
export function drawnImages(sha256: string, ageMs: number): string {
  const dir = blobAbsPath(derivedRelDir(sha256));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'thumb-160.png'), 'png');
  age(path.join(dir, 'thumb-160.png'), ageMs);
  age(dir, ageMs);
  return derivedRelDir(sha256);
}

export async function artifactRow(db: Db, workspaceId: string, sha256: string): Promise<void> {
  await db
    .insert(artifacts)
    .values({ workspaceId, kind: 'image', sha256, mime: 'image/png', bytes: 1 });
}

/** A PNG reference naming `sha256`, in a conversation of its own; its id. */
export async function referenceRow(db: Db, workspaceId: string, sha256: string): Promise<string> {
  const [c] = await db.insert(conversations).values({ workspaceId, title: 'refs' }).returning();
  const [r] = await db
    .insert(references)
    .values({
      workspaceId,
      conversationId: c.id,
      uploadedBy: 'operator:local',
      kind: 'png',
      mime: 'image/png',
      bytes: 1,
      sha256,
      name: 'moodboard.png',
      status: 'complete',
      summary: {},
    })
    .returning({ id: references.id });
  return r.id;
}
