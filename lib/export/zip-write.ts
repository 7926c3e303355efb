import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

export type ZipEntry = { name: string; data: Buffer; compress: boolean };

// DOS time in local time fields, so 1980-01-01 00:00 reads the same in every time zone; the
// extended (UTC) timestamp field is left out for the same reason.
const FIXED_TIME = () => new Date(1980, 0, 1, 0, 0, 0);

function zipStream(entries: ZipEntry[]): NodeJS.ReadableStream {
  const zip = new ZipFile();
  for (const e of entries)
    zip.addBuffer(e.data, e.name, {
      mtime: FIXED_TIME(),
      mode: 0o100644,
      compressionLevel: e.compress ? 6 : 0,
      forceDosTimestamp: true,
    });
  zip.end();
  return zip.outputStream;
}

/** The zip's bytes in memory (tests and the HTTP download of small packages). */
export async function zipBuffer(entries: ZipEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of zipStream(entries) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Writes the zip beside `outFile` under a hidden temporary name, fsyncs it and renames it into
 * place: a killed export leaves no file under the name a user would open.
 */
export async function writeZipAtomic(
  entries: ZipEntry[],
  outFile: string,
): Promise<{ sha256: string; bytes: number }> {
  const dir = path.dirname(outFile);
  const tmp = path.join(
    dir,
    `.${path.basename(outFile)}.${randomBytes(6).toString('hex')}${PARTIAL_SUFFIX}`,
  );
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(
      zipStream(entries),
      async function* (source: AsyncIterable<Buffer | string>) {
        for await (const piece of source) {
          const chunk = Buffer.from(piece);
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(tmp, { flags: 'wx', mode: 0o644 }),
    );
    const fh = await fs.open(tmp, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, outFile);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export const PARTIAL_SUFFIX = '.partial';
