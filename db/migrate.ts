import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './client';

// Commands run from the repository folder (npm scripts), where the committed migrations live.
export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'db', 'migrations');

/** Applies committed migrations; on a server, a session advisory lock serialises concurrent starters. */
export async function applyMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (!database.pool) {
    await migratePglite(database.db as never, config);
    return;
  }
  const client = await database.pool.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtext('atelier.migrate'))`);
    await migratePg(drizzle(client) as never, config);
  } finally {
    await client
      .query(`select pg_advisory_unlock(hashtext('atelier.migrate'))`)
      .catch(() => undefined);
    client.release();
  }
}
