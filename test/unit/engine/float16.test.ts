import { describe, expect, it } from 'vitest';
import {
  float16ToFloat32,
  float32ToFloat16,
  fromFloat16Bits,
  toFloat16Bits,
} from '../../../engine/runtime/float16';

describe('float16', () => {
  it('converts known values', () => {
    const cases: Array<[number, number]> = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff],
      [1e6, 0x7c00],
      [Infinity, 0x7c00],
      [2 ** -24, 0x0001],
      [2 ** -14, 0x0400],
      [0.1, 0x2e66],
      [999, 0x63ce],
    ];
    for (const [x, bits] of cases) expect(toFloat16Bits(x)).toBe(bits);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN)))).toBe(true);
  });

  it('rounds to nearest even and round-trips every half', () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(toFloat16Bits(2 ** -25)).toBe(0); // tie between 0 and the smallest subnormal
    expect(toFloat16Bits(2 ** -25 * 1.5)).toBe(1);
    const all = Uint16Array.from({ length: 0x7c00 }, (_, i) => i);
    expect(float32ToFloat16(float16ToFloat32(all))).toEqual(all);
  });
});
