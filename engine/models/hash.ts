// sha256 of model files, cached by path, size and mtime (real UNets are gigabytes).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

interface Entry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** One digest for a set of files: sha256 over "path sha256" lines in path order. */
export function folderDigest(fileHashes: Iterable<[string, string]>): string {
  const lines = [...fileHashes]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([p, h]) => `${p} ${h}\n`);
  return sha256(new TextEncoder().encode(lines.join('')));
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class HashCache {
  private entries: Record<string, Entry> | undefined;
  private dirty = false;

  /** `file`: where the cache is kept between runs; in memory only when absent. */
  constructor(private readonly file?: string) {}

  private async load(): Promise<Record<string, Entry>> {
    if (this.entries) return this.entries;
    this.entries = {};
    if (this.file) {
      try {
        const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
        if (parsed && typeof parsed === 'object') this.entries = parsed as Record<string, Entry>;
      } catch {
        // a missing or unreadable cache is rebuilt
      }
    }
    return this.entries;
  }

  async hash(abs: string): Promise<string> {
    const entries = await this.load();
    const s = await stat(abs);
    const known = entries[abs];
    if (known && known.size === s.size && known.mtimeMs === s.mtimeMs) return known.sha256;
    const sha256 = await sha256File(abs);
    entries[abs] = { size: s.size, mtimeMs: s.mtimeMs, sha256 };
    this.dirty = true;
    return sha256;
  }

  /** Hashes of many files, keyed as given, in key order. */
  async hashAll(files: Map<string, string>): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const rel of [...files.keys()].sort()) out[rel] = await this.hash(files.get(rel)!);
    await this.save();
    return out;
  }

  async save(): Promise<void> {
    if (!this.file || !this.dirty || !this.entries) return;
    await mkdir(path.dirname(this.file), { recursive: true });
    // Unique per write: registries in several threads of one process save the same cache.
    const tmp = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(this.entries));
    await rename(tmp, this.file);
    this.dirty = false;
  }
}
