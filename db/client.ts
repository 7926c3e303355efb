import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { acquireDataDirLock } from './lock';
import { applyMigrations } from './migrate';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Set for a PostgreSQL server: for work that needs one connection (session advisory locks). */
  pool?: pg.Pool;
  close(): Promise<void>;
};

export type OpenOptions = { stateDir: string; databaseUrl?: string; migrate?: boolean };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = opts.databaseUrl
    ? openPostgres(opts.databaseUrl)
    : await openPgliteDir(opts.stateDir);
  if (opts.migrate !== false) {
    try {
      await applyMigrations(database);
    } catch (err) {
      await database.close();
      throw err;
    }
  }
  return database;
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => console.error('[atelier] postgres pool error:', err.message));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, kind: 'postgres', pool, close: () => pool.end() };
}

async function openPgliteDir(stateDir: string): Promise<Database> {
  const dataDir = path.join(stateDir, 'db');
  const lock = acquireDataDirLock(path.join(stateDir, 'db.lock'), dataDir);
  try {
    const client = await PGlite.create(dataDir);
    return wrapPglite(client, async () => {
      await client.close();
      lock.release();
    });
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** For tests and tools that already hold a PGlite instance (e.g. one cloned from a template). */
export function wrapPglite(
  client: PGlite,
  close: () => Promise<void> = () => client.close(),
): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', close };
}
