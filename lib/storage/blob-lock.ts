import type { DbOrTx } from '../../db/client';
import { xactLock } from '../../db/xact-lock';

/**
 * Inside a transaction, until it ends: one writer at a time for a content address. Placing a blob
 * with the row that names it, and checking that no row names it before removing it, both take this
 * lock, so a removal never unlinks bytes a commit running beside it has just come to rely on. (On
 * embedded PGlite transactions already run one at a time; the lock is what holds on a server.)
 */
export async function lockBlob(tx: DbOrTx, sha256: string): Promise<void> {
  await xactLock(tx, `atelier-blob:${sha256}`);
}
