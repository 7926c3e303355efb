// A tiny PDF writer for fixtures: one Helvetica text page per entry, a real xref table with correct
// byte offsets, an Info dictionary, and optionally an /Encrypt dictionary whose user password is
// not empty (readers then ask for a password).

export type PdfPage = string[];
export type PdfOptions = {
  title?: string;
  author?: string;
  created?: string;
  encrypted?: boolean;
  pagesCount?: number;
};

const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

function pageContent(lines: string[]): string {
  const ops = ['BT', '/F1 14 Tf', '16 TL', '72 760 Td'];
  lines.forEach((line, i) => {
    ops.push(`${i === 0 ? '' : 'T* '}(${escape(line)}) Tj`);
  });
  ops.push('ET');
  return ops.join('\n');
}

export function makePdf(pages: PdfPage[], opts: PdfOptions = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  // 1 catalog, 2 pages, 3 font, then per page: page object + content stream.
  add('<< /Type /Catalog /Pages 2 0 R >>');
  const kids = pages.map((_, i) => `${4 + i * 2} 0 R`).join(' ');
  add(`<< /Type /Pages /Kids [${kids}] /Count ${opts.pagesCount ?? pages.length} >>`);
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  for (const [i, lines] of pages.entries()) {
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
    );
    const content = pageContent(lines);
    add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  }
  const info: string[] = [];
  if (opts.title) info.push(`/Title (${escape(opts.title)})`);
  if (opts.author) info.push(`/Author (${escape(opts.author)})`);
  if (opts.created) info.push(`/CreationDate (${opts.created})`);
  const infoRef = add(`<< ${info.join(' ')} >>`);
  let encryptRef = 0;
  if (opts.encrypted) {
    const hex32 = (b: number) => `<${b.toString(16).padStart(2, '0').repeat(32)}>`;
    encryptRef = add(
      `<< /Filter /Standard /V 1 /R 2 /Length 40 /O ${hex32(0x5a)} /U ${hex32(0xa5)} /P -4 >>`,
    );
  }

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  const id = '<0123456789abcdef0123456789abcdef>';
  const encrypt = encryptRef ? ` /Encrypt ${encryptRef} 0 R` : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${infoRef} 0 R${encrypt} /ID [${id} ${id}] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
