import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readEnv } from '../config/env';

export type StoredBlob = { sha256: string; bytes: number; relPath: string };

const uploadsRoot = () => path.join(readEnv().dataDir, 'uploads');

/** `ab/abcdef…ext` under uploads/: content-addressed, so equal content is stored once. */
export const blobRelPath = (sha256: string, ext: string) => path.join(sha256.slice(0, 2), `${sha256}${ext}`);
export const blobAbsPath = (relPath: string) => path.join(uploadsRoot(), relPath);

/**
 * Writes atomically: a temporary file in the same folder, fsync'd, then renamed into place, so a
 * crash never leaves a half-written blob under its final name.
 */
export async function putBlob(data: Uint8Array, ext: string): Promise<StoredBlob> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const relPath = blobRelPath(sha256, ext);
  const abs = blobAbsPath(relPath);
  const stored = { sha256, bytes: data.byteLength, relPath };
  if (await fs.stat(abs).then((s) => s.size === data.byteLength, () => false)) return stored;
  await fs.mkdir(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    const fh = await fs.open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, abs);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return stored;
}
