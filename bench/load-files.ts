// The five files the load benchmark uploads: real ones from this machine where it has them (PDF
// manuals under /usr/share/doc, a PNG from Node's docs), the rest written into the bench's folder.
import fs from 'node:fs';
import path from 'node:path';
import { makePdf } from '../test/helpers/pdf';
import { moodboardPng } from '../test/helpers/reference-files';

export type UploadFile = { name: string; bytes: Uint8Array; source: string };

/** Up to `n` files under `dir` whose name ends with `ext`, largest first, searched `depth` levels deep. */
function findFiles(dir: string, ext: string, n: number, depth = 3): string[] {
  const found: string[] = [];
  const walk = (d: string, left: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && left > 0) walk(p, left - 1);
      else if (e.isFile() && e.name.endsWith(ext)) found.push(p);
    }
  };
  walk(dir, depth);
  const size = (p: string) => fs.statSync(p).size;
  // Between 20 KB and 20 MB: a real document, far under the upload limit.
  return found
    .filter((p) => size(p) > 20_000 && size(p) < 20_000_000)
    .sort((a, b) => size(b) - size(a))
    .slice(0, n);
}

const fromDisk = (p: string): UploadFile => ({
  name: path.basename(p),
  bytes: fs.readFileSync(p),
  source: p,
});

/** A product sheet of `rows` SKUs, written to `dir` and read back like any file on disk. */
function skuCsv(dir: string, rows: number): UploadFile {
  const lines = ['sku,name,colour,size,price,headline'];
  const colours = ['green', 'cream', 'orange', 'teal', 'pink'];
  for (let i = 1; i <= rows; i++)
    lines.push(
      `SKU-${String(i).padStart(6, '0')},Item ${i},${colours[i % 5]},${(i % 4) + 1}XL,${(i * 1.25).toFixed(2)},"Fresh greens, daily: offer ${i}"`,
    );
  const file = path.join(dir, `skus-${rows}.csv`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return fromDisk(file);
}

export async function uploadFiles(dir: string): Promise<UploadFile[]> {
  const pdfs = findFiles('/usr/share/doc', '.pdf', 2).map(fromDisk);
  for (let i = pdfs.length; i < 2; i++) {
    const file = path.join(dir, `brief-${i}.pdf`);
    const pages = Array.from({ length: 20 }, (_, p) => [
      `Page ${p + 1}`,
      ...Array.from({ length: 30 }, (_, l) => `Line ${l}: keep the brand green and the tone warm.`),
    ]);
    fs.writeFileSync(file, makePdf(pages));
    pdfs.push(fromDisk(file));
  }
  const [png] = findFiles('/usr/share/doc/nodejs', '.png', 1).map(fromDisk);
  const moodboard = path.join(dir, 'moodboard.png');
  if (!png) fs.writeFileSync(moodboard, await moodboardPng());
  // One CSV past the size from which two workers read it at once (4 MB), one small.
  return [...pdfs, skuCsv(dir, 60_000), skuCsv(dir, 500), png ?? fromDisk(moodboard)];
}
