// The SVG the text layer hands to resvg. Every string in it is user input, so it is escaped; every
// number is written as the params record it, so the params determine the SVG.
import type { TextFont } from './fonts';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);

export interface SvgText {
  text: string;
  font: Pick<TextFont, 'family' | 'weight' | 'letterSpacing' | 'wordSpacing'>;
  size: number;
  x: number;
  baseline: number;
  fill: string;
}

export interface SvgPlate {
  box: [number, number, number, number];
  radius: number;
  fill: string;
  opacity: number;
}

/** Spacing is set in em, so text measured at one size scales to any other. */
function textElement(t: SvgText): string {
  const em = (n: number) => Math.round(n * t.size * 1000) / 1000;
  const spacing =
    (t.font.letterSpacing ? ` letter-spacing="${em(t.font.letterSpacing)}"` : '') +
    (t.font.wordSpacing ? ` word-spacing="${em(t.font.wordSpacing)}"` : '');
  return (
    `<text x="${t.x}" y="${t.baseline}" font-family="${escapeXml(t.font.family)}" ` +
    `font-weight="${t.font.weight}" font-size="${t.size}"${spacing} fill="${t.fill}">${escapeXml(t.text)}</text>`
  );
}

/** `view` (x, y, width, height) is the part of the image drawn: the viewBox crops in place. */
export function buildSvg(
  view: [number, number, number, number],
  texts: SvgText[],
  plate?: SvgPlate | null,
): string {
  const [vx, vy, width, height] = view;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${vx} ${vy} ${width} ${height}">`,
  ];
  if (plate) {
    const [x, y, w, h] = plate.box;
    parts.push(
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${plate.radius}" fill="${plate.fill}" fill-opacity="${plate.opacity}"/>`,
    );
  }
  for (const t of texts) parts.push(textElement(t));
  parts.push('</svg>');
  return parts.join('');
}
