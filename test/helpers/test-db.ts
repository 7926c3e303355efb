import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase, wrapPglite } from '../../db/client';
import { stopJobs } from '../../lib/jobs/system';
import { useDatabase } from '../../lib/runtime/database';

/** A private, migrated database for one test file, also installed as the process database. */
export async function freshDatabase(): Promise<Database> {
  const target = inject('dbTarget');
  let database: Database;
  if (target.kind === 'pglite') {
    const client = await PGlite.create({
      loadDataDir: new Blob([fs.readFileSync(target.dumpPath)]),
    });
    database = wrapPglite(client);
  } else {
    const name = `${target.template}_${randomBytes(6).toString('hex')}`;
    await createFromTemplate(target.baseUrl, name, target.template);
    const url = new URL(target.baseUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ stateDir: '', databaseUrl: url.toString(), migrate: false });
  }
  useDatabase(database);
  // The process's job worker (and pg-boss, on a server) stops before its database closes.
  const close = database.close;
  database.close = async () => {
    await stopJobs();
    await close();
  };
  return database;
}

async function createFromTemplate(baseUrl: string, name: string, template: string) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        return;
      } catch (err) {
        // Two files cloning the template at once: PostgreSQL refuses the second; wait and retry.
        if (attempt > 40 || !/being accessed by other users/.test((err as Error).message))
          throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
}
