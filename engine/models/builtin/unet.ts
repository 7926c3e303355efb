// UNet of the built-in model: the exact optimal denoiser of the data distribution
// x0 | prompt ~ N(mu, s^2 I), where mu paints the prompt's shapes over its backdrop (the named
// background colour or a light default, lighter toward the top: lexicon.ts, BACKDROP) at the
// sample's resolution, and s (build.ts, DATA_STD) is small, so every sample is a clean picture.
// With abar = alpha-bar(t), y = x_t - sqrt(abar) mu and D = abar s^2 + 1 - abar:
//   epsilon*(x_t) = sqrt(1 - abar) y / D
//   v*(x_t)       = sqrt(1 - abar) (sqrt(abar) (1 - s^2) y / D - mu)
// Both are affine in mu, so classifier-free guidance with scale w samples mu_w = mu_u + w (mu_c - mu_u).
import { type ElemType, GraphBuilder, int, ints } from './graph-builder';
import {
  BACKDROP,
  BACKGROUND,
  HIDDEN,
  MAX_OBJECTS,
  SHAPE_KINDS,
  type ShapeKind,
  SLOT,
} from './lexicon';
import { DataType } from './onnx-proto';
import { Ops } from './ops';

export interface UnetOptions {
  alphasCumprod: Float32Array;
  dataStd: number;
  prediction: 'epsilon' | 'v_prediction';
  io: ElemType; // float32 or float16 for sample, encoder_hidden_states, out_sample
  timestep: 'float' | 'int64';
  /** Benchmarks only: chained N×N MatMuls that make each call slower without changing the output. */
  burn?: { size: number; count: number };
}

const F = DataType.FLOAT;
/** Shape radius at scale 1, in units of the image's shorter side. */
const RADIUS = 0.22;

export function buildUnet(opts: UnetOptions): GraphBuilder {
  const g = new GraphBuilder('builtin_unet');
  const o = new Ops(g);
  const half = opts.io === 'float16';
  const toF32 = (v: string) => (half ? o.cast(v, F) : v);
  const x = toF32(g.input('sample', opts.io, ['batch', 'channels', 'height', 'width']));
  const tIn = g.input('timestep', opts.timestep === 'int64' ? 'int64' : opts.io, [
    'timestep_batch',
  ]);
  const ehs = toF32(g.input('encoder_hidden_states', opts.io, ['batch', 'sequence', HIDDEN]));

  const grid = sampleGrid(o, x);
  const mu = paintMean(o, grid, ehs);
  const abar = alphaBar(o, opts.alphasCumprod, tIn);
  const s2 = opts.dataStd * opts.dataStd;
  const sa = o.sqrt(abar);
  const s1 = o.sqrt(o.sub(o.c(1), abar));
  const denom = o.add(o.mul(abar, o.c(s2)), o.sub(o.c(1), abar));
  const yOverD = o.div(o.sub(x, o.mul(sa, mu)), denom);
  let out =
    opts.prediction === 'epsilon'
      ? o.mul(s1, yOverD)
      : o.mul(s1, o.sub(o.mul(o.mul(sa, o.c(1 - s2)), yOverD), mu));
  if (opts.burn) out = o.add(out, o.mul(burn(o, x, opts.burn), o.c(0)));
  if (half) out = o.cast(out, DataType.FLOAT16);
  g.output(out, 'out_sample', opts.io, ['batch', 'channels', 'height', 'width']);
  return g;
}

/** alpha-bar at a float timestep: table lookup, interpolated in logit space between integers. */
function alphaBar(o: Ops, table: Float32Array, timestep: string): string {
  const g = o.g;
  const last = table.length - 1;
  const t = o.clip(o.reshape(o.cast(timestep, F), g.i64([-1, 1, 1, 1])), 0, last);
  const lower = o.floor(t);
  const frac = o.sub(t, lower);
  const i0 = o.cast(lower, DataType.INT64);
  const i1 = o.min(o.add(i0, g.i64([1], [])), g.i64([last], []));
  const abars = g.f32(table);
  const a0 = g.op('Gather', [abars, i0], { axis: int(0) });
  const a1 = g.op('Gather', [abars, i1], { axis: int(0) });
  const logit = (a: string) => o.sub(g.op('Log', [a]), g.op('Log', [o.sub(o.c(1), a)]));
  const mixed = g.op('Sigmoid', [
    o.add(o.mul(logit(a0), o.sub(o.c(1), frac)), o.mul(logit(a1), frac)),
  ]);
  return g.op('Where', [g.op('Equal', [frac, o.c(0)]), a0, mixed]);
}

/** The sample's pixel grid (latent pixels). */
interface SampleGrid {
  /** NCHW shape of the sample. */
  shape: string;
  /** Height and width as float scalars. */
  hf: string;
  wf: string;
  /** Pixel centres in units of the shorter side, origin at the centre: u [1,1,1,W], v [1,1,H,1]. */
  u: string;
  v: string;
  /** Pixel centres in units of the height, -0.5 at the top edge to 0.5 at the bottom [1,1,H,1]. */
  down: string;
}

