// The model registry: built-in model on first use, folders in the models directory, folders
// added by path, families and roles, cached file hashes.
import { cp, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_LABEL } from '../../../engine/models/builtin/build';
import { HashCache, sha256File } from '../../../engine/models/hash';
import { ModelRegistry, modelIdFor } from '../../../engine/models/registry';
import { tempDir, variantFolder } from './helpers/engine-fixtures';

let root: Awaited<ReturnType<typeof tempDir>>;
let modelsDir: string;
beforeAll(async () => {
  root = await tempDir('registry-');
  modelsDir = path.join(root.dir, 'models');
});
afterAll(() => root.cleanup());

describe('ModelRegistry', () => {
  it('serves many registries asking at once on a fresh models directory (the first page load beside the first render)', async () => {
    const fresh = path.join(root.dir, 'fresh-models');
    const asks = Array.from({ length: 24 }, (_, i) =>
      i % 2
        ? new ModelRegistry(fresh).list().then((l) => l.models[0].id)
        : new ModelRegistry(fresh).forRole('draft').then((r) => r.model.id),
    );
    expect(new Set(await Promise.all(asks))).toEqual(new Set(['builtin']));
  });

  it('builds the built-in model on first use and lists it first', async () => {
    const registry = new ModelRegistry(modelsDir);
    const {
      models: [builtin],
      problems,
    } = await registry.list();
    expect(problems).toEqual([]);
    expect(builtin).toMatchObject({
      id: 'builtin',
      label: BUILTIN_LABEL,
      family: 'builtin',
      roles: ['draft', 'hd'],
      builtin: true,
    });
    expect(builtin.dir).toBe(path.join(modelsDir, 'builtin'));
    expect(builtin.files['unet/model.onnx']).toBe(
      await sha256File(path.join(modelsDir, 'builtin', 'unet', 'model.onnx')),
    );
    expect(Object.keys(builtin.files)).toHaveLength(12);
    expect(builtin.defaults).toMatchObject({
      width: 512,
      height: 512,
      steps: 20,
      guidance: 1.75,
      scheduler: 'euler',
    });
    expect((await registry.forRole('hd')).reason).toMatch(/no installed model has the hd role/);
  });

  it('finds model folders inside the models directory and tells their families', async () => {
    const sd = path.join(modelsDir, 'My SD 1.5 model');
    await cp(path.join(modelsDir, 'builtin'), sd, { recursive: true });
    const index = JSON.parse(await readFile(path.join(sd, 'model_index.json'), 'utf8'));
    delete index._atelier;
    await writeFile(path.join(sd, 'model_index.json'), JSON.stringify(index));
    const turbo = path.join(modelsDir, 'sd-turbo');
    await cp(sd, turbo, { recursive: true });
    const registry = new ModelRegistry(modelsDir);
    expect(await registry.ids()).toEqual(['builtin', 'my-sd-1.5-model', 'sd-turbo']);
    const entry = await registry.get('my-sd-1.5-model');
    expect(entry).toMatchObject({
      family: 'sd1',
      familyLabel: 'SD 1.x',
      roles: ['hd'],
      label: 'My SD 1.5 model',
      builtin: false,
    });
    expect(entry.defaults).toMatchObject({ guidance: 7.5, steps: 25, scheduler: 'euler' });
    expect(await registry.get('sd-turbo')).toMatchObject({
      family: 'turbo',
      roles: ['draft'],
      defaults: { steps: 1, guidance: 0 },
    });
    expect((await registry.forRole('hd')).model.id).toBe('my-sd-1.5-model');
    expect((await registry.forRole('draft')).model.id).toBe('sd-turbo');
    index._atelier = { roles: ['draft', 'hd', 'poster'] };
    await writeFile(path.join(sd, 'model_index.json'), JSON.stringify(index));
    expect((await registry.get('my-sd-1.5-model')).roles).toEqual(['draft', 'hd']);
    expect((await registry.forRole('draft')).model.id).toBe('my-sd-1.5-model');
  });

  it('adds folders by path and refuses unknown ids and taken ones', async () => {
    const registry = new ModelRegistry(modelsDir);
    const elsewhere = await variantFolder(root.dir, { prediction: 'v_prediction' });
    const added = await registry.add(elsewhere, 'shapes-v');
    expect(added).toMatchObject({ id: 'shapes-v', dir: elsewhere, family: 'builtin' });
    expect(await new ModelRegistry(modelsDir).ids()).toContain('shapes-v');
    await expect(registry.add(elsewhere, 'shapes-v')).resolves.toMatchObject({ id: 'shapes-v' });
    await expect(registry.add(path.join(modelsDir, 'sd-turbo'), 'shapes-v')).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(registry.add(path.join(root.dir, 'missing'))).rejects.toMatchObject({
      code: 'model_missing_file',
    });
    await expect(registry.get('nope')).rejects.toMatchObject({
      code: 'unknown_model',
      message: 'unknown model "nope" (installed: builtin, my-sd-1.5-model, sd-turbo, shapes-v)',
    });
  });

  it('makes ids from folder names', () => {
    expect(modelIdFor('Stable Diffusion v1-5 (ONNX)')).toBe('stable-diffusion-v1-5-onnx-');
    expect(modelIdFor('...')).toBe('model');
  });
});

describe('HashCache', () => {
  it('hashes once per size and mtime, and again when a file changes', async () => {
    const file = path.join(root.dir, 'weights.bin');
    await writeFile(file, 'abc');
    const cacheFile = path.join(root.dir, 'hash-cache.json');
    const first = new HashCache(cacheFile);
    expect(await first.hashAll(new Map([['w', file]]))).toEqual({
      w: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
    // A stale cache entry with the same size and mtime is trusted: proof that the cache is used.
    const cached = JSON.parse(await readFile(cacheFile, 'utf8'));
    cached[file].sha256 = 'cached';
    await writeFile(cacheFile, JSON.stringify(cached));
    expect(await new HashCache(cacheFile).hash(file)).toBe('cached');
    const s = await stat(file);
    await utimes(file, s.atime, new Date(s.mtimeMs + 5000));
    expect(await new HashCache(cacheFile).hash(file)).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
