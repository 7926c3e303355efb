import { describe, expect, it } from 'vitest';
import { EngineError } from '@/engine/errors';
import {
  type Box,
  createMeasure,
  layoutText,
  loadTextFonts,
  type Measure,
  type Placement,
  renderTextLayer,
} from '@/engine/text-layer';

const measure = createMeasure(loadTextFonts());
const square = { width: 1024, height: 1024 };

const inside = (box: Box, frame: { width: number; height: number }, margin = 0) =>
  box[0] >= margin &&
  box[1] >= margin &&
  box[0] + box[2] <= frame.width - margin &&
  box[1] + box[3] <= frame.height - margin;

function solid(width: number, height: number, value: number) {
  return { width, height, rgb: new Uint8Array(width * height * 3).fill(value) };
}

/** The smallest box holding every pixel that differs between two images of one size. */
function changedBox(a: Uint8Array, b: Uint8Array, width: number): Box {
  let [x0, y0, x1, y1] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -1, -1];
  for (let i = 0; i < a.length; i += 3) {
    if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2]) continue;
    const p = i / 3;
    const [x, y] = [p % width, Math.floor(p / width)];
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

describe('layoutText', () => {
  it('sets a short headline on one line within 84% of the width', () => {
    const layout = layoutText(['SPRING SALE'], square, {}, measure);
    expect(layout.lines.map((l) => l.text)).toEqual(['SPRING SALE']);
    expect(layout.box[2]).toBeLessThanOrEqual(Math.ceil(0.84 * 1024) + 1);
    expect(layout.box[2]).toBeGreaterThan(0.7 * 1024);
    expect(inside(layout.box, square, layout.margin)).toBe(true);
  });

  it('breaks a long headline at spaces into balanced lines that fit the width', () => {
    const headline = 'Everything in the spring collection is half price until the end of May';
    const layout = layoutText([headline], square, {}, measure);
    expect(layout.lines.length).toBeGreaterThan(1);
    expect(layout.lines.map((l) => l.text).join(' ')).toBe(headline);
    expect(layout.headlineSize).toBeGreaterThanOrEqual(0.05 * 1024);
    for (const line of layout.lines) {
      expect(line.box[2]).toBeLessThanOrEqual(Math.ceil(0.84 * 1024) + 1);
      expect(inside(line.box, square, layout.margin)).toBe(true);
    }
    const widths = layout.lines.map((l) => l.box[2]);
    expect(Math.min(...widths) / Math.max(...widths)).toBeGreaterThan(0.6);
  });

  it('keeps every placement inside the image, in order top, centre, bottom', () => {
    const frame = { width: 1536, height: 640 };
    const lines = ['SPRING SALE', 'Up to 50% off everything', 'This week only'];
    const tops = (['top', 'centre', 'bottom'] as Placement[]).map((placement) => {
      const layout = layoutText(lines, frame, { placement }, measure);
      expect(inside(layout.box, frame, layout.margin)).toBe(true);
      return layout.box[1];
    });
    expect(tops[0]).toBeLessThan(tops[1]);
    expect(tops[1]).toBeLessThan(tops[2]);
  });

  it('sets sub-lines smaller than the headline, below it', () => {
    const layout = layoutText(['SPRING SALE', 'Up to 50% off'], square, {}, measure);
    const [head, sub] = layout.lines;
    expect(sub.role).toBe('subline');
    expect(sub.size).toBeLessThan(0.5 * head.size);
    expect(sub.box[1]).toBeGreaterThan(head.box[1] + head.box[3]);
  });

  it('shrinks a block taller than the image to fit inside it', () => {
    // Inter's proportions never overflow within the limits on text, so a font six em tall does.
    const tall: Measure = (text) => ({ x: 0, y: -500, width: 40 * text.length, height: 600 });
    const frame = { width: 1024, height: 512 };
    const layout = layoutText(['SPRING SALE', 'Up to 50% off', 'This week'], frame, {}, tall);
    expect(layout.lines).toHaveLength(3);
    expect(inside(layout.box, frame, layout.margin)).toBe(true);
  });

  it('sets boosted text larger', () => {
    const plain = layoutText(['SPRING SALE'], square, {}, measure);
    const boosted = layoutText(['SPRING SALE'], square, { boost: true }, measure);
    expect(boosted.headlineSize).toBeGreaterThan(plain.headlineSize * 1.05);
  });

  it('refuses text that cannot be set legibly', () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const refused = (() => {
      try {
        layoutText([long], { width: 128, height: 128 }, {}, measure);
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as EngineError).code).toBe('invalid_request');
    expect((refused as EngineError).message).toMatch(/too long to set legibly on a 128×128 image/);
  });
});

describe('the rendered text', () => {
  it('lies within the box the params report', () => {
    const image = solid(768, 512, 255);
    const { image: out, params } = renderTextLayer(image, {
      lines: ['SPRING SALE', 'Everything must go'],
      placement: 'centre',
    });
    expect(params.plate).toBeNull();
    const drawn = changedBox(image.rgb, out.rgb, 768);
    const [x, y, w, h] = params.box;
    expect(Math.abs(drawn[0] - x)).toBeLessThanOrEqual(2);
    expect(Math.abs(drawn[1] - y)).toBeLessThanOrEqual(2);
    expect(Math.abs(drawn[0] + drawn[2] - (x + w))).toBeLessThanOrEqual(2);
    expect(Math.abs(drawn[1] + drawn[3] - (y + h))).toBeLessThanOrEqual(2);
  });
});
