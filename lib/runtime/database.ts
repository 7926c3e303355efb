import { type Database, openDatabase } from '../../db/client';
import { DataDirLockedError } from '../../db/lock';
import { readEnv } from '../config/env';
import { sweepInterrupted } from '../conversations/messages';
import { AppError } from '../errors';
import { readJobConfig } from '../jobs/config';
import { NO_DISPATCH } from '../jobs/local-dispatch';
import { recoverExpiredJobs } from '../jobs/outcome';
import { sweepUnfinishedGenerations } from '../jobs/sweep';
import { sweepStaleDrafts } from '../references/passage-drafts';
import { sweepUnfinishedSearchRuns } from '../search/store/sweep';

const KEY = Symbol.for('atelier.database');
type Holder = { [KEY]?: Promise<Database> };

/** Heartbeats of live turns are more frequent than this; only a server shared by processes needs it. */
const SERVER_STALE_MS = 60_000;
/** Longer than any parse, render or search may run; only a server shared by processes needs it. */
const SERVER_STALE_WORK_MS = 60 * 60_000;

/**
 * The process's one database, opened on first use: migrations applied, assistant messages left
 * `streaming` by a dead process marked `interrupted`, on PGlite its running jobs queued again (on a
 * server, workers do that when a lease expires), its other unfinished generations and search runs
 * marked failed, and passages of its unfinished ingests removed.
 * Held on globalThis so the server entry, the CLI and Next's route bundles share it.
 */
export function getDatabase(): Promise<Database> {
  const g = globalThis as Holder;
  g[KEY] ??= (async () => {
    const env = readEnv();
    const database = await openDatabase({
      stateDir: env.stateDir,
      databaseUrl: env.databaseUrl,
    }).catch((err) => {
      throw err instanceof DataDirLockedError ? new AppError('db_locked', err.message) : err;
    });
    const embedded = database.kind === 'pglite';
    await sweepInterrupted(database.db, embedded ? 0 : SERVER_STALE_MS);
    await sweepStaleDrafts(database.db, embedded ? 0 : SERVER_STALE_WORK_MS);
    if (embedded)
      await recoverExpiredJobs(database.db, NO_DISPATCH, readJobConfig(), { all: true });
    await sweepUnfinishedGenerations(database.db, embedded ? 0 : SERVER_STALE_WORK_MS);
    await sweepUnfinishedSearchRuns(database.db, embedded ? 0 : SERVER_STALE_WORK_MS);
    return database;
  })();
  g[KEY].catch(() => {
    delete g[KEY];
  });
  return g[KEY];
}

export async function getDb() {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const g = globalThis as Holder;
  const p = g[KEY];
  delete g[KEY];
  if (p) await (await p).close();
}

/** Tests and benchmarks hand the process a database they built (a PGlite clone, a server database). */
export function useDatabase(database: Database): void {
  (globalThis as Holder)[KEY] = Promise.resolve(database);
}
