import { stat } from 'node:fs/promises';

/** Size and mtime of every file, one string; empty when one is gone. Equal stamps: unchanged files, for caches keyed on them. */
export async function fileStamps(files: Iterable<string>): Promise<string> {
  try {
    const all = await Promise.all([...files].map((f) => stat(f)));
    return all.map((s) => `${s.size}:${s.mtimeMs}`).join('|');
  } catch {
    return '';
  }
}
