// Source-over blending of resvg's output (premultiplied RGBA) onto 8-bit RGB, in integers, so the
// result is the same on every machine.
import type { Box } from './layout';

/** A copy of `rgb` with `overlay` (the size of `region`) drawn over `region`. */
export function compositeOver(
  image: { width: number; rgb: Uint8Array },
  overlay: Uint8Array,
  [rx, ry, rw, rh]: Box,
): Uint8Array {
  const rgb = Uint8Array.from(image.rgb);
  for (let y = 0; y < rh; y++) {
    for (let x = 0; x < rw; x++) {
      const o = (y * rw + x) * 4;
      const alpha = overlay[o + 3];
      if (alpha === 0) continue;
      const d = ((ry + y) * image.width + rx + x) * 3;
      const keep = 255 - alpha;
      for (let c = 0; c < 3; c++) {
        rgb[d + c] = Math.min(255, overlay[o + c] + Math.floor((rgb[d + c] * keep + 127) / 255));
      }
    }
  }
  return rgb;
}
