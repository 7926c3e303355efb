// GPT-2's reversible byte-to-unicode table: printable Latin-1 bytes map to themselves, the
// other 68 bytes (controls, space, soft hyphen, ...) to U+0100 onwards, so BPE never sees
// whitespace or control characters.

function buildByteToChar(): string[] {
  const printable = (b: number) =>
    (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const table: string[] = new Array(256);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCharCode(printable(b) ? b : 256 + next++);
  }
  return table;
}

export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`, each written as its table character. */
export function bytesToSymbols(text: string): string {
  let out = '';
  for (const b of encoder.encode(text)) out += BYTE_TO_CHAR[b];
  return out;
}
