import { describe, expect, it } from 'vitest';
import {
  type Box,
  contrastRatio,
  hexToRgb,
  luminance,
  renderTextLayer,
  type TextLayerSpec,
} from '@/engine/text-layer';

type Image = { width: number; height: number; rgb: Uint8Array };

function paint(width: number, height: number, at: (x: number, y: number) => number[]): Image {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rgb.set(at(x, y), (y * width + x) * 3);
  return { width, height, rgb };
}

const solid = (value: number[]) => paint(512, 512, () => value);
const lum = (hex: string) => luminance(...hexToRgb(hex));

/**
 * The contrast measured on the output: the text's colour against the 5th and 95th percentile
 * luminance of the pixels of the rendered region that lie outside every line's ink box.
 */
function measuredContrast(out: Image, region: Box, lineBoxes: Box[], fill: string): number {
  const values: number[] = [];
  const [rx, ry, rw, rh] = region;
  for (let y = ry; y < ry + rh; y++) {
    for (let x = rx; x < rx + rw; x++) {
      if (
        lineBoxes.some(
          ([bx, by, bw, bh]) => x >= bx - 2 && x < bx + bw + 2 && y >= by - 2 && y < by + bh + 2,
        )
      )
        continue;
      const i = (y * out.width + x) * 3;
      values.push(luminance(out.rgb[i], out.rgb[i + 1], out.rgb[i + 2]));
    }
  }
  values.sort((a, b) => a - b);
  const ends = [values[Math.floor(0.05 * values.length)], values[Math.floor(0.95 * values.length)]];
  return Math.min(...ends.map((l) => contrastRatio(lum(fill), l)));
}

function render(image: Image, spec: TextLayerSpec) {
  const result = renderTextLayer(image, spec);
  const { params } = result;
  const measured = measuredContrast(
    result.image,
    params.region,
    params.lines.map((l) => l.box),
    params.colour.fill,
  );
  return { params, measured };
}

describe('WCAG contrast', () => {
  it('matches the published ratios', () => {
    expect(contrastRatio(lum('#ffffff'), lum('#000000'))).toBeCloseTo(21, 6);
    expect(contrastRatio(lum('#767676'), lum('#ffffff'))).toBeCloseTo(4.54, 2);
    expect(contrastRatio(lum('#777777'), lum('#ffffff'))).toBeLessThan(4.5);
    expect(contrastRatio(lum('#0000ff'), lum('#ffffff'))).toBeCloseTo(8.59, 2);
    expect(contrastRatio(lum('#ff0000'), lum('#ffffff'))).toBeCloseTo(4.0, 2);
    expect(contrastRatio(lum('#008000'), lum('#ffffff'))).toBeCloseTo(5.14, 2);
  });
});

describe('the text colour', () => {
  it('is dark on a light image and light on a dark one, with at least 4.5:1', () => {
    const onLight = render(solid([236, 232, 220]), { lines: ['SPRING SALE'] });
    const onDark = render(solid([24, 30, 52]), { lines: ['SPRING SALE'] });
    expect(lum(onLight.params.colour.fill)).toBeLessThan(0.1);
    expect(lum(onDark.params.colour.fill)).toBeGreaterThan(0.6);
    for (const { params, measured } of [onLight, onDark]) {
      expect(params.plate).toBeNull();
      expect(params.colour.contrast).toBeGreaterThanOrEqual(4.5);
      expect(measured).toBeGreaterThanOrEqual(params.colour.contrast - 0.01);
    }
  });

  it('comes from the palette when a brand colour reaches 4.5:1', () => {
    const palette = ['#FFCC00', '#003366'];
    const onDark = render(solid([24, 30, 52]), { lines: ['SPRING SALE'], palette });
    const onLight = render(solid([236, 232, 220]), { lines: ['SPRING SALE'], palette });
    expect(onDark.params.colour).toMatchObject({ fill: '#ffcc00', source: 'palette' });
    expect(onLight.params.colour).toMatchObject({ fill: '#003366', source: 'palette' });
    expect(onDark.measured).toBeGreaterThanOrEqual(4.5);
    expect(onLight.measured).toBeGreaterThanOrEqual(4.5);
  });

  it('falls back to black or white when no brand colour reaches 4.5:1', () => {
    const { params, measured } = render(solid([128, 128, 128]), {
      lines: ['SPRING SALE'],
      palette: ['#808080', '#ff0000'],
    });
    expect(params.colour).toMatchObject({ fill: '#000000', source: 'default' });
    expect(params.plate).toBeNull();
    expect(measured).toBeGreaterThanOrEqual(4.5);
  });

  it('gets a backing plate on a backdrop that runs from black to white', () => {
    const gradient = paint(512, 512, (x) => Array(3).fill(Math.round((x / 511) * 255)));
    const { params, measured } = render(gradient, { lines: ['SPRING SALE'], palette: ['#ff5500'] });
    expect(params.plate).not.toBeNull();
    expect(params.colour.source).toBe('palette');
    expect(params.colour.contrast).toBeGreaterThanOrEqual(4.5);
    expect(measured).toBeGreaterThanOrEqual(4.5);
  });

  it('is raised to 7:1 on a plate when boosted', () => {
    const { params, measured } = render(solid([128, 128, 128]), {
      lines: ['SPRING SALE'],
      boost: true,
    });
    expect(params.plate?.opacity).toBeGreaterThanOrEqual(0.8);
    expect(params.colour.required).toBe(7);
    expect(params.colour.contrast).toBeGreaterThanOrEqual(7);
    expect(measured).toBeGreaterThanOrEqual(7);
  });
});
