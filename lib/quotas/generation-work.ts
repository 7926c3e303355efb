// What one generation costs the engine, in megapixel-steps: each denoising step's work grows with
// the pixels it denoises, so steps × pixels × images bounds a request's time on a given machine.
import type { Routing } from '../profiles/route';

/**
 * A megapixel through the model upscaler, counted as this many denoising steps: tiled ESRGAN costs
 * per pixel what many UNet steps do, and an HD request spends most of its time there (the figures
 * are in the body of the commit that set this).
 */
export const UPSCALE_STEPS_PER_MEGAPIXEL = 20;

export function megapixelSteps(r: Routing, count: number): number {
  if (r.grid) return r.grid.cells.reduce((sum, c) => sum + c.steps * r.grid!.size ** 2, 0) / 1e6;
  const { steps, width, height } = r.request;
  const base = width * height;
  let perImage = steps * base;
  let upscaled = 0;
  const hires = r.stages.hires;
  if (hires) {
    // img2img at strength s runs the last ⌈steps × s⌉ steps, at the upscaled size.
    perImage += Math.ceil(steps * hires.strength) * base * hires.scale ** 2;
    if (hires.upscale === 'model' && r.stages.upscaler) upscaled += base;
  }
  if (r.stages.upscaler) upscaled += base * (hires ? hires.scale ** 2 : 1);
  return (count * (perImage + upscaled * UPSCALE_STEPS_PER_MEGAPIXEL)) / 1e6;
}

/** The request as a person would say it, for the refusal. */
export function describeRequest(r: Routing, count: number): string {
  if (r.grid)
    return `a diagnostics grid of ${r.grid.cells.length} renders at ${r.grid.size}×${r.grid.size}`;
  const { steps, width, height } = r.request;
  const images = count === 1 ? '1 image' : `${count} images`;
  const stages = [r.stages.hires && 'a hires pass', r.stages.upscaler && 'the upscaler'].filter(
    Boolean,
  );
  return `${images} at ${width}×${height} with ${steps} steps${stages.length ? ` and ${stages.join(' and ')}` : ''}`;
}
