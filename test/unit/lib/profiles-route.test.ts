// The router: profiles.json decides what each profile renders, the registry picks the model by
// role, explicit settings win, and every decision leaves a reason.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '@/engine/models/registry';
import { routeGeneration } from '@/lib/profiles/route';
import { ProfilesFile, profileSpecs } from '@/lib/profiles/schema';

let root: string;
let registry: ModelRegistry;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'route-'));
  registry = new ModelRegistry(path.join(root, 'models'));
  await registry.list();
});
afterAll(() => rm(root, { recursive: true, force: true }));

const banner = 'HD banner with the headline "SPRING SALE"';

describe('profiles.json', () => {
  it('declares draft, hd and diagnostics, and the schema refuses what it does not know', () => {
    expect(Object.keys(profileSpecs()).sort()).toEqual(['diagnostics', 'draft', 'hd']);
    const broken = structuredClone(profileSpecs()) as Record<string, Record<string, unknown>>;
    broken.hd.hires = { scale: 3, strength: 0.3, upscale: 'model' };
    expect(ProfilesFile.safeParse(broken).success).toBe(false);
    broken.hd.hires = { scale: 1.5, strength: 0.3, upscale: 'model', extra: 1 };
    expect(ProfilesFile.safeParse(broken).success).toBe(false);
  });
});

describe('routeGeneration', () => {
  it('renders a draft with fewer steps and no stages, on the built-in model by default', async () => {
    const r = await routeGeneration(registry, { profile: 'draft', prompt: banner, palette: [] });
    expect(r.model.id).toBe('builtin');
    expect(r.request).toMatchObject({ steps: 8, width: 512, height: 512 });
    expect(r.stages.hires).toBeUndefined();
    expect(r.stages.upscaler).toBeUndefined();
    expect(r.stages.text).toBeUndefined();
    expect(r.reasons.join('\n')).toMatch(/no installed model has the draft role/);
  });

  it('plans HD as hires, upscaler and the quoted text, and says why', async () => {
    const r = await routeGeneration(registry, {
      profile: 'hd',
      prompt: banner,
      palette: ['#2e7d32', '#faf0d7'],
    });
    expect(r.request.steps).toBe(30);
    expect(r.stages.hires).toEqual({ scale: 1.5, strength: 0.35, upscale: 'model' });
    expect(r.stages.upscaler?.id).toBe('esrgan-slim-x2');
    expect(r.stages.upscaler?.files['model.onnx']).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stages.text).toMatchObject({
      lines: ['SPRING SALE'],
      palette: ['#2e7d32', '#faf0d7'],
    });
    const why = r.reasons.join('\n');
    expect(why).toMatch(/30 steps \(1\.5 × the model's 20\)/);
    expect(why).toMatch(/512×512 → 768×768/);
    expect(why).toMatch(/"SPRING SALE" quoted in the prompt/);
    expect(why).toMatch(/references' palette \(2 colours\)/);
  });

  it('says so when an HD prompt quotes no text', async () => {
    const r = await routeGeneration(registry, {
      profile: 'hd',
      prompt: 'a red circle',
      palette: [],
    });
    expect(r.stages.text).toBeUndefined();
    expect(r.reasons).toContain('no quoted text in the prompt, so no text layer');
  });

  it('lets explicit settings win over the profile', async () => {
    const r = await routeGeneration(registry, {
      profile: 'hd',
      prompt: banner,
      palette: [],
      explicit: { steps: 12, scheduler: 'ddim', width: 640 },
    });
    expect(r.request).toMatchObject({ steps: 12, scheduler: 'ddim', width: 640, height: 512 });
    expect(r.reasons).toContain('12 steps, asked for');
  });

  it('lays out the diagnostics grid from the profile', async () => {
    const r = await routeGeneration(registry, {
      profile: 'diagnostics',
      prompt: banner,
      palette: [],
    });
    expect(r.grid?.size).toBe(384);
    expect(r.grid?.cells).toHaveLength(6);
    expect(r.grid?.cells[0]).toEqual({ scheduler: 'euler', steps: 12, guidance: 1.75 });
    expect(profileSpecs().diagnostics.grid?.guidance).toEqual([7.5]);
  });

  it('picks an installed model by role, with its family block laid over the profile', async () => {
    const turbo = path.join(registry.modelsDir, 'sd-turbo');
    await cp(path.join(registry.modelsDir, 'builtin'), turbo, { recursive: true });
    const index = JSON.parse(await readFile(path.join(turbo, 'model_index.json'), 'utf8'));
    delete index._atelier;
    await writeFile(path.join(turbo, 'model_index.json'), JSON.stringify(index));
    try {
      const draft = await routeGeneration(registry, {
        profile: 'draft',
        prompt: banner,
        palette: [],
      });
      expect(draft.model.id).toBe('sd-turbo');
      expect(draft.request).toMatchObject({ steps: 1, guidance: 0 });
      expect(draft.reasons.join('\n')).toMatch(/"sd-turbo" is installed with the draft role/);
      const hd = await routeGeneration(registry, { profile: 'hd', prompt: banner, palette: [] });
      expect(hd.model.id).toBe('builtin');
    } finally {
      await rm(turbo, { recursive: true, force: true });
    }
  });
});
