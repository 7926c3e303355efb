// `GET /api/conversations/:id/export`: the package is written to a file of its own under the data
// root's cache, opened, and its name removed at once; the response reads the open file, so nothing
// stays on disk however the download ends. What a killed process left is swept by age.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Db } from '../../db/client';
import { loadSigningKey } from '../audit/signing-key';
import { readEnv } from '../config/env';
import { exportEntries } from '../export/export';
import type { Manifest } from '../export/manifest';
import { writeZipAtomic } from '../export/zip-write';
import { slug } from '../util/slug';
import type { Principal } from '../workspaces/access';

/** Older than this, a file in the exports folder belongs to a process that died mid-download. */
const STALE_MS = 60 * 60 * 1000;

export const exportsDir = () => path.join(readEnv().stateDir, 'cache', 'exports');

export type PackageDownload = {
  body: ReadableStream<Uint8Array>;
  bytes: number;
  sha256: string;
  filename: string;
};

async function sweepStale(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await fs.readdir(dir).catch(() => [])) {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat?.isFile() && now - stat.mtimeMs > STALE_MS) await fs.rm(file, { force: true });
  }
}

/** `atelier-<title slug>-<export date>.zip`: ASCII only, so every browser keeps the name. */
export function packageFilename(m: Pick<Manifest, 'conversation' | 'exportedAt'>): string {
  return `atelier-${slug(m.conversation.title) || 'conversation'}-${m.exportedAt.slice(0, 10)}.zip`;
}

export async function downloadPackage(
  db: Db,
  who: Principal,
  conversationId: string,
  opts: { includeReferences: boolean; approvedOnly?: boolean },
): Promise<PackageDownload> {
  const env = readEnv();
  const dir = exportsDir();
  await fs.mkdir(dir, { recursive: true });
  await sweepStale(dir);
  const { entries, manifest } = await exportEntries(db, who, conversationId, {
    includeReferences: opts.includeReferences,
    approvedOnly: opts.approvedOnly,
    key: loadSigningKey(env.stateDir),
  });
  const file = path.join(dir, `${randomBytes(12).toString('hex')}.zip`);
  const written = await writeZipAtomic(entries, file);
  const handle = await fs.open(file, 'r').finally(() => fs.rm(file, { force: true }));
  return {
    body: Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>,
    bytes: written.bytes,
    sha256: written.sha256,
    filename: packageFilename(manifest),
  };
}
