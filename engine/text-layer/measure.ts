// Text is measured by resvg itself, the renderer that draws it (same shaping, kerning and
// outlines), as the ink box of the line set at MEASURE_SIZE with its baseline at y = 0. Outlines
// are not hinted, so the box scales linearly with the font size.
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { EngineError } from '../errors';
import type { FontRole, TextFont, TextFonts } from './fonts';
import { buildSvg } from './svg';

export const MEASURE_SIZE = 100;

/** Ink box at MEASURE_SIZE: x from the pen's start, y from the baseline (negative is up). */
export interface InkBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Measure = (text: string, role: FontRole) => InkBox;

/** resvg's options: no system font, so nothing but the recorded files can be drawn. */
export function resvgOptions(fonts: TextFont[]): ResvgRenderOptions {
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: fonts.map((f) => f.path),
      defaultFontFamily: fonts[0].family,
    },
    languages: ['en'],
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
    logLevel: 'error',
  };
}

/** Whitespace is collapsed before layout, so characters are checked one code point at a time. */
export function checkCoverage(text: string, font: TextFont): void {
  for (const char of new Set(text.replace(/ /g, ''))) {
    if (!font.covers(char)) {
      const code = char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
      throw new EngineError(
        'invalid_request',
        `the ${font.role} font (${font.family}) has no glyph for "${char}" (U+${code})`,
      );
    }
  }
}

/** By font sha256 and text; a render measures each word and line, a re-render the same again. */
const cache = new Map<string, InkBox>();
const CACHE_ENTRIES = 4096;

/** Measures with one font loaded at a time, so resvg cannot fall back to the other. */
export function createMeasure(fonts: TextFonts): Measure {
  return (text, role) => {
    const font = fonts[role];
    const key = `${font.sha256} ${font.letterSpacing} ${font.wordSpacing}\u0000${text}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const svg = buildSvg(
      [0, 0, 1, 1],
      [{ text, font, size: MEASURE_SIZE, x: 0, baseline: 0, fill: '#000000' }],
    );
    const box = new Resvg(svg, resvgOptions([font])).getBBox();
    if (!box || !(box.width > 0))
      throw new EngineError(
        'model_corrupt',
        `the ${role} font ${font.file} drew nothing for "${text}"`,
      );
    const ink = { x: box.x, y: box.y, width: box.width, height: box.height };
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, ink);
    return ink;
  };
}
