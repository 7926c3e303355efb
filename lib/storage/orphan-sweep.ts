import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { artifacts, references } from '../../db/schema';
import { removeIfUnreferenced } from '../references/store';
import { blobAbsPath, derivedRelDir } from './blobs';

/**
 * Files younger than this are left alone: their rows may not have committed yet. Writers place a
 * blob and commit its row under the blob's lock, which the removal takes too, so this is a margin
 * for writes that do not, not what makes the sweep safe.
 */
export const ORPHAN_GRACE_MS = 60 * 60_000;

const SHARD = /^[0-9a-f]{2}$/;
const BLOB = /^([0-9a-f]{64})(\.[a-z0-9]+)?$/;
const SHA = /^[0-9a-f]{64}$/;

type Found = { sha256: string; relPath: string };

const list = (rel: string): Promise<Dirent[]> =>
  fs.readdir(blobAbsPath(rel), { withFileTypes: true }).catch(() => []);

const olderThan = (rel: string, cutoff: number) =>
  fs.stat(blobAbsPath(rel)).then(
    (s) => s.mtimeMs < cutoff,
    () => false,
  );

/**
 * `<shard>/<sha256><ext>` files and `derived/<shard>/<sha256>/` folders (whose time is that of the
 * latest image added) last changed before `cutoff`. Other names, `.staging` among them, are not ours.
 */
async function findOld(cutoff: number): Promise<{ files: Found[]; derived: Found[] }> {
  const files: Found[] = [];
  const derived: Found[] = [];
  for (const shard of await list('')) {
    if (!shard.isDirectory() || !SHARD.test(shard.name)) continue;
    for (const f of await list(shard.name)) {
      const m = BLOB.exec(f.name);
      const rel = path.join(shard.name, f.name);
      if (f.isFile() && m && m[1].startsWith(shard.name) && (await olderThan(rel, cutoff)))
        files.push({ sha256: m[1], relPath: rel });
    }
  }
  for (const shard of await list('derived')) {
    if (!shard.isDirectory() || !SHARD.test(shard.name)) continue;
    for (const d of await list(path.join('derived', shard.name))) {
      const rel = derivedRelDir(d.name);
      if (d.isDirectory() && SHA.test(d.name) && (await olderThan(rel, cutoff)))
        derived.push({ sha256: d.name, relPath: rel });
    }
  }
  return { files, derived };
}

/** Which of `shas` references name, and which artifacts do, asked 500 at a time. */
async function named(db: Db, shas: string[]) {
  const byReference = new Set<string>();
  const byArtifact = new Set<string>();
  for (let i = 0; i < shas.length; i += 500) {
    const part = shas.slice(i, i + 500);
    const [refs, arts] = await Promise.all([
      db
        .selectDistinct({ sha256: references.sha256 })
        .from(references)
        .where(inArray(references.sha256, part)),
      db
        .selectDistinct({ sha256: artifacts.sha256 })
        .from(artifacts)
        .where(inArray(artifacts.sha256, part)),
    ]);
    for (const r of refs) byReference.add(r.sha256);
    for (const a of arts) byArtifact.add(a.sha256);
  }
  return { byReference, byArtifact };
}

/**
 * At start-up: removes stored files that no row names and images drawn from files no reference
 * names, older than `graceMs`: bytes a process wrote before a commit that never came, or left after
 * committing a delete. Each is checked again under its blob's lock before it goes.
 */
export async function sweepOrphanBlobs(
  db: Db,
  graceMs = ORPHAN_GRACE_MS,
): Promise<{ files: number; derived: number }> {
  const { files, derived } = await findOld(Date.now() - graceMs);
  const { byReference, byArtifact } = await named(db, [
    ...new Set([...files, ...derived].map((f) => f.sha256)),
  ]);
  const removed = { files: 0, derived: 0 };
  // Drawn images are a reference's; the file may still be an artifact's.
  for (const d of derived)
    if (!byReference.has(d.sha256) && (await removeIfUnreferenced(db, d.sha256, null)))
      removed.derived++;
  for (const f of files)
    if (
      !byReference.has(f.sha256) &&
      !byArtifact.has(f.sha256) &&
      (await removeIfUnreferenced(db, f.sha256, f.relPath))
    )
      removed.files++;
  return removed;
}
