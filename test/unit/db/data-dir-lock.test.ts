import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { acquireDataDirLock } from '@/db/lock';

const made: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function dataDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-lock-race-'));
  made.push(d);
  return { lock: path.join(d, 'db.lock'), pg: path.join(d, 'db'), dir: d };
}

/** A live process that is not us: the other contender in a race. */
function liveOtherProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
    stdio: 'ignore',
  });
  children.push(child);
  return child.pid!;
}

const DEAD = 99_999_999;
const holder = (file: string) => fs.readFileSync(file, 'utf8').trim();

describe('the data-dir lock under races', () => {
  it('the lock file never exists without its pid (a reader would take an empty one for dead)', () => {
    const { lock, pg } = dataDir();
    const seen: string[] = [];
    // Each write is a moment another process could read the lock file: record what it would see.
    const look = () => {
      if (fs.existsSync(lock)) seen.push(fs.readFileSync(lock, 'utf8'));
    };
    const writeSync = fs.writeSync;
    const writeFileSync = fs.writeFileSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((...a: Parameters<typeof writeSync>) => {
      look();
      return writeSync(...a);
    }) as typeof writeSync);
    vi.spyOn(fs, 'writeFileSync').mockImplementation(((...a: Parameters<typeof writeFileSync>) => {
      look();
      return writeFileSync(...a);
    }) as typeof writeFileSync);
    const held = acquireDataDirLock(lock, pg);
    vi.restoreAllMocks();
    expect(seen.filter((s) => s.trim() === '')).toEqual([]);
    expect(holder(lock)).toBe(String(process.pid));
    held.release();
  });

  it('a stale lock another process took over meanwhile is not removed: one holder', () => {
    const { lock, pg } = dataDir();
    const other = liveOtherProcess();
    fs.writeFileSync(lock, `${DEAD}\n`);
    let calls = 0;
    // The other process read the same dead pid first, removed the lock and made its own.
    const takenOverMeanwhile = () => {
      calls++;
      fs.rmSync(lock, { force: true });
      fs.writeFileSync(lock, `${other}\n`);
    };
    expect(() => acquireDataDirLock(lock, pg, { onStaleHolder: takenOverMeanwhile })).toThrow(
      new RegExp(`in use by process ${other}\\b`),
    );
    expect(calls).toBe(1);
    expect(holder(lock)).toBe(String(other));
  });

  it("a takeover by a process that died mid-way is cleared, and PGlite's stale pid with it", () => {
    const { lock, pg, dir } = dataDir();
    fs.mkdirSync(pg);
    fs.writeFileSync(path.join(pg, 'postmaster.pid'), `${DEAD}\n`);
    fs.writeFileSync(lock, `${DEAD}\n`);
    fs.writeFileSync(`${lock}.takeover`, `${DEAD - 1}\n`);
    const held = acquireDataDirLock(lock, pg);
    expect(holder(lock)).toBe(String(process.pid));
    expect(fs.existsSync(path.join(pg, 'postmaster.pid'))).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['db', 'db.lock']);
    held.release();
    expect(fs.readdirSync(dir)).toEqual(['db']);
  });

  it('while a live process is taking over, we wait for it and then name it', () => {
    const { lock, pg } = dataDir();
    const other = liveOtherProcess();
    fs.writeFileSync(lock, `${DEAD}\n`);
    fs.writeFileSync(`${lock}.takeover`, `${other}\n`);
    let polls = 0;
    // The other process holds the takeover and finishes it a little later.
    const sleepingTakeover = () => {
      if (++polls < 3) return;
      fs.rmSync(lock, { force: true });
      fs.writeFileSync(lock, `${other}\n`);
      fs.rmSync(`${lock}.takeover`, { force: true });
    };
    expect(() => acquireDataDirLock(lock, pg, { onStaleHolder: sleepingTakeover })).toThrow(
      new RegExp(`in use by process ${other}\\b`),
    );
    expect(holder(lock)).toBe(String(other));
  });
});

describe('the data-dir lock across processes', () => {
  it('four processes started together on a stale lock: one holds it, the others name it', async () => {
    const { lock, pg } = dataDir();
    fs.writeFileSync(lock, `${DEAD}\n`);
    const startAt = String(Date.now() + 3000);
    const outputs = await Promise.all(
      [0, 1, 2, 3].map(
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(
              process.execPath,
              ['--import', 'tsx', 'test/fixtures/contend-lock.ts', lock, pg, startAt],
              { stdio: ['ignore', 'pipe', 'inherit'] },
            );
            children.push(child);
            let out = '';
            // The holder keeps running (afterAll kills it): its first line is its answer.
            child.stdout.on('data', (d) => {
              out += d;
              if (out.includes('\n')) resolve(out.trim());
            });
            child.on('close', () => resolve(out.trim()));
          }),
      ),
    );
    const held = outputs.filter((o) => o.startsWith('held '));
    expect(held).toHaveLength(1);
    const winner = held[0].split(' ')[1];
    expect(outputs.filter((o) => o === `locked ${winner}`)).toHaveLength(3);
  }, 30_000);
});
