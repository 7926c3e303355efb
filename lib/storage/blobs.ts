import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readEnv } from '../config/env';
import { AppError, notFound } from '../errors';

export type StoredBlob = { sha256: string; bytes: number; relPath: string };
/**
 * Bytes written to a temporary file under uploads/ but not yet under their content address. The file
 * can be read at once; `synced` settles when it is on disk (placing it waits for that).
 */
export type StagedBlob = { sha256: string; bytes: number; tmpPath: string; synced: Promise<void> };

const uploadsRoot = () => path.join(readEnv().dataDir, 'uploads');
const stagingDir = () => path.join(uploadsRoot(), '.staging');

/** `ab/abcdef…ext` under uploads/: content-addressed, so equal content is stored once. */
export const blobRelPath = (sha256: string, ext: string) =>
  path.join(sha256.slice(0, 2), `${sha256}${ext}`);
export const blobAbsPath = (relPath: string) => path.join(uploadsRoot(), relPath);

/** Staged files older than this belong to a process that died mid-upload. */
const STALE_STAGING_MS = 60 * 60 * 1000;
const swept = new Set<string>();

/** Once per process and data root: removes what crashed uploads left in the staging folder. */
async function sweepStaging(dir: string): Promise<void> {
  if (swept.has(dir)) return;
  swept.add(dir);
  const now = Date.now();
  for (const name of await fs.readdir(dir).catch(() => [])) {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat?.isFile() && now - stat.mtimeMs > STALE_STAGING_MS) await fs.rm(file, { force: true });
  }
}

const exists = (abs: string, size: number) =>
  fs.stat(abs).then(
    (s) => s.size === size,
    () => false,
  );

/** Moves a finished temporary file to its final name (same file system, so the rename is atomic). */
async function place(tmp: string, relPath: string, size: number): Promise<void> {
  const abs = blobAbsPath(relPath);
  if (await exists(abs, size)) return fs.rm(tmp, { force: true });
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.rename(tmp, abs);
}

/**
 * Writes atomically: a temporary file in the same folder, fsync'd, then renamed into place, so a
 * crash never leaves a half-written blob under its final name.
 */
export async function putBlob(data: Uint8Array, ext: string): Promise<StoredBlob> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const stored = { sha256, bytes: data.byteLength, relPath: blobRelPath(sha256, ext) };
  await ensureBlob(stored, data);
  return stored;
}

/** `stored`'s file at its content address: written from `data` (its bytes) unless it is there already. */
export async function ensureBlob(stored: StoredBlob, data: Uint8Array): Promise<void> {
  if (await exists(blobAbsPath(stored.relPath), stored.bytes)) return;
  const staged = await stageBlob([data], Infinity);
  try {
    await placeStaged(staged, path.extname(stored.relPath));
  } finally {
    await discardStaged(staged);
  }
}

/**
 * Streams `source` into a temporary file under uploads/.staging, hashed while each piece is written;
 * past `maxBytes` it stops, removes what it wrote and refuses. It returns once the bytes are written,
 * with the fsync still running (readers of the file need not wait for it). Nothing is under a
 * content address yet.
 */
export async function stageBlob(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes: number,
): Promise<StagedBlob> {
  const dir = stagingDir();
  await fs.mkdir(dir, { recursive: true });
  await sweepStaging(dir);
  const tmpPath = path.join(dir, randomBytes(12).toString('hex'));
  const hash = createHash('sha256');
  let bytes = 0;
  const fh = await fs.open(tmpPath, 'wx', 0o644);
  try {
    for await (const piece of source) {
      bytes += piece.byteLength;
      if (bytes > maxBytes)
        throw new AppError(
          'payload_too_large',
          `the file is larger than the upload limit of ${formatMb(maxBytes)}`,
        );
      const written = fh.write(piece);
      hash.update(piece);
      await written;
    }
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fs.rm(tmpPath, { force: true });
    throw err;
  }
  const synced = fh.sync().finally(() => fh.close());
  // Observed by placeStaged or discardStaged; never an unhandled rejection in between.
  synced.catch(() => undefined);
  return { sha256: hash.digest('hex'), bytes, tmpPath, synced };
}

/** Gives a staged file its content address (a no-op when equal content is already stored). */
export async function placeStaged(staged: StagedBlob, ext: string): Promise<StoredBlob> {
  await staged.synced;
  const relPath = blobRelPath(staged.sha256, ext);
  await place(staged.tmpPath, relPath, staged.bytes);
  return { sha256: staged.sha256, bytes: staged.bytes, relPath };
}

export async function discardStaged(staged: StagedBlob): Promise<void> {
  await staged.synced.catch(() => undefined);
  await fs.rm(staged.tmpPath, { force: true });
}

/** The absolute path of a stored blob, or a 404 naming `what` when its file is missing. */
export async function existingBlob(relPath: string, what: string): Promise<string> {
  const abs = blobAbsPath(relPath);
  if (
    !(await fs.stat(abs).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    throw notFound(what);
  return abs;
}

/** Callers check first that no row refers to the blob any more. */
export const removeBlob = (relPath: string) => fs.rm(blobAbsPath(relPath), { force: true });

/** Images drawn from a stored file (PDF pages, previews) live under uploads/derived/, by its content address. */
export const derivedRelDir = (sha256: string) => path.join('derived', sha256.slice(0, 2), sha256);
export const removeDerived = (sha256: string) =>
  fs.rm(blobAbsPath(derivedRelDir(sha256)), { recursive: true, force: true });

export const formatMb = (bytes: number) => `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
