// A contact sheet: every variant's image scaled to one cell, in rows by experiment, each cell
// labelled under the picture (resvg with the text layer's Inter font, so the labels are exact).
import { Resvg } from '@resvg/resvg-js';
import sharp, { type OverlayOptions } from 'sharp';
import { escapeXml, loadTextFonts } from '../../engine/text-layer';
import type { VariantResult } from './run';

const CELL = 256;
const LABEL = 40;
const GAP = 12;

function labelPng(text: string, detail: string, fontFile: string): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CELL}" height="${LABEL}">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="4" y="16" font-family="Inter" font-size="13" fill="#111111">${escapeXml(text)}</text>
<text x="4" y="33" font-family="Inter" font-size="11" fill="#555555">${escapeXml(detail)}</text>
</svg>`;
  const resvg = new Resvg(svg, {
    font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: 'Inter' },
  });
  return Buffer.from(resvg.render().asPng());
}

export async function contactSheet(results: VariantResult[]): Promise<Buffer> {
  const font = loadTextFonts().subline.path;
  const rows = [...new Set(results.map((r) => r.experiment))];
  const columns = Math.max(...rows.map((e) => results.filter((r) => r.experiment === e).length));
  const width = columns * (CELL + GAP) + GAP;
  const height = rows.length * (CELL + LABEL + GAP) + GAP;
  const layers: OverlayOptions[] = [];
  for (const [row, experiment] of rows.entries()) {
    const top = GAP + row * (CELL + LABEL + GAP);
    for (const [col, r] of results.filter((x) => x.experiment === experiment).entries()) {
      const left = GAP + col * (CELL + GAP);
      const thumb = await sharp(r.png)
        .resize(CELL, CELL, { fit: 'contain', background: '#ffffff' })
        .png()
        .toBuffer();
      const scores = [
        r.ocrAccuracy === undefined ? '' : `OCR ${r.ocrAccuracy.toFixed(2)}`,
        r.sharpness === undefined ? '' : `sharp ${Math.round(r.sharpness)}`,
        `${r.width}×${r.height}`,
      ].filter(Boolean);
      layers.push({ input: thumb, left, top });
      layers.push({
        input: labelPng(`${experiment}: ${r.label}`, scores.join(' · '), font),
        left,
        top: top + CELL,
      });
    }
  }
  return sharp({ create: { width, height, channels: 3, background: '#f4f4f5' } })
    .composite(layers)
    .png()
    .toBuffer();
}
