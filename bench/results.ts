import fs from 'node:fs';
import path from 'node:path';

/** Writes `bench/results/<name>.json` and prints it. */
export function writeResult(name: string, result: unknown): void {
  const text = JSON.stringify(result, null, 2);
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), `${text}\n`);
  process.stdout.write(`${text}\n`);
}

/** Runs a benchmark's main, reporting a failure on one line and exiting 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
