import fs from 'node:fs';
import path from 'node:path';

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type DataDirLock = { release(): void };

/** The embedded database is held by another live process (`holder`), or the lock could not be taken. */
export class DataDirLockedError extends Error {
  constructor(
    message: string,
    readonly holder: number | null,
  ) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}

/**
 * PGlite corrupts a data directory silently when two processes open it, so one live process holds
 * `db.lock` (its pid). A dead holder's lock, and the `postmaster.pid` PGlite leaves after kill -9,
 * are cleared before we take it.
 */
export function acquireDataDirLock(lockFile: string, pgDataDir: string): DataDirLock {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx', 0o600);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return { release: () => releaseIfOurs(lockFile) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(readOrEmpty(lockFile).trim(), 10);
    if (holder === process.pid) return { release: () => releaseIfOurs(lockFile) };
    if (isAlive(holder)) {
      throw new DataDirLockedError(
        `the embedded database is in use by process ${holder}; stop it first (or use a PostgreSQL server via DATABASE_URL)`,
        holder,
      );
    }
    fs.rmSync(lockFile, { force: true });
    fs.rmSync(path.join(pgDataDir, 'postmaster.pid'), { force: true });
  }
  throw new DataDirLockedError(`could not take the database lock ${lockFile}`, null);
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function releaseIfOurs(lockFile: string): void {
  if (Number.parseInt(readOrEmpty(lockFile).trim(), 10) === process.pid)
    fs.rmSync(lockFile, { force: true });
}
