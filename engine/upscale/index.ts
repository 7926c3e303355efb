// Model upscalers: ESRGAN slim converted from TF.js to ONNX on first use, or a user's
// Real-ESRGAN-style ONNX, run tile by tile. Callable in the engine's worker thread.
import { ensureEsrganSlim } from './esrgan-slim';
import { type OpenUpscalerOptions, openUpscaler, type UpscaleModel } from './model';

export { convertLayersModel } from './convert';
export {
  CONVERTER_VERSION,
  convertEsrganSlim,
  ESRGAN_SLIM_SCALES,
  ensureEsrganSlim,
  type InstalledUpscaler,
  type UpscalerManifest,
} from './esrgan-slim';
export {
  type OpenUpscalerOptions,
  openUpscaler,
  resolveUpscalerFile,
  type UpscaleModel,
} from './model';
export {
  DEFAULT_OVERLAP,
  DEFAULT_TILE,
  type PlanarImage,
  planarToRgb,
  rgbToPlanar,
  type TileModel,
  type UpscaleOptions,
  type UpscaleResult,
  upscaleImage,
} from './upscale';

/** The ESRGAN slim upscaler for `scale`, converted under `modelsDir` if needed, and opened. */
export async function openEsrganSlim(
  modelsDir: string,
  scale: number,
  opts: Omit<OpenUpscalerOptions, 'label'> = {},
): Promise<UpscaleModel> {
  const installed = await ensureEsrganSlim(modelsDir, scale);
  return openUpscaler(installed.file, { ...opts, label: installed.manifest.label });
}
