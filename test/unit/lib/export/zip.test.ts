import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS, readZip } from '../../../../lib/export/zip-read';
import { writeZipAtomic, type ZipEntry, zipBuffer } from '../../../../lib/export/zip-write';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-zip-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const entries = (): ZipEntry[] => [
  { name: 'manifest.json', data: Buffer.from('{"a":1}\n'), compress: true },
  { name: 'artifacts/x.png', data: Buffer.alloc(300, 7), compress: false },
];

let n = 0;
const file = (bytes: Buffer) => {
  const f = path.join(dir, `z${n++}.zip`);
  fs.writeFileSync(f, bytes);
  return f;
};

/** A zip whose entry names are rewritten byte for byte (same length) after yazl wrote them. */
async function renamed(from: string, to: string, data = Buffer.from('x')): Promise<Buffer> {
  const zip = await zipBuffer([{ name: from, data, compress: true }]);
  return Buffer.from(zip.toString('latin1').split(from).join(to), 'latin1');
}

describe('package zips', () => {
  it('are byte-identical for equal entries, whatever the time zone', async () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const a = await zipBuffer(entries());
      process.env.TZ = 'Pacific/Kiritimati';
      const b = await zipBuffer(entries());
      expect(b.equals(a)).toBe(true);
      expect(a.toString('latin1')).not.toContain('UT\x05\x00'); // no extended timestamp field
    } finally {
      process.env.TZ = tz;
    }
  });

  it('read back entry by entry, in order', async () => {
    const out = path.join(dir, 'ok.zip');
    const w = await writeZipAtomic(entries(), out);
    expect(w.bytes).toBe(fs.statSync(out).size);
    const read = await readZip(out);
    expect([...read.keys()]).toEqual(['manifest.json', 'artifacts/x.png']);
    expect(read.get('artifacts/x.png')).toEqual(Buffer.alloc(300, 7));
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('an atomic write that fails leaves neither the file nor its temporary', async () => {
    const out = path.join(dir, 'missing-folder', 'p.zip');
    await expect(writeZipAtomic(entries(), out)).rejects.toThrow();
    expect(fs.existsSync(path.dirname(out))).toBe(false);
  });

  const refusals: Array<[string, () => Promise<Buffer>, RegExp]> = [
    ['zip-slip', () => renamed('xx/evil', '../evil'), /zip-slip|relative path/],
    ['an absolute path', () => renamed('xetc/passwd', '/etc/passwd'), /absolute path/],
    ['a drive letter', () => renamed('xxevil', 'C:evil'), /absolute path|characters/],
    ['a backslash', () => renamed('a_b', 'a\\b'), /characters/],
    [
      'a symbolic link',
      () =>
        zipBuffer([{ name: 'link', data: Buffer.from('/etc/passwd'), compress: false }]).then(
          (z) => {
            // external attributes (central directory, offset 38) set to S_IFLNK | 0777
            const cd = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
            z.writeUInt32LE((0o120777 << 16) >>> 0, cd + 38);
            return z;
          },
        ),
      /link or special file/,
    ],
    ['a directory entry', () => renamed('dir_', 'dir/'), /directory entry/],
    [
      'a compression bomb',
      () => zipBuffer([{ name: 'bomb.txt', data: Buffer.alloc(64 * 1024 * 1024), compress: true }]),
      /compression bomb/,
    ],
    [
      'an entry larger than declared',
      () =>
        zipBuffer([{ name: 'a.txt', data: Buffer.alloc(4096, 1), compress: true }]).then((z) => {
          // shrink the declared uncompressed size in both headers: inflating must stop at it
          const local = z.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
          const cd = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
          z.writeUInt32LE(16, cd + 24);
          if (z.readUInt32LE(local + 22) === 4096) z.writeUInt32LE(16, local + 22);
          return z;
        }),
      /too many bytes/,
    ],
    ['not a zip at all', async () => Buffer.from('hello, I am a PDF'), /not a readable zip/],
  ];

  for (const [what, make, message] of refusals)
    it(`refuse ${what} with a clear message`, async () => {
      await expect(readZip(file(await make()))).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringMatching(message),
      });
    });

  it('refuse an entry over the size limit and too many entries before inflating', async () => {
    const big = file(await zipBuffer(entries()));
    await expect(readZip(big, { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 100 })).rejects.toThrow(
      /over the 100-byte limit/,
    );
    await expect(readZip(big, { ...DEFAULT_ZIP_LIMITS, maxEntries: 1 })).rejects.toThrow(
      /2 entries, over the limit of 1/,
    );
    await expect(readZip(big, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 200 })).rejects.toThrow(
      /more than 200 bytes/,
    );
  });
});
