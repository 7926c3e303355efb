// The size of one generation as the quota weighs it, from the plan the router makes without
// touching the upscaler's files.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '@/engine/models/registry';
import { routeGeneration } from '@/lib/profiles/route';
import { describeRequest, megapixelSteps } from '@/lib/quotas/generation-work';

let root: string;
let registry: ModelRegistry;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'work-'));
  registry = new ModelRegistry(path.join(root, 'models'));
  await registry.list();
});
afterAll(() => rm(root, { recursive: true, force: true }));

const plan = (profile: 'draft' | 'hd' | 'diagnostics', explicit = {}) =>
  routeGeneration(
    registry,
    { profile, prompt: 'a red circle', palette: [], explicit },
    { planOnly: true },
  );

describe('megapixel-steps of a request', () => {
  it('counts steps × pixels × images for a draft', async () => {
    const r = await plan('draft', { width: 1024, height: 1024, steps: 47 });
    expect(megapixelSteps(r, 4)).toBeCloseTo((4 * 47 * 1024 * 1024) / 1e6, 6);
    expect(describeRequest(r, 4)).toBe('4 images at 1024×1024 with 47 steps');
  });

  it('adds the hires pass and the upscaler for HD, planned without converting the upscaler', async () => {
    const r = await plan('hd');
    const { steps, width, height } = r.request;
    const base = width * height;
    const hires = Math.ceil(steps * 0.35) * base * 2.25;
    const upscaled = (base + base * 2.25) * 20;
    expect(megapixelSteps(r, 1)).toBeCloseTo((steps * base + hires + upscaled) / 1e6, 6);
    expect(r.stages.upscaler).toMatchObject({ id: 'esrgan-slim-x2', dir: '', files: {} });
    // Nothing was written under the models folder for the upscaler.
    expect(await readdir(path.join(root, 'models')).catch(() => [])).not.toContain('upscalers');
    // The default HD request, four images at the built-in model's size, stays within the default cap.
    expect(megapixelSteps(r, 4)).toBeLessThan(200);
    expect(megapixelSteps(await plan('hd', { width: 1024, height: 1024 }), 2)).toBeGreaterThan(200);
  });

  it('sums the cells of a diagnostics grid', async () => {
    const r = await plan('diagnostics');
    const cells = r.grid!.cells;
    expect(megapixelSteps(r, 1)).toBeCloseTo(
      cells.reduce((s, c) => s + c.steps * r.grid!.size ** 2, 0) / 1e6,
      6,
    );
  });
});
