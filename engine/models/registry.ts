// The models a data root can use: the built-in model, every diffusers ONNX folder inside the
// models directory, and folders added by path (kept in <modelsDir>/registry.json).
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError, invalid } from '../errors';
import type { ModelDefaults } from '../pipelines/types';
import { BUILTIN_ID, BUILTIN_LABEL, ensureBuiltinModel } from './builtin/build';
import {
  defaultsFor,
  detectFamily,
  FAMILY_LABELS,
  MODEL_ROLES,
  type ModelFamily,
  type ModelRole,
  ROLES,
} from './family';
import { HashCache } from './hash';
import { readModelFolder } from './model-folder';

export interface ModelEntry {
  id: string;
  label: string;
  family: ModelFamily;
  familyLabel: string;
  roles: ModelRole[];
  dir: string;
  builtin: boolean;
  /** sha256 of every file the model reads, by relative path. */
  files: Record<string, string>;
  defaults: ModelDefaults;
}

export interface ModelProblem {
  id: string;
  dir: string;
  code: string;
  message: string;
}

interface Added {
  id: string;
  path: string;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function modelIdFor(folderName: string): string {
  const id = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return id || 'model';
}

export class ModelRegistry {
  readonly hashCacheFile: string;
  private readonly hashes: HashCache;

  constructor(readonly modelsDir: string) {
    this.hashCacheFile = path.join(modelsDir, '.hash-cache.json');
    this.hashes = new HashCache(this.hashCacheFile);
  }

  private get addedFile(): string {
    return path.join(this.modelsDir, 'registry.json');
  }

  private async added(): Promise<Added[]> {
    try {
      const parsed = JSON.parse(await readFile(this.addedFile, 'utf8')) as { models?: Added[] };
      return Array.isArray(parsed.models) ? parsed.models : [];
    } catch {
      return [];
    }
  }

  /** Model folders by id: built-in first, then folders inside the models directory, then added paths. */
  private async locations(): Promise<Map<string, string>> {
    const out = new Map<string, string>([[BUILTIN_ID, await ensureBuiltinModel(this.modelsDir)]]);
    const names = await readdir(this.modelsDir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const dir = path.join(this.modelsDir, name);
      const id = modelIdFor(name);
      if (out.has(id) || name.includes('.tmp-') || name.includes('.old-')) continue;
      if (
        await stat(path.join(dir, 'model_index.json')).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        out.set(id, dir);
    }
    for (const a of await this.added()) if (!out.has(a.id)) out.set(a.id, a.path);
    return out;
  }

  async ids(): Promise<string[]> {
    return [...(await this.locations()).keys()];
  }

  /** Usable models, and the folders that could not be read (with the reason) instead of failing the list. */
  async list(): Promise<{ models: ModelEntry[]; problems: ModelProblem[] }> {
    const models: ModelEntry[] = [];
    const problems: ModelProblem[] = [];
    for (const [id, dir] of await this.locations()) {
      try {
        models.push(await this.describe(id, dir));
      } catch (err) {
        if (!(err instanceof EngineError)) throw err;
        problems.push({ id, dir, code: err.code, message: err.message });
      }
    }
    return { models, problems };
  }

  /**
   * The first installed model (in id order) serving `role`, the built-in model when none does; the
   * reason says which, for the router to record.
   */
  async forRole(role: ModelRole): Promise<{ model: ModelEntry; reason: string }> {
    const { models } = await this.list();
    const real = models
      .filter((m) => !m.builtin && m.roles.includes(role))
      .sort((a, b) => a.id.localeCompare(b.id));
    if (real.length)
      return { model: real[0], reason: `"${real[0].id}" is installed with the ${role} role` };
    const builtin = models.find((m) => m.builtin) ?? (await this.get());
    return {
      model: builtin,
      reason: `no installed model has the ${role} role, so the built-in model renders`,
    };
  }

  /** The named model, or the built-in one when no id is given. */
  async get(id?: string): Promise<ModelEntry> {
    const locations = await this.locations();
    const wanted = id ?? BUILTIN_ID;
    const dir = locations.get(wanted);
    if (!dir)
      throw new EngineError(
        'unknown_model',
        `unknown model "${wanted}" (installed: ${[...locations.keys()].join(', ')})`,
      );
    return this.describe(wanted, dir);
  }

  /** Register a diffusers ONNX folder by path after checking it. */
  async add(folder: string, id?: string): Promise<ModelEntry> {
    const dir = path.resolve(folder);
    const modelId = id ?? modelIdFor(path.basename(dir));
    if (!ID_PATTERN.test(modelId))
      throw invalid(`model id "${modelId}" must be lower-case letters, digits, ".", "_" or "-"`);
    const known = await this.locations();
    if (known.has(modelId)) {
      if (path.resolve(known.get(modelId)!) === dir) return this.describe(modelId, dir);
      throw invalid(`a model with id "${modelId}" is already installed; choose another id`);
    }
    const entry = await this.describe(modelId, dir);
    const added = [...(await this.added()), { id: modelId, path: dir }];
    const tmp = `${this.addedFile}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ models: added }, null, 2)}\n`);
    await rename(tmp, this.addedFile);
    return entry;
  }

  private async describe(id: string, dir: string): Promise<ModelEntry> {
    const folder = await readModelFolder(dir, id);
    const family = await detectFamily(folder.dir, folder.index, folder.schedulerConfig);
    const declaredLabel = (folder.index._atelier as { label?: string } | undefined)?.label;
    return {
      id,
      label: family === 'builtin' ? BUILTIN_LABEL : (declaredLabel ?? path.basename(folder.dir)),
      family,
      familyLabel: FAMILY_LABELS[family],
      roles: declaredRoles(folder.index) ?? ROLES[family],
      dir: folder.dir,
      builtin: id === BUILTIN_ID,
      files: await this.hashes.hashAll(folder.files),
      defaults: defaultsFor(family, folder.index, folder.schedulerConfig),
    };
  }
}

/** Roles a model folder declares in model_index.json's "_atelier" block, overriding its family's. */
function declaredRoles(index: Record<string, unknown>): ModelRole[] | undefined {
  const roles = (index._atelier as { roles?: unknown } | undefined)?.roles;
  if (!Array.isArray(roles)) return undefined;
  const known = roles.filter((r): r is ModelRole =>
    (MODEL_ROLES as readonly unknown[]).includes(r),
  );
  return known.length ? known : undefined;
}
