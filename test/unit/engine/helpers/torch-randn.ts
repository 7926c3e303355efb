// Test-only reproduction of torch.randn on CPU after torch.manual_seed(seed), for float32
// tensors of at least 16 elements: mt19937 words -> 24-bit uniforms -> Box-Muller in blocks of
// 16 (first 8 uniforms give the radii, the next 8 the angles). It lets the ancestral and LCM
// checks use the noise diffusers' reference numbers were computed with.

export class TorchCpuGenerator {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
      mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  nextUint32(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform [0, 1) float32 from the low 24 bits of one word. */
  private uniform(): number {
    return (this.nextUint32() & 0xffffff) / 0x1000000;
  }

  randn(n: number): Float32Array {
    if (n < 16) throw new Error('torch-randn: only tensors of 16 or more elements are reproduced');
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = this.uniform();
    for (let i = 0; i + 16 <= n; i += 16) boxMuller16(data, i);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) data[i] = this.uniform();
      boxMuller16(data, n - 16);
    }
    return data;
  }
}

function boxMuller16(d: Float32Array, at: number): void {
  const f = Math.fround;
  for (let j = at; j < at + 8; j++) {
    const u1 = f(1 - d[j]);
    const u2 = d[j + 8];
    const radius = f(Math.sqrt(f(-2 * f(Math.log(u1)))));
    const theta = f(2 * Math.PI * u2);
    d[j] = radius * f(Math.cos(theta));
    d[j + 8] = radius * f(Math.sin(theta));
  }
}
