// The text layer: the lines set in vector type by resvg and blended onto the image. Everything
// that decides the pixels goes into the params, which the PNG's metadata records, so the same
// request gives the same bytes.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { BOOST_CONTRAST, type ColourChoice, chooseColour, MIN_CONTRAST } from './choose-colour';
import { sampleBackdrop } from './colour';
import { compositeOver } from './composite';
import { fontRecord, loadTextFonts, type TextFontRecord } from './fonts';
import { type Box, layoutText, type Placement, type TextLayout, unionBox } from './layout';
import { checkCoverage, createMeasure, resvgOptions } from './measure';
import { parseInputs, type RgbImage, type TextLayerSpec } from './spec';
import { buildSvg } from './svg';

export const RESVG_VERSION = (
  createRequire(import.meta.url)('@resvg/resvg-js/package.json') as { version: string }
).version;

export interface TextLayerParams {
  kind: 'text-layer';
  version: 1;
  renderer: { name: '@resvg/resvg-js'; version: string; options: Record<string, unknown> };
  width: number;
  height: number;
  placement: Placement;
  boost: boolean;
  palette: string[];
  fonts: TextFontRecord[];
  lines: Array<{
    text: string;
    role: 'headline' | 'subline';
    size: number;
    x: number;
    baseline: number;
    box: Box;
  }>;
  box: Box;
  /** The part of the image rendered and blended. */
  region: Box;
  colour: { fill: string; source: ColourChoice['source']; contrast: number; required: number };
  plate: { fill: string; opacity: number; box: Box; radius: number } | null;
  /** Luminance (WCAG) of the darker and lighter ends of what is under the text, without a plate. */
  backdrop: { low: number; high: number };
  svgSha256: string;
}

export interface TextLayerResult {
  image: RgbImage;
  params: TextLayerParams;
  /** What resvg rendered. */
  svg: string;
}

export interface TextLayerOptions {
  /** The font package's folder; the installed package by default. */
  fontDir?: string;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

function pad(box: Box, by: number, frame: { width: number; height: number }): Box {
  const x0 = Math.max(0, box[0] - by);
  const y0 = Math.max(0, box[1] - by);
  const x1 = Math.min(frame.width, box[0] + box[2] + by);
  const y1 = Math.min(frame.height, box[1] + box[3] + by);
  return [x0, y0, x1 - x0, y1 - y0];
}

/** The plate reaches a little past the ink; the rendered region includes antialiasing. */
function regions(layout: TextLayout, frame: { width: number; height: number }) {
  const size = layout.headlineSize;
  return {
    ink: pad(layout.box, Math.ceil(0.1 * size) + 2, frame),
    plate: pad(layout.box, Math.round(0.3 * size), frame),
    radius: Math.round(0.08 * size),
  };
}

export function renderTextLayer(
  image: RgbImage,
  spec: TextLayerSpec,
  options: TextLayerOptions = {},
): TextLayerResult {
  const input = parseInputs(image, spec);
  const { width, height } = input.image;
  const { lines, palette, placement, boost } = input.spec;
  const fonts = loadTextFonts(options.fontDir);
  lines.forEach((text, i) => checkCoverage(text, i === 0 ? fonts.headline : fonts.subline));

  const layout = layoutText(lines, { width, height }, { placement, boost }, createMeasure(fonts));
  const area = regions(layout, { width, height });
  const colour = chooseColour(sampleBackdrop(input.image, area.ink), palette, { boost });
  const plate = colour.plate && { ...colour.plate, box: area.plate, radius: area.radius };
  const texts = layout.lines.map((l) => ({ ...l, font: fonts[l.role], fill: colour.fill }));
  // Only the part under the text and plate is rendered.
  const region = plate ? unionBox([plate.box, area.ink]) : area.ink;
  const svg = buildSvg(region, texts, plate);
  const renderOptions = resvgOptions([fonts.headline, fonts.subline]);
  const rgb = compositeOver(input.image, new Resvg(svg, renderOptions).render().pixels, region);

  const { font: _font, logLevel: _logLevel, ...rest } = renderOptions;
  const params: TextLayerParams = {
    kind: 'text-layer',
    version: 1,
    renderer: { name: '@resvg/resvg-js', version: RESVG_VERSION, options: rest },
    width,
    height,
    placement,
    boost,
    palette,
    fonts: [fontRecord(fonts.headline), fontRecord(fonts.subline)],
    lines: layout.lines.map(({ text, role, size, x, baseline, box }) => ({
      text,
      role,
      size,
      x,
      baseline,
      box,
    })),
    box: layout.box,
    region,
    colour: {
      fill: colour.fill,
      source: colour.source,
      contrast: colour.contrast,
      required: boost ? BOOST_CONTRAST : MIN_CONTRAST,
    },
    plate,
    backdrop: { low: round4(colour.backdrop.low), high: round4(colour.backdrop.high) },
    svgSha256: createHash('sha256').update(svg).digest('hex'),
  };
  return { image: { width, height, rgb }, params, svg };
}
