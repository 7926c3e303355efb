import { randomBytes } from 'node:crypto';
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

/** For tests: steps of another process replayed at the moment a race would let them in. */
export type LockTestHooks = {
  /** Called after a dead holder was read and before anything is removed. */
  onStaleHolder?: (holder: number) => void;
};

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

/** How long to wait for another process's takeover of a stale lock before giving up. */
const TAKEOVER_WAIT_MS = 5_000;
const POLL_MS = 10;

/**
 * PGlite corrupts a data directory silently when two processes open it, so one live process holds
 * `db.lock` (its pid). A dead holder's lock, and the `postmaster.pid` PGlite leaves after kill -9,
 * are cleared before we take it, by one process at a time (`db.lock.takeover`): two processes
 * that both read the same dead pid would otherwise each remove the lock, the second one the lock
 * the first had just made.
 */
export function acquireDataDirLock(
  lockFile: string,
  pgDataDir: string,
  hooks: LockTestHooks = {},
): DataDirLock {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const held = { release: () => removeIfOurs(lockFile) };
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  for (;;) {
    if (createWithPid(lockFile)) return held;
    const holder = holderOf(lockFile);
    if (holder === undefined) continue;
    if (holder === process.pid) return held;
    if (isAlive(holder)) throw lockedBy(holder);
    hooks.onStaleHolder?.(holder);
    if (takeOver(lockFile, pgDataDir)) continue;
    if (Date.now() > deadline)
      throw new DataDirLockedError(
        `could not take the database lock ${lockFile}: another process has been clearing its stale holder for ${TAKEOVER_WAIT_MS / 1000} s`,
        null,
      );
    sleep(POLL_MS);
  }
}

const lockedBy = (holder: number) =>
  new DataDirLockedError(
    `the embedded database is in use by process ${holder}; stop it first (or use a PostgreSQL server via DATABASE_URL)`,
    holder,
  );

/**
 * Under the takeover file, removes the lock if its holder is (still) dead. False when another
 * process is taking over; true when the caller should try to create the lock again.
 */
function takeOver(lockFile: string, pgDataDir: string): boolean {
  const takeover = `${lockFile}.takeover`;
  if (!createWithPid(takeover)) {
    clearIfDead(takeover);
    return false;
  }
  try {
    // Read again: since our first read, a takeover may have finished and a live process hold it.
    const holder = holderOf(lockFile);
    if (holder !== undefined && !isAlive(holder)) {
      // postmaster.pid first: once db.lock is gone, the next holder may start PGlite and write its own.
      fs.rmSync(path.join(pgDataDir, 'postmaster.pid'), { force: true });
      fs.rmSync(lockFile, { force: true });
    }
  } finally {
    removeIfOurs(takeover);
  }
  return true;
}

/**
 * Clears a takeover file whose process died during its takeover. It is first renamed away, so of
 * two processes clearing the same file only one removes it; a live takeover that replaced it
 * meanwhile is put back (unless a third process has already made a new one).
 */
function clearIfDead(file: string): void {
  const holder = holderOf(file);
  if (holder === undefined || isAlive(holder)) return;
  const claimed = uniqueSibling(file, 'stale');
  try {
    fs.renameSync(file, claimed);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const taken = holderOf(claimed);
  if (taken !== undefined && isAlive(taken)) linkIfAbsent(claimed, file);
  fs.rmSync(claimed, { force: true });
}

/** Creates `file` holding our pid, whole or not at all: a reader never sees it empty. */
function createWithPid(file: string): boolean {
  const temp = uniqueSibling(file, 'new');
  try {
    fs.writeFileSync(temp, `${process.pid}\n`, { mode: 0o600 });
    return linkIfAbsent(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function linkIfAbsent(existing: string, name: string): boolean {
  try {
    fs.linkSync(existing, name);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

const uniqueSibling = (file: string, what: string) =>
  `${file}.${process.pid}.${randomBytes(4).toString('hex')}.${what}`;

/** The pid a lock file names (NaN when it names none), or undefined when there is no such file. */
function holderOf(file: string): number | undefined {
  try {
    return Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function removeIfOurs(file: string): void {
  if (holderOf(file) === process.pid) fs.rmSync(file, { force: true });
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
