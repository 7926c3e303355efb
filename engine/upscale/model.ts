// An ONNX upscaler opened for the tiled runner: a converted ESRGAN slim model or a user's
// Real-ESRGAN-style export (a .onnx file, or a folder holding model.onnx or a single .onnx), with
// one [N, 3, H, W] RGB input in 0..1 and an [N, 3, sH, sW] output. The scale is read from a probe
// run, so exports with symbolic output sizes work too.
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError, firstLine } from '../errors';
import { OnnxWireError, scanExternalData } from '../models/onnx-scan';
import { OnnxComponent } from '../runtime/component';
import {
  type ExecutionProvider,
  openSession,
  type RuntimeOptions,
  type SessionFactory,
} from '../runtime/sessions';
import type { TileModel } from './upscale';

export interface UpscaleModel extends TileModel {
  readonly label: string;
  readonly file: string;
  readonly ep: ExecutionProvider;
  readonly fallbackReason?: string;
  release(): Promise<void>;
}

export interface OpenUpscalerOptions {
  /** Names the model in errors; the file name by default. */
  label?: string;
  runtime?: RuntimeOptions;
  factory?: SessionFactory;
}

const PROBE = 32;
const MAX_SCALE = 16;

/** The .onnx file a path names, its external weights checked to stay beside it. */
export async function resolveUpscalerFile(target: string, label = target): Promise<string> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new EngineError('model_missing_file', `${label} does not exist`);
  let file = target;
  if (info.isDirectory()) {
    const names = (await readdir(target)).filter((n) => n.endsWith('.onnx')).sort();
    const pick = names.includes('model.onnx') ? 'model.onnx' : names.length === 1 ? names[0] : '';
    if (!pick)
      throw new EngineError(
        'model_missing_file',
        `${label} holds ${names.length ? `several .onnx files (${names.join(', ')}) and no model.onnx` : 'no .onnx file'}`,
      );
    file = path.join(target, pick);
  }
  const real = await realpath(file);
  const dir = path.dirname(real);
  let refs;
  try {
    refs = scanExternalData(real);
  } catch (err) {
    const why = err instanceof OnnxWireError ? err.message : firstLine(err);
    throw new EngineError('model_corrupt', `${label} is not a valid ONNX model (${why})`);
  }
  for (const location of new Set(refs.map((r) => r.location))) {
    const inside = await realpath(path.resolve(dir, location)).catch(() => undefined);
    if (!inside)
      throw new EngineError(
        'model_missing_file',
        `${label}: external weights ${location} are missing`,
      );
    if (path.isAbsolute(location) || !inside.startsWith(dir + path.sep))
      throw new EngineError(
        'model_unsafe_path',
        `${label} refers to weights outside its folder (${location})`,
      );
  }
  return real;
}

function checkInput(component: OnnxComponent, label: string): string {
  const session = component.opened.session;
  const meta = session.inputMetadata;
  const first = meta[0];
  const shape = first?.isTensor ? first.shape : [];
  const channels = shape[1];
  if (
    meta.length !== 1 ||
    !first.isTensor ||
    !['float32', 'float16'].includes(first.type) ||
    shape.length !== 4 ||
    (typeof channels === 'number' && channels !== 3)
  )
    throw new EngineError(
      'model_corrupt',
      `${label} is not an upscaler: it must take one [N, 3, H, W] float image input`,
    );
  return first.name;
}

/** Open an upscaler model; its scale is found by a probe run. */
export async function openUpscaler(
  target: string,
  opts: OpenUpscalerOptions = {},
): Promise<UpscaleModel> {
  const label = opts.label ?? path.basename(target);
  const file = await resolveUpscalerFile(target, label);
  const opened = await openSession(file, label, opts.runtime ?? {}, opts.factory);
  const component = new OnnxComponent(label, opened);
  try {
    const inputName = checkInput(component, label);
    const meta = opened.session.inputMetadata[0];
    const [, , h, w] = meta.isTensor ? meta.shape : [];
    const fixedSize =
      typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0
        ? { height: h, width: w }
        : undefined;
    const run = (tile: Float32Array, height: number, width: number) =>
      component.runFirst({ [inputName]: { data: tile, dims: [1, 3, height, width] } });
    const probeH = fixedSize?.height ?? PROBE;
    const probeW = fixedSize?.width ?? PROBE;
    const probe = await run(new Float32Array(3 * probeH * probeW), probeH, probeW);
    const [n, c, oh, ow] = probe.dims;
    const scale = oh / probeH;
    if (
      probe.dims.length !== 4 ||
      n !== 1 ||
      c !== 3 ||
      !Number.isInteger(scale) ||
      scale < 1 ||
      scale > MAX_SCALE ||
      ow !== probeW * scale
    )
      throw new EngineError(
        'model_corrupt',
        `${label} is not an upscaler: a [1, 3, ${probeH}, ${probeW}] input gave [${probe.dims.join(', ')}]`,
      );
    return {
      label,
      file,
      scale,
      fixedSize,
      ep: opened.ep,
      fallbackReason: opened.fallbackReason,
      async run(tile, height, width) {
        const out = await run(tile, height, width);
        const [, oc, rh, rw] = out.dims;
        if (oc !== 3 || rh !== height * scale || rw !== width * scale)
          throw new EngineError(
            'runtime_failure',
            `${label} gave [${out.dims.join(', ')}] for a ${width}×${height} tile`,
          );
        return out.data;
      },
      release: () => opened.session.release(),
    };
  } catch (err) {
    await opened.session.release().catch(() => undefined);
    throw err;
  }
}
