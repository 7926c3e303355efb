import { sha256Hex } from '../auth/tokens';

/** `sha256sum` format (two spaces, binary mode), one line per file in the order given. */
export function formatSums(files: Array<{ name: string; data: Uint8Array }>): Buffer {
  return Buffer.from(files.map((f) => `${sha256Hex(f.data)}  ${f.name}\n`).join(''));
}

export type SumsLine = { name: string; sha256: string };

/** Parses SHA256SUMS; a line that is not `<64 hex>  <name>` is reported by its number. */
export function parseSums(text: string): { lines: SumsLine[]; bad: number[] } {
  const lines: SumsLine[] = [];
  const bad: number[] = [];
  const rows = text.split('\n');
  if (rows.at(-1) === '') rows.pop();
  for (const [i, row] of rows.entries()) {
    const m = /^([0-9a-f]{64}) {2}(\S(?:.*\S)?)$/.exec(row);
    if (m) lines.push({ sha256: m[1], name: m[2] });
    else bad.push(i + 1);
  }
  return { lines, bad };
}
