import path from 'node:path';
import { sha256File } from '../../engine/models/hash';
import type { UpscalerStage } from '../../engine/pipelines/stages';
import { ensureEsrganSlim, resolveUpscalerFile } from '../../engine/upscale';
import { UPSCALERS_DIR } from '../../engine/upscale/esrgan-slim';

const ESRGAN_SLIM = /^esrgan-slim-x(\d)$/;

/**
 * The upscaler a profile names: `esrgan-slim-x<scale>` is converted from the npm package's weights
 * on first use; any other id is a user's Real-ESRGAN-style ONNX in `<modelsDir>/upscalers/<id>/`.
 */
export async function resolveUpscaler(
  modelsDir: string,
  id: string,
  tiling: { tile: number; overlap: number },
): Promise<UpscalerStage> {
  const slim = ESRGAN_SLIM.exec(id);
  if (slim) {
    const installed = await ensureEsrganSlim(modelsDir, Number(slim[1]));
    const files: Record<string, string> = { ...installed.manifest.files };
    for (const [name, digest] of Object.entries(installed.manifest.source.files))
      files[`source/${name}`] = digest;
    return { id, dir: installed.dir, files, ...tiling };
  }
  const dir = path.join(modelsDir, UPSCALERS_DIR, id);
  const file = await resolveUpscalerFile(dir, `upscaler "${id}"`);
  return { id, dir, files: { [path.basename(file)]: await sha256File(file) }, ...tiling };
}
