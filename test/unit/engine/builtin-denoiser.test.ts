// The built-in model's graphs against their closed forms: the prompt reading of the text encoder,
// the backdrop, the exact epsilon / v denoiser, alpha-bar interpolation, the linear VAE, and the
// I/O variants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_STD, SCHEDULER_CONFIG } from '../../../engine/models/builtin/build';
import {
  BACKDROP,
  BACKGROUND,
  COLOURS,
  colourLatent,
  HIDDEN,
  SLOT,
} from '../../../engine/models/builtin/lexicon';
import type { LoadedModel } from '../../../engine/pipelines/loaded-model';
import { readTrainSchedule } from '../../../engine/schedulers/config';
import { makeTables } from '../../../engine/schedulers/tables';
import { openModel, tempDir, variantFolder } from './helpers/engine-fixtures';

const abarTable = makeTables(readTrainSchedule(SCHEDULER_CONFIG)).alphasCumprod;
const [H, W] = [6, 10];

let root: Awaited<ReturnType<typeof tempDir>>;
let eps: LoadedModel;
let vpred: LoadedModel;
let half: LoadedModel;
let int64: LoadedModel;
beforeAll(async () => {
  root = await tempDir('builtin-denoiser-');
  eps = await openModel(await variantFolder(root.dir));
  vpred = await openModel(await variantFolder(root.dir, { prediction: 'v_prediction' }));
  half = await openModel(await variantFolder(root.dir, { precision: 'float16' }));
  int64 = await openModel(await variantFolder(root.dir, { timestep: 'int64' }));
});
afterAll(() => root.cleanup());

async function hidden(model: LoadedModel, prompt: string) {
  const ids = model.tokenizer.encodePadded(prompt);
  return model.textEncoder.runFirst({ input_ids: { data: ids, dims: [1, 77] } });
}

const slot = (h: { data: Float32Array }, pos: number) =>
  Array.from(h.data.subarray(pos * HIDDEN, (pos + 1) * HIDDEN));

function sample(seed: number): Float32Array {
  return Float32Array.from({ length: 4 * H * W }, (_, i) => Math.sin(i * 12.9898 + seed) * 1.3);
}

async function unet(model: LoadedModel, x: Float32Array, t: number, prompt: string) {
  const ehs = await hidden(model, prompt);
  const out = await model.unet.runFirst({
    sample: { data: x, dims: [1, 4, H, W] },
    timestep: { data: [t], dims: [1] },
    encoder_hidden_states: ehs,
  });
  return out.data;
}

/** The backdrop's lift at row h: BACKDROP.gradient across the height, lighter toward the top. */
const lift = (h: number) => -BACKDROP.gradient * ((h + 0.5) / H - 0.5);

/** The mean image of a backdrop of colour `c` (latent), lit from the top; channel 3 unlit. */
const backdropMean = (c: readonly number[]) => (ch: number, h: number) =>
  c[ch] + (ch < 3 ? lift(h) : 0);

/** The closed forms in float64 for a mean image given per channel and row. */
function closedForm(
  kind: 'eps' | 'v',
  x: Float32Array,
  abar: number,
  mean: (ch: number, h: number) => number,
): number[] {
  const s2 = DATA_STD ** 2;
  const d = abar * s2 + 1 - abar;
  return Array.from(x, (xi, i) => {
    const m = mean(Math.floor(i / (H * W)), Math.floor(i / W) % H);
    const y = xi - Math.sqrt(abar) * m;
    return kind === 'eps'
      ? (Math.sqrt(1 - abar) * y) / d
      : Math.sqrt(1 - abar) * ((Math.sqrt(abar) * (1 - s2) * y) / d - m);
  });
}

