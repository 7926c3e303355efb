import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../errors';

export type ZipLimits = {
  maxEntries: number;
  /** Uncompressed bytes of one entry, and of all together. */
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Uncompressed/compressed above this (for entries over 1 MiB) reads as a compression bomb. */
  maxRatio: number;
};

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
};

const NAME = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

const refuse = (message: string) => new AppError('bad_request', `package refused: ${message}`);

/** Why an entry may not be read, before a byte of it is inflated; null when it may. */
function entryProblem(e: Entry, limits: ZipLimits): string | null {
  const name = e.fileName;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return `absolute path "${name}"`;
  if (name.split('/').includes('..')) return `path "${name}" leaves the package (zip-slip)`;
  if (name.endsWith('/')) return `directory entry "${name}" (packages hold files only)`;
  if (!NAME.test(name)) return `file name "${name}" has characters a package never uses`;
  const mode = (e.externalFileAttributes >>> 16) & S_IFMT;
  // Made on Unix (version made by, high byte 3) with a file type: it must be a regular file.
  if (e.versionMadeBy >> 8 === 3 && mode !== 0 && mode !== S_IFREG)
    return `"${name}" is a link or special file, not a regular file`;
  if (e.isEncrypted()) return `"${name}" is encrypted`;
  if (e.uncompressedSize > limits.maxEntryBytes)
    return `"${name}" is ${e.uncompressedSize} bytes, over the ${limits.maxEntryBytes}-byte limit`;
  if (
    e.uncompressedSize > 1024 * 1024 &&
    e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio
  )
    return `"${name}" inflates ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}× (a compression bomb)`;
  return null;
}

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    ),
  );
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    }),
  );
}

/**
 * Reads every entry of a package into memory, in archive order, after checking each against the
 * limits and the name rules: a refusal (AppError bad_request) comes before anything is inflated
 * past a limit, and nothing is written anywhere.
 */
export async function readZip(
  file: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<Map<string, Buffer>> {
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    throw refuse(`not a readable zip file (${(err as Error).message})`);
  }
  const out = new Map<string, Buffer>();
  let total = 0;
  try {
    if (zip.entryCount > limits.maxEntries)
      throw refuse(`${zip.entryCount} entries, over the limit of ${limits.maxEntries}`);
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(err instanceof AppError ? err : refuse(err.message)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        const problem = entryProblem(entry, limits);
        if (problem) return reject(refuse(problem));
        if (out.has(entry.fileName)) return reject(refuse(`"${entry.fileName}" appears twice`));
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes)
          return reject(refuse(`more than ${limits.maxTotalBytes} bytes once unpacked`));
        readEntry(zip, entry).then(
          (data) => {
            out.set(entry.fileName, data);
            zip.readEntry();
          },
          (err: Error) => reject(refuse(`"${entry.fileName}": ${err.message}`)),
        );
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return out;
}
