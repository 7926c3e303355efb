// The production server the load benchmark drives: `atelier serve` on a free loopback port with a
// fresh data root under the system temp folder, started the way an operator starts it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildDir } from '../lib/runtime/build-dir';
import { addCompileHints } from '../scripts/compile-hints';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRY = ['--import', 'tsx', 'lib/cli/main.ts', 'serve'];
export const SERVE_COMMAND = `node ${ENTRY.join(' ')}`;

export type Server = {
  base: string;
  pid: number;
  dataDir: string;
  /** Lines the server logged as internal failures (`[atelier] context: …`). */
  internalErrors(): string[];
  log(): string;
  stop(): Promise<void>;
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/**
 * Uses the production build there is (in NEXT_DIST_DIR, else .next), with its compile hints, as
 * `npm run build` leaves it; builds one only when there is none.
 */
export function ensureBuild(): 'existing' | 'built' {
  const dist = buildDir();
  if (fs.existsSync(path.join(ROOT, dist, 'BUILD_ID'))) {
    addCompileHints(path.join(ROOT, dist));
    return 'existing';
  }
  process.stderr.write('bench:load: no production build, running `npm run build` (minutes)\n');
  const r = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error('npm run build failed');
  return 'built';
}

const closed = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => child.once('close', () => r()));

export async function startServer(env: Record<string, string>, timeoutMs = 120_000) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-load-'));
  const port = await freePort();
  // PGlite in the fresh data root: a DATABASE_URL from the caller's shell is not ours to load.
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, ENTRY, {
    cwd: ROOT,
    env: {
      ...base,
      ...env,
      NODE_ENV: 'production',
      ATELIER_DATA_DIR: dataDir,
      ATELIER_HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const until = Date.now() + timeoutMs;
  while (!log.includes('atelier: serving')) {
    if (child.exitCode !== null) throw new Error(`the server did not start:\n${log}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const server: Server = {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    dataDir,
    internalErrors: () => log.split('\n').filter((l) => l.startsWith('[atelier] ')),
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await closed(child);
      clearTimeout(killer);
      if (process.env.BENCH_KEEP_DATA !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
