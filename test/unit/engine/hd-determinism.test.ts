// The same HD request gives the same bytes: base render, hires pass, ESRGAN upscaler, text layer
// and OCR gate, every stage's parameters in the PNG, run twice in fresh generators.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '@/engine/models/registry';
import { Generator } from '@/engine/pipelines/generate';
import { readTextChunks } from '@/engine/png';
import { type ImageMetadata, readMetadataJson } from '@/engine/png/metadata';
import { routeGeneration } from '@/lib/profiles/route';

let root: string;
let registry: ModelRegistry;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'hd-bytes-'));
  registry = new ModelRegistry(path.join(root, 'models'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function renderHd() {
  const prompt = 'HD banner with the headline "SPRING SALE"';
  const routing = await routeGeneration(registry, { profile: 'hd', prompt, palette: ['#141840'] });
  const generator = new Generator();
  try {
    return await generator.generate({
      modelId: routing.model.id,
      modelDir: routing.model.dir,
      request: { prompt, seed: 11, ...routing.request },
      stages: routing.stages,
    });
  } finally {
    await generator.close();
  }
}

describe('HD', () => {
  it('gives the same bytes for the same request, with every stage recorded in the PNG', async () => {
    const a = await renderHd();
    const b = await renderHd();
    expect(a.images[0].sha256).toBe(b.images[0].sha256);
    expect(a.images[0]).toMatchObject({ width: 1536, height: 1536 });
    const meta = readMetadataJson(readTextChunks(a.images[0].png).get('atelier')!) as ImageMetadata;
    expect(meta).toMatchObject({ width: 512, height: 512, steps: 30, seed: 11 });
    expect(meta.stages?.hires).toMatchObject({ to: [768, 768], strength: 0.35, steps: 10 });
    expect(meta.stages?.upscaler?.files['model.onnx']).toMatch(/^[0-9a-f]{64}$/);
    const params = meta.stages?.text?.attempts[0].params as { fonts: Array<{ sha256: string }> };
    expect(params.fonts.map((f) => f.sha256)).toEqual([
      '1b9fab96ffc7bca31a9d4cd4d660cce80b94695908ec7613afdece2b8cf803c2',
      'a414b48aa577ef2c62ebb135341ddeef33ee26a4f5dc9f787f93c1aab08ebb50',
    ]);
    expect(readTextChunks(a.images[0].png).get('parameters')).toMatch(
      /Denoising strength: 0\.35, Hires upscale: 1\.5, Hires upscaler: esrgan-slim-x2/,
    );
  }, 180_000);
});
