import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs a TypeScript entry the way `npm run -s atelier` does (one node process), with its own data root. */
export function start(
  entry: string,
  args: string[],
  env: Record<string, string>,
): ChildProcess & { out: () => string; err: () => string } {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return Object.assign(child, { out: () => out, err: () => err });
}

export function run(
  entry: string,
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  const child = start(entry, args, env);
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: child.out(), stderr: child.err() })),
  );
}

export const atelier = (args: string[], env: Record<string, string>) =>
  run('lib/cli/main.ts', args, env);

export async function waitFor(
  check: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