function sampleGrid(o: Ops, x: string): SampleGrid {
  const g = o.g;
  const shape = g.op('Shape', [x]);
  const dim = (i: number) => g.op('Gather', [shape, g.i64([i], [])], { axis: int(0) });
  const hf = o.cast(dim(2), F);
  const wf = o.cast(dim(3), F);
  const short = o.min(hf, wf);
  const centred = (n: string, nf: string) => {
    const idx = o.cast(g.op('Range', [g.i64([0], []), n, g.i64([1], [])]), F);
    return o.sub(o.add(idx, o.c(0.5)), o.mul(nf, o.c(0.5)));
  };
  const rows = centred(dim(2), hf);
  const column = g.i64([1, 1, -1, 1]);
  return {
    shape,
    hf,
    wf,
    u: o.reshape(o.div(centred(dim(3), wf), short), g.i64([1, 1, 1, -1])),
    v: o.reshape(o.div(rows, short), column),
    down: o.reshape(o.div(rows, hf), column),
  };
}

/** mu [B, 4, H, W]: the backdrop, with each object's colour painted through its soft mask. */
function paintMean(o: Ops, grid: SampleGrid, ehs: string): string {
  const g = o.g;
  const { shape, hf, wf, u, v } = grid;
  const short = o.min(hf, wf);

  const objects = o.slice(ehs, 1, 1 + MAX_OBJECTS, 1); // [B, K, HIDDEN]
  const feature = (c: number) => o.unsqueeze(o.col(objects, c, 2), [2, 3]); // [B, K, 1, 1]
  const U = o.sub(u, o.mul(feature(SLOT.dx), o.mul(o.div(wf, short), o.c(0.25))));
  const V = o.sub(v, o.mul(feature(SLOT.dy), o.mul(o.div(hf, short), o.c(0.25))));
  // Empty slots have scale 0: keep r positive so that their (masked-out) distances stay finite.
  const r = o.mul(o.max(feature(SLOT.scale), o.c(0.01)), o.c(RADIUS));
  const distance = signedDistances(o, U, V, r, feature(SLOT.horizontal));
  const d = o.weighted(
    SHAPE_KINDS.map((k, i) => [feature(SLOT.shape + i), distance[k]] as [string, string]),
  );
  // One latent pixel of anti-aliasing.
  const mask = o.mul(o.clip(o.sub(o.c(0.5), o.mul(d, short)), 0, 1), feature(SLOT.present)); // [B, K, H, W]

  const coverage = o.sum(mask, [1]); // [B, 1, H, W]
  const colours = g.op('Transpose', [o.slice(objects, SLOT.colour, SLOT.colour + 4, 2)], {
    perm: ints([0, 2, 1]),
  });
  const painted = o.reshape(o.matmul(colours, o.reshape(mask, g.i64([0, 0, -1]))), shape);
  const mixed = o.add(painted, o.mul(o.relu(o.sub(o.c(1), coverage)), backdrop(o, grid, ehs)));
  return o.div(mixed, o.max(coverage, o.c(1)));
}

/** [B, 4, H, 1]: the named background colour or the default backdrop, lighter toward the top. */
function backdrop(o: Ops, grid: SampleGrid, ehs: string): string {
  const g = o.g;
  const slot = o.slice(ehs, 0, 1, 1); // [B, 1, HIDDEN]
  const field = (start: number, width: number) =>
    o.reshape(o.slice(slot, start, start + width, 2), g.i64([0, width, 1, 1]));
  const present = field(BACKGROUND.present, 1);
  const base = o.add(
    field(BACKGROUND.colour, 4), // zeros when none is named
    o.mul(o.sub(o.c(1), present), field(BACKGROUND.backdrop, 4)),
  );
  const lit = o.max(present, field(BACKGROUND.content, 1)); // not for the empty prompt
  const lift = o.mul(grid.down, o.c(-BACKDROP.gradient)); // [1, 1, H, 1]
  return o.add(base, o.mul(o.mul(lit, lift), g.f32([1, 1, 1, 0], [1, 4, 1, 1])));
}

/** Signed distance to each shape's edge (negative inside), in units of the shorter side. */
function signedDistances(
  o: Ops,
  U: string,
  V: string,
  r: string,
  horizontal: string,
): Record<ShapeKind, string> {
  const au = o.abs(U);
  const av = o.abs(V);
  const radial = o.sqrt(o.add(o.mul(U, U), o.mul(V, V)));
  const times = (k: number) => o.mul(r, o.c(k));
  // Stripes: bands of width r across the whole image, vertical unless "horizontal".
  const along = o.add(o.mul(horizontal, V), o.mul(o.sub(o.c(1), horizontal), U));
  const period = times(2);
  const phase = o.div(along, period);
  const frac = o.sub(phase, o.floor(phase));
  return {
    circle: o.sub(radial, r),
    square: o.sub(o.max(au, av), times(0.9)),
    triangle: o.sub(o.max(o.sub(o.mul(au, o.c(0.866)), o.mul(V, o.c(0.5))), V), times(0.5)),
    ring: o.sub(o.abs(o.sub(radial, r)), times(0.3)),
    diamond: o.sub(o.mul(o.add(au, av), o.c(Math.SQRT1_2)), times(0.85)),
    stripes: o.mul(o.sub(o.abs(o.sub(frac, o.c(0.5))), o.c(0.25)), period),
  };
}

/** A scalar that depends on the sample, from `count` chained size×size MatMuls. */
function burn(o: Ops, x: string, spec: { size: number; count: number }): string {
  const g = o.g;
  const seed = o.mul(g.op('ReduceSum', [x], { keepdims: int(0) }), o.c(1e-30));
  let m = o.add(g.op('Expand', [o.c(1 / spec.size), g.i64([spec.size, spec.size])]), seed);
  for (let i = 0; i < spec.count; i++) m = o.matmul(m, m);
  return g.op('ReduceMean', [m], { keepdims: int(0) });
}
