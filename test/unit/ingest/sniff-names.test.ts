import { describe, expect, it } from 'vitest';
import { contentDisposition, sanitizeName } from '@/lib/ingest/names';
import { detectEncoding, sniffKind } from '@/lib/ingest/sniff';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('kind sniffing', () => {
  it('takes the kind from the bytes, not the name', () => {
    expect(sniffKind(Buffer.from('%PDF-1.7\n'), 'brief.pdf')).toMatchObject({
      kind: 'pdf',
      mime: 'application/pdf',
    });
    expect(sniffKind(PNG, 'logo.PNG')).toMatchObject({ kind: 'png', mime: 'image/png' });
    expect(sniffKind(Buffer.from('a,b\n1,2\n'), 'copy.csv')).toMatchObject({
      kind: 'csv',
      encoding: 'utf-8',
    });
    expect(sniffKind(Buffer.from('a\tb\n'), 'table.tsv').kind).toBe('csv');
    expect(sniffKind(Buffer.from('%PDF-1.4'), 'no-extension').kind).toBe('pdf');
  });

  it('refuses mismatched and unknown extensions, other formats and binary data, each by name', () => {
    expect(() => sniffKind(PNG, 'brief.pdf')).toThrow(
      'the file is named .pdf but its content is a PNG image; rename it to .png if that is what it is',
    );
    expect(() => sniffKind(Buffer.from('%PDF-1.4'), 'copy.csv')).toThrow(
      'named .csv but its content is a PDF document',
    );
    expect(() => sniffKind(Buffer.from('a,b'), 'run.exe')).toThrow(
      'files named .exe are not accepted',
    );
    expect(() => sniffKind(Buffer.from('PK\x03\x04rest'), 'sheet.csv')).toThrow(
      'the file is a ZIP archive (or an Office document)',
    );
    expect(() => sniffKind(Buffer.from('GIF89a....'), 'x.png')).toThrow('the file is a GIF image');
    expect(() => sniffKind(Buffer.from('<!DOCTYPE html><p>'), 'x.csv')).toThrow(
      'an HTML, SVG or XML document',
    );
    expect(() => sniffKind(Buffer.from([1, 2, 0, 3]), 'x.csv')).toThrow('binary data');
    expect(() => sniffKind(Buffer.alloc(0), 'x.csv')).toThrow('the file is empty');
  });

  it('detects text encodings conservatively', () => {
    expect(detectEncoding(Buffer.from('\ufeffa,b', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toBe('utf-16be');
    expect(detectEncoding(Buffer.from('caf\xe9,cr\xe8me\n', 'latin1'))).toBe('windows-1252');
    // A multi-byte character cut by the end of the sniffed head is still UTF-8.
    expect(detectEncoding(Buffer.from('ab ✓', 'utf8').subarray(0, 4))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('a\x01b', 'latin1'))).toBeUndefined();
  });
});

describe('file names', () => {
  it('keeps the base name, without control or direction characters, length-capped with its extension', () => {
    expect(sanitizeName('C:\\Users\\ann\\brief.pdf')).toBe('brief.pdf');
    expect(sanitizeName('folder/copy.csv')).toBe('copy.csv');
    expect(sanitizeName('mood\u0000board\u202Egnp.exe.png')).toBe('moodboardgnp.exe.png');
    expect(sanitizeName('  spaced   out .csv ')).toBe('spaced out .csv');
    const long = sanitizeName(`${'x'.repeat(300)}.pdf`);
    expect(long).toHaveLength(120);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(sanitizeName('.')).toBe('');
  });

  it('refuses names that climb out of their folder', () => {
    expect(() => sanitizeName('../../etc/passwd')).toThrow(
      'the file name "../../etc/passwd" points outside its folder',
    );
    expect(() => sanitizeName('a\\..\\b.csv')).toThrow('points outside its folder');
  });

  it('writes a Content-Disposition that no name can break', () => {
    expect(contentDisposition('attachment', 'brief "v2"; x.pdf')).toBe(
      `attachment; filename="brief _v2__ x.pdf"; filename*=UTF-8''brief%20%22v2%22%3B%20x.pdf`,
    );
    expect(contentDisposition('inline', 'Grüße.png')).toBe(
      `inline; filename="Gr__e.png"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.png`,
    );
  });
});
