import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh data root (uploads/, caches) for this test file, made the process's before anything reads it. */
export function tempDataDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `atelier-${prefix}-`));
  process.env.ATELIER_DATA_DIR = dir;
  return dir;
}
