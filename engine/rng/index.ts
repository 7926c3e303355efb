// Atelier's seeded Gaussian generator, "normal-v1". A seed means the same numbers on every
// machine and JavaScript engine because only exactly-rounded IEEE-754 operations are used:
//  1. uniform bits: xoshiro128** (32-bit integer ops), state seeded from the seed by splitmix32;
//  2. uniform doubles in [0, 1): 53 bits from two outputs, (a >>> 5) * 2^26 + (b >>> 6), / 2^53;
//  3. normals: Marsaglia's polar form of Box–Muller in float64 (no sin/cos), with a natural log
//     written here from +, -, *, / only (a runtime's Math.log may differ in the last bit);
//  4. each normal rounded to float32. Pairs are used in order: z0 then z1.
// Changing any of this changes every image: bump the name and keep the old one if you must.

export const RNG_NAME = 'normal-v1';

const LN2 = 0.6931471805599453;
const SQRT1_2 = 0.7071067811865476;
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
/** 1/1, 1/3, ..., 1/23: correctly rounded divisions, the same everywhere. */
const INV_ODD = Array.from({ length: 12 }, (_, k) => 1 / (2 * k + 1));

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** ln(x) for finite x > 0: exponent split by repeated halving/doubling, then the atanh series. */
export function portableLn(x: number): number {
  if (!(x > 0) || !Number.isFinite(x))
    throw new RangeError(`portableLn: ${x} is not a positive finite number`);
  let e = 0;
  while (x >= 2) {
    x /= 2;
    e += 1;
  }
  while (x < 1) {
    x *= 2;
    e -= 1;
  }
  if (x > 2 * SQRT1_2) {
    x /= 2;
    e += 1;
  }
  // x in [sqrt(1/2), sqrt(2)): ln x = 2 atanh(z) = 2 z (1 + z²/3 + z⁴/5 + ...), |z| <= 0.1716,
  // 12 terms (to z²² / 23) in Horner form reach 1e-19.
  const z = (x - 1) / (x + 1);
  const z2 = z * z;
  let series = INV_ODD[INV_ODD.length - 1];
  for (let k = INV_ODD.length - 2; k >= 0; k--) series = series * z2 + INV_ODD[k];
  return 2 * z * series + e * LN2;
}

export class GaussianRng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  /** `seed`: an integer 0 .. 2^32 - 1. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
    }
    let st = seed | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(st);
      st = next;
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** xoshiro128**: one uniform 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextUniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** One standard normal value, float64 (before rounding to float32). */
  nextNormal64(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    for (;;) {
      const u = 2 * this.nextUniform() - 1;
      const v = 2 * this.nextUniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * portableLn(s)) / s);
        this.spare = v * f;
        this.hasSpare = true;
        return u * f;
      }
    }
  }

  /** `n` standard normal values rounded to float32. */
  normals(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.nextNormal64();
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