/** Float32 graphs against float64 closed forms: `tol` relative to the size of each value. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number) {
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  expect(worst).toBeLessThan(tol);
}

describe('text encoder', () => {
  it('puts the background at position 0 and shapes at 1.. with their modifiers', async () => {
    const h = await hidden(
      eps,
      'a small green square on the left and a big yellow triangle at the top right on a black background',
    );
    expect(slot(h, 0).slice(0, 5)).toEqual([...colourLatent(COLOURS.black), 1].map(Math.fround));
    const square = slot(h, 1);
    expect(square.slice(0, 4)).toEqual(colourLatent(COLOURS.green).map(Math.fround));
    expect(square[SLOT.present]).toBe(1);
    expect(square[SLOT.shape + 1]).toBe(1); // square
    expect([square[SLOT.dx], square[SLOT.dy]]).toEqual([-1, 0]);
    expect(square[SLOT.scale]).toBeCloseTo(0.65, 6);
    const triangle = slot(h, 2);
    expect(triangle[SLOT.shape + 2]).toBe(1);
    expect([triangle[SLOT.dx], triangle[SLOT.dy]]).toEqual([1, -1]);
    expect(triangle[SLOT.scale]).toBeCloseTo(1.4, 6);
    expect(slot(h, 3).every((v) => v === 0)).toBe(true);
  });

  it('reads the empty prompt as nothing at all (a neutral grey mean)', async () => {
    const h = await hidden(eps, '');
    expect(h.dims).toEqual([1, 77, HIDDEN]);
    expect(h.data.every((v) => v === 0)).toBe(true);
  });

  it('gives a shape without colour the default white and a placement before it to the first shape', async () => {
    const h = await hidden(eps, 'on the right a circle');
    expect(slot(h, 1).slice(0, 4)).toEqual(colourLatent([1, 1, 1]).map(Math.fround));
    expect(slot(h, 1)[SLOT.dx]).toBe(1);
  });

  it('reads a lexicon word only as a whole word, not as the end of another ("spring", "semicircle")', async () => {
    expect(eps.tokenizer.tokenize('spring').length).toBeGreaterThan(1); // s, p, ring</w>
    const h = await hidden(eps, 'a spring semicircle on a bluebackground');
    expect(slot(h, 1).every((v) => v === 0)).toBe(true);
    expect(slot(h, 0)[BACKGROUND.present]).toBe(0);
    const ring = await hidden(eps, 'a spring ring');
    expect(slot(ring, 1)[SLOT.shape + 3]).toBe(1); // one ring: the whole word
    expect(slot(ring, 2).every((v) => v === 0)).toBe(true);
  });

  const backdropOf = (h: { data: Float32Array }) => {
    const s = slot(h, 0);
    return {
      colour: s.slice(BACKGROUND.backdrop, BACKGROUND.backdrop + 4),
      content: s[BACKGROUND.content],
    };
  };

  it('gives a prompt without a background colour a light backdrop tinted by its words, the same every time', async () => {
    const spring = backdropOf(await hidden(eps, 'spring sale banner'));
    expect(spring.content).toBe(1);
    const chroma = spring.colour.slice(0, 3).map((c) => c - BACKDROP.light);
    // A hue at fixed strength: no change of lightness, length tint * |hue axis| (sqrt 1.5).
    expect(chroma.reduce((a, b) => a + b)).toBeCloseTo(0, 6);
    expect(Math.hypot(...chroma)).toBeCloseTo(BACKDROP.tint * Math.sqrt(1.5), 5);
    expect(spring.colour[3]).toBe(0);
    expect(backdropOf(await hidden(eps, 'spring sale banner'))).toEqual(spring);
    const other = backdropOf(await hidden(eps, 'a summer menu card'));
    expect(other.colour).not.toEqual(spring.colour);
    expect(backdropOf(await hidden(eps, ''))).toEqual({ colour: [0, 0, 0, 0], content: 0 });
  });

  it('moves the backdrop toward colour words that belong to no shape (a palette)', async () => {
    const h = await hidden(eps, 'a sale banner, palette: green, yellow');
    const mean = [0, 1, 2].map(
      (c) => (colourLatent(COLOURS.green)[c] + colourLatent(COLOURS.yellow)[c]) / 2,
    );
    const expected = mean.map((m) => BACKDROP.light + BACKDROP.strayMix * (m - BACKDROP.light));
    backdropOf(h)
      .colour.slice(0, 3)
      .forEach((c, i) => expect(c).toBeCloseTo(expected[i], 6));
    expect(slot(h, 0)[BACKGROUND.present]).toBe(0);
  });
});

describe('UNet', () => {
  it.each([0, 1, 500, 999])('is the exact epsilon denoiser at t = %i', async (t) => {
    const x = sample(t);
    expectClose(
      await unet(eps, x, t, ''),
      closedForm('eps', x, abarTable[t], () => 0),
      2e-6,
    );
    expectClose(
      await unet(eps, x, t, 'a red background'),
      closedForm('eps', x, abarTable[t], backdropMean(colourLatent(COLOURS.red))),
      2e-6,
    );
    const spring = slot(await hidden(eps, 'spring sale banner'), 0);
    const backdrop = spring.slice(BACKGROUND.backdrop, BACKGROUND.backdrop + 4);
    expectClose(
      await unet(eps, x, t, 'spring sale banner'),
      closedForm('eps', x, abarTable[t], backdropMean(backdrop)),
      2e-6,
    );
  });

  it('takes one timestep per batch item as well as one for the batch', async () => {
    const x = sample(9);
    const ehs = await hidden(eps, 'a red background');
    const both = new Float32Array(ehs.data.length * 2);
    both.set(ehs.data);
    both.set(ehs.data, ehs.data.length);
    const xx = new Float32Array(x.length * 2);
    xx.set(x);
    xx.set(x, x.length);
    const out = await eps.unet.runFirst({
      sample: { data: xx, dims: [2, 4, H, W] },
      timestep: { data: [100, 900], dims: [2] },
      encoder_hidden_states: { data: both, dims: [2, 77, HIDDEN] },
    });
    const red = backdropMean(colourLatent(COLOURS.red));
    expectClose(out.data.subarray(0, x.length), closedForm('eps', x, abarTable[100], red), 2e-6);
    expectClose(out.data.subarray(x.length), closedForm('eps', x, abarTable[900], red), 2e-6);
  });

  it('interpolates alpha-bar in logit space for fractional (Euler) timesteps', async () => {
    const t = 946.25;
    const logit = (a: number) => Math.log(a / (1 - a));
    const l = 0.75 * logit(abarTable[946]) + 0.25 * logit(abarTable[947]);
    const x = sample(3);
    expectClose(
      await unet(eps, x, t, 'a blue background'),
      closedForm('eps', x, 1 / (1 + Math.exp(-l)), backdropMean(colourLatent(COLOURS.blue))),
      2e-6,
    );
  });

  it('is the exact v-prediction denoiser in the v variant', async () => {
    const x = sample(5);
    expectClose(
      await unet(vpred, x, 700, 'a green background'),
      closedForm('v', x, abarTable[700], backdropMean(colourLatent(COLOURS.green))),
      2e-6,
    );
  });

  it('paints the shapes the prompt names at the sample resolution', async () => {
    const x = new Float32Array(4 * H * W);
    const t = 0;
    const out = await unet(eps, x, t, 'a red square on a blue background');
    // mu = -eps * D / (sqrt(1 - abar) sqrt(abar)) at x = 0
    const a = abarTable[t];
    const mu = Array.from(
      out,
      (e) => (-e * (a * DATA_STD ** 2 + 1 - a)) / (Math.sqrt(1 - a) * Math.sqrt(a)),
    );
    const at = (c: number, y: number, xx: number) => mu[(c * H + y) * W + xx];
    expect(at(0, 3, 5)).toBeCloseTo(colourLatent(COLOURS.red)[0], 3);
    expect(at(2, 0, 0)).toBeCloseTo(colourLatent(COLOURS.blue)[2] + lift(0), 3); // the lit top row
    expect(at(2, H - 1, 0)).toBeCloseTo(colourLatent(COLOURS.blue)[2] + lift(H - 1), 3);
  });

  it('gives the same answer through the fp16 and int64-timestep variants', async () => {
    const x = sample(7);
    const ref = await unet(eps, x, 800, 'a yellow circle');
    expectClose(await unet(half, x, 800, 'a yellow circle'), ref, 4e-3);
    expectClose(await unet(int64, x, 800, 'a yellow circle'), ref, 1e-7);
    // int64 UNets see the timestep truncated, as diffusers' numpy cast does.
    expectClose(await unet(int64, x, 800.9, 'a yellow circle'), ref, 1e-7);
  });
});

describe('VAE', () => {
  it('decodes latents / scaling factor to RGB with ×8 resampling, and the encoder inverts it', async () => {
    const sf = eps.folder.scalingFactor;
    const latent = Float32Array.from(
      { length: 4 * 2 * 3 },
      (_, i) => [0.5, -0.25, 0.75, 0.3][Math.floor(i / 6)],
    );
    const image = await eps.vaeDecoder.runFirst({
      latent_sample: { data: latent.map((v) => v / sf), dims: [1, 4, 2, 3] },
    });
    expect(image.dims).toEqual([1, 3, 16, 24]);
    expectClose(image.data.subarray(0, 16 * 24), new Array(16 * 24).fill(0.5), 1e-6);
    expectClose(image.data.subarray(2 * 16 * 24), new Array(16 * 24).fill(0.75), 1e-6);
    const back = await eps.vaeEncoder!.runFirst({
      sample: { data: image.data, dims: [1, 3, 16, 24] },
    });
    expectClose(back.data.map((v) => v * sf).subarray(0, 18), latent.subarray(0, 18), 1e-6);
  });
});
