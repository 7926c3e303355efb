// Weights of a TF.js layers model: each manifest group's shard files, concatenated in order, hold
// its weights back to back as little-endian float32.
import { EngineError } from '../errors';
import type { WeightsManifest } from './tfjs-layers';

export interface Weight {
  shape: number[];
  values: Float32Array;
}

/** Weights by name; `shards` maps each manifest path to its bytes. `label` names the model in errors. */
export function readWeights(
  label: string,
  manifest: WeightsManifest,
  shards: ReadonlyMap<string, Uint8Array>,
): Map<string, Weight> {
  const out = new Map<string, Weight>();
  for (const group of manifest) {
    const parts = group.paths.map((p) => {
      const bytes = shards.get(p);
      if (!bytes)
        throw new EngineError('model_missing_file', `${label}: weight file ${p} is missing`);
      return bytes;
    });
    const bytes = Buffer.concat(parts);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    for (const w of group.weights) {
      const count = w.shape.reduce((a, b) => a * b, 1);
      if (offset + count * 4 > bytes.length)
        throw new EngineError(
          'model_corrupt',
          `${label}: ${group.paths.join(', ')} ends before weight "${w.name}"`,
        );
      if (out.has(w.name))
        throw new EngineError('model_corrupt', `${label}: weight "${w.name}" is listed twice`);
      const values = new Float32Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getFloat32(offset + i * 4, true);
      out.set(w.name, { shape: w.shape, values });
      offset += count * 4;
    }
    if (offset !== bytes.length)
      throw new EngineError(
        'model_corrupt',
        `${label}: ${group.paths.join(', ')} holds ${bytes.length} bytes, the manifest lists ${offset}`,
      );
  }
  return out;
}
