// The part of opentype.js 2 (which ships no types) that the text layer uses.
declare module 'opentype.js' {
  type NameTable = Record<string, Record<string, string> | undefined>;
  export interface Font {
    names: Partial<Record<'windows' | 'macintosh' | 'unicode', NameTable>>;
    tables: { os2?: { usWeightClass?: number } };
    /** 0 (the .notdef glyph) when the font has no glyph for the character. */
    charToGlyphIndex(char: string): number;
  }
  const opentype: { parse(buffer: ArrayBuffer, options?: { lowMemory?: boolean }): Font };
  export default opentype;
}
