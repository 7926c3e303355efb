// VAE of the built-in model: a fixed linear map between latent channels and RGB with ×8 resampling.
// The decoder multiplies by the scaling factor first, so pipelines divide by it as with any SD VAE;
// latent channels 0-2 are RGB in [-1, 1], channel 3 carries no colour.
import { type ElemType, GraphBuilder, int, ints, str } from './graph-builder';
import { DataType } from './onnx-proto';
import { Ops } from './ops';

/** latent → RGB, 3×4 row-major (also the exact preview matrix for this model). */
export const LATENT_TO_RGB = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];
const RGB_TO_LATENT = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]; // 4×3
const FACTOR = 8;

export function buildVaeDecoder(scalingFactor: number, io: ElemType): GraphBuilder {
  const g = new GraphBuilder('builtin_vae_decoder');
  const o = new Ops(g);
  let z = g.input('latent_sample', io, ['batch', 'channels', 'height', 'width']);
  if (io === 'float16') z = o.cast(z, DataType.FLOAT);
  const rgb = g.op('Conv', [
    o.mul(z, o.c(scalingFactor)),
    g.f32(LATENT_TO_RGB, [3, 4, 1, 1]),
    g.f32([0, 0, 0]),
  ]);
  let image = g.op('Resize', [rgb, '', g.f32([1, 1, FACTOR, FACTOR])], { mode: str('linear') });
  if (io === 'float16') image = o.cast(image, DataType.FLOAT16);
  g.output(image, 'sample', io, ['batch', 3, 'height_x8', 'width_x8']);
  return g;
}

export function buildVaeEncoder(scalingFactor: number, io: ElemType): GraphBuilder {
  const g = new GraphBuilder('builtin_vae_encoder');
  const o = new Ops(g);
  let image = g.input('sample', io, ['batch', 3, 'height', 'width']);
  if (io === 'float16') image = o.cast(image, DataType.FLOAT);
  const pooled = g.op('AveragePool', [image], {
    kernel_shape: ints([FACTOR, FACTOR]),
    strides: ints([FACTOR, FACTOR]),
  });
  const conv = g.op('Conv', [pooled, g.f32(RGB_TO_LATENT, [4, 3, 1, 1])], { group: int(1) });
  let latent = o.div(conv, o.c(scalingFactor));
  if (io === 'float16') latent = o.cast(latent, DataType.FLOAT16);
  g.output(latent, 'latent_sample', io, ['batch', 4, 'height_div8', 'width_div8']);
  return g;
}
