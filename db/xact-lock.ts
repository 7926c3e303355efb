import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client';

/**
 * Until the transaction ends, one holder at a time of the lock named `key` (a PostgreSQL advisory
 * lock; on embedded PGlite, transactions already run one at a time).
 */
export async function xactLock(tx: DbOrTx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
