// Writes a small generated folder (the built-in model, a converted upscaler) atomically: staged beside
// `dir`, then renamed into place. Writers in other threads or processes may race; a complete
// identical copy already in place is kept, and only a differing folder is swapped out.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Whether `dir` holds exactly `files` (the same bytes). */
export async function holdsFiles(dir: string, files: Map<string, Uint8Array>): Promise<boolean> {
  for (const [rel, bytes] of files) {
    const onDisk = await readFile(path.join(dir, rel)).catch(() => null);
    if (!onDisk || !Buffer.from(bytes).equals(onDisk)) return false;
  }
  return true;
}

const isTaken = (err: unknown) =>
  ['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '');

export async function writeFolderAtomic(
  dir: string,
  files: Map<string, Uint8Array>,
): Promise<void> {
  const unique = () => `${process.pid}-${randomBytes(6).toString('hex')}`;
  const staging = `${dir}.tmp-${unique()}`;
  await mkdir(path.dirname(dir), { recursive: true });
  for (const [rel, bytes] of files) {
    await mkdir(path.dirname(path.join(staging, rel)), { recursive: true });
    await writeFile(path.join(staging, rel), bytes);
  }
  try {
    await rename(staging, dir);
    return;
  } catch (err) {
    if (!isTaken(err)) throw err;
  }
  if (await holdsFiles(dir, files)) return rm(staging, { recursive: true, force: true });
  const old = `${dir}.old-${unique()}`;
  await rename(dir, old).catch(() => undefined);
  try {
    await rename(staging, dir);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    if (!isTaken(err)) throw err;
  }
  await rm(old, { recursive: true, force: true });
}
