// Packages an import must refuse before writing anything, made from a good package's entries by
// byte surgery on the finished zip where no zip writer would make them.
import { zipBuffer } from '@/lib/export/zip-write';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/**
 * Calls `patch` with the zip and the offset of `name`'s central directory record (the record the
 * reader trusts: sizes at +20/+24, external attributes at +38), and returns the zip.
 */
function withCentralRecord(
  zip: Buffer,
  name: string,
  patch: (zip: Buffer, at: number) => void,
): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || zip.readUInt32LE(end) !== EOCD) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`no central record at ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const recordLength = 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      patch(zip, at);
      return zip;
    }
    at += recordLength;
  }
  throw new Error(`no entry ${name}`);
}

/** Zips that must be refused before anything is written: name, bytes, what the refusal says. */
export async function hostilePackages(
  good: Map<string, Buffer>,
): Promise<Array<[string, Buffer, RegExp]>> {
  const entries = [...good].map(([name, data]) => ({
    name,
    data,
    compress: !name.endsWith('.png'),
  }));
  const plus = (name: string, data: Buffer) =>
    zipBuffer([...entries, { name, data, compress: true }]);
  const rename = async (from: string, to: string) =>
    Buffer.from(
      (await plus(from, Buffer.from('x'))).toString('latin1').split(from).join(to),
      'latin1',
    );
  const tampered = entries.map((e) =>
    e.name === 'transcript.json'
      ? { ...e, data: Buffer.from(e.data.toString().replace('a red circle', 'a red square')) }
      : e,
  );
  return [
    [
      'zip-slip',
      await rename('zz/evil-slip', '../evil-slip'),
      /invalid relative path: \.\.\/evil-slip|zip-slip/,
    ],
    ['an absolute path', await rename('zetc/passwd', '/etc/passwd'), /absolute path/],
    [
      'a symbolic link',
      withCentralRecord(await plus('link', Buffer.from('/etc/passwd')), 'link', (b, at) =>
        b.writeUInt32LE((0o120777 << 16) >>> 0, at + 38),
      ),
      /"link" is a link or special file/,
    ],
    [
      'an entry over the size limit',
      withCentralRecord(await plus('huge.bin', Buffer.from('x')), 'huge.bin', (b, at) =>
        b.writeUInt32LE(300 * 1024 * 1024, at + 24),
      ),
      /"huge\.bin" is 314572800 bytes, over the 268435456-byte limit/,
    ],
    [
      'a compression bomb',
      await plus('bomb.bin', Buffer.alloc(64 * 1024 * 1024)),
      /"bomb\.bin" inflates \d+× \(a compression bomb\)/,
    ],
    [
      'a tampered package',
      await zipBuffer(tampered),
      /does not verify: transcript\.json: sha256 does not match SHA256SUMS \(changed\)/,
    ],
    ['a file that is not a zip', Buffer.from('PK not really'), /not a readable zip file/],
  ];
}
