import type { ReferenceKind } from '../../db/schema/references';
import { AppError } from '../errors';
import { extensionOf } from './names';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Sniffed = {
  kind: ReferenceKind;
  mime: string;
  ext: string;
  encoding?: TextEncodingName;
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KIND_EXTENSIONS: Record<ReferenceKind, string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  csv: ['csv', 'tsv', 'txt'],
};
const KIND_WORDS: Record<ReferenceKind, string> = {
  pdf: 'a PDF document',
  png: 'a PNG image',
  csv: 'CSV text',
};

/** Formats we do not read, named so the refusal can say what the file is. */
const OTHER_FORMATS: Array<[RegExp | Buffer, string]> = [
  [Buffer.from([0xff, 0xd8, 0xff]), 'a JPEG image'],
  [/^GIF8[79]a/, 'a GIF image'],
  [Buffer.from('PK\x03\x04'), 'a ZIP archive (or an Office document)'],
  [Buffer.from([0x1f, 0x8b]), 'a gzip archive'],
  [Buffer.from('\x7fELF'), 'a program'],
  [Buffer.from('%!PS'), 'a PostScript file'],
  [Buffer.from('{\\rtf'), 'an RTF document'],
  [/^RIFF....WEBP/s, 'a WebP image'],
  [/^(II\*\0|MM\0\*)/, 'a TIFF image'],
  [/^\s*<(\?xml|!doctype|html|svg|script)\b/i, 'an HTML, SVG or XML document'],
];

function otherFormat(head: Buffer): string | undefined {
  const latin = head.toString('latin1', 0, Math.min(head.length, 256));
  for (const [sig, what] of OTHER_FORMATS) {
    if (Buffer.isBuffer(sig) ? head.subarray(0, sig.length).equals(sig) : sig.test(latin))
      return what;
  }
  return undefined;
}

// C0 controls other than tab, line feed, form feed and carriage return, and DEL: not in text.
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f]/;

/** Text encodings we read: BOMs first, then strict UTF-8, then Windows-1252; text has no control bytes. */
export function detectEncoding(head: Buffer): TextEncodingName | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (CONTROL.test(head.toString('latin1'))) return undefined;
  try {
    // `stream: true` lets a multi-byte character cut at the end of the head pass.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * The kind comes from the content (magic bytes, or text for CSV), never from the name; a name whose
 * extension says another kind is refused, since such a mismatch is either a mistake or a disguise.
 */
export function sniffKind(head: Buffer, name: string): Sniffed {
  if (head.length === 0) throw new AppError('bad_request', 'the file is empty');
  let sniffed: Sniffed;
  if (head.subarray(0, 5).toString('latin1') === '%PDF-')
    sniffed = { kind: 'pdf', mime: 'application/pdf', ext: '.pdf' };
  else if (head.subarray(0, 8).equals(PNG_SIGNATURE))
    sniffed = { kind: 'png', mime: 'image/png', ext: '.png' };
  else {
    const other = otherFormat(head);
    if (other)
      throw new AppError(
        'bad_request',
        `the file is ${other}; references must be PDF documents, CSV text or PNG images`,
      );
    const encoding = detectEncoding(head);
    if (!encoding)
      throw new AppError(
        'bad_request',
        'the file is binary data (it contains NUL or control bytes), not a PDF, a PNG or CSV text',
      );
    sniffed = { kind: 'csv', mime: 'text/csv', ext: '.csv', encoding };
  }
  const ext = extensionOf(name);
  if (ext && !KIND_EXTENSIONS[sniffed.kind].includes(ext)) {
    const claimed = (Object.keys(KIND_EXTENSIONS) as ReferenceKind[]).find((k) =>
      KIND_EXTENSIONS[k].includes(ext),
    );
    throw new AppError(
      'bad_request',
      claimed
        ? `the file is named .${ext} but its content is ${KIND_WORDS[sniffed.kind]}; rename it to .${KIND_EXTENSIONS[sniffed.kind][0]} if that is what it is`
        : `files named .${ext} are not accepted; references must be PDF documents, CSV text or PNG images`,
    );
  }
  return sniffed;
}
