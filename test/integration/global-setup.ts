import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, wrapPglite } from '../../db/client';
import { applyMigrations } from '../../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    dbTarget:
      | { kind: 'pglite'; dumpPath: string }
      | { kind: 'postgres'; baseUrl: string; template: string };
  }
}

/**
 * One migrated database is built per run and cloned for every test file: a PGlite data-dir dump
 * (a new PGlite data dir costs ~9 s, loading a dump ~1 s) or a PostgreSQL template database.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.ATELIER_TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `atelier_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    const tpl = await openDatabase({ stateDir: '', databaseUrl: url.toString() });
    await tpl.close();
    project.provide('dbTarget', { kind: 'postgres', baseUrl: serverUrl, template });
    return async () => {
      // Only this run's: other runs on the same server (another checkout, a second terminal)
      // clone their own template, and dropping theirs fails their files mid-run.
      const { rows } = await admin.query(
        'select datname from pg_database where datname = $1 or starts_with(datname, $2)',
        [template, `${template}_`],
      );
      for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.end();
    };
  }
  const client = await PGlite.create();
  const database = wrapPglite(client);
  await applyMigrations(database);
  const dump = await client.dumpDataDir('none');
  const dumpPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-tpl-')), 'pglite.tar');
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  project.provide('dbTarget', { kind: 'pglite', dumpPath });
  return () => fs.rmSync(path.dirname(dumpPath), { recursive: true, force: true });
}
