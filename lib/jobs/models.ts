import { z } from 'zod';
import type { Db } from '../../db/client';
import { type ModelRole, PROFILES, type Profile } from '../../engine/models/family';
import { type ModelEntry, ModelRegistry } from '../../engine/models/registry';
import { IMAGE_SETTING_LIMITS } from '../assistant/image-settings';
import { appendAudit } from '../audit/chain';
import { readEnv } from '../config/env';
import { fromEngineError } from '../engine-errors';
import { AppError } from '../errors';
import { profileDefaults } from '../profiles/defaults';
import { profileSpecs } from '../profiles/schema';
import { isMember, type Principal } from '../workspaces/access';

export const AddModelInput = z.object({
  path: z.string().trim().min(1, 'give the folder path').max(4096),
  id: z.string().trim().max(64).optional(),
});

// Its own registry, not engine()'s: route bundles must never be the ones to create the process's inference worker.
export const standaloneRegistry = () => new ModelRegistry(readEnv().modelsDir);

const publicModel = (m: ModelEntry) => ({
  id: m.id,
  label: m.label,
  family: m.familyLabel,
  roles: m.roles,
  builtin: m.builtin,
  defaults: m.defaults,
  /** What each profile renders with on this model when the message sets nothing. */
  profiles: profileDefaults(m),
});

type ProfileModel = { role: ModelRole; modelId: string };

/** The role each profile asks for, and the model that renders it when a message names none. */
async function profileModels(registry: ModelRegistry): Promise<Record<Profile, ProfileModel>> {
  const specs = profileSpecs();
  const byRole = new Map<ModelRole, string>();
  for (const p of PROFILES) {
    const role = specs[p].modelRole;
    if (!byRole.has(role)) byRole.set(role, (await registry.forRole(role)).model.id);
  }
  return Object.fromEntries(
    PROFILES.map((p) => {
      const role = specs[p].modelRole;
      return [p, { role, modelId: byRole.get(role) }];
    }),
  ) as Record<Profile, ProfileModel>;
}

/** Server paths are for those who manage models: the instance admin and the local operator. */
const managesModels = (who: Principal) => !isMember(who) || who.isAdmin;

/** The message with each absolute path in it shown as `…`; the folder's first, whole, as it may hold spaces. */
export function withoutPaths(message: string, dir: string): string {
  return message
    .split(dir)
    .join('…')
    .replace(/(^|[\s'"(=])~?\/[^\s'"()]*/g, '$1…');
}

/**
 * The installed models with each profile's defaults on them, the model each profile picks, and the
 * limits of a request's settings: what the composer's Advanced panel offers and shows.
 */
export async function listImageModels(who: Principal) {
  const registry = standaloneRegistry();
  const { models, problems } = await registry.list();
  const common = { profileModels: await profileModels(registry), limits: IMAGE_SETTING_LIMITS };
  if (managesModels(who))
    return {
      models: models.map((m) => ({ ...publicModel(m), path: m.dir })),
      problems: problems.map(({ id, dir, message }) => ({ id, dir, message })),
      ...common,
    };
  return {
    models: models.map(publicModel),
    problems: problems.map(({ id, dir, message }) => ({ id, message: withoutPaths(message, dir) })),
    ...common,
  };
}
export type ImageModelListing = Awaited<ReturnType<typeof listImageModels>>;

/**
 * Registers a diffusers ONNX folder on this machine's disk, audited with its file digests: an admin
 * over HTTP, or the local operator (who can write the models folder anyway) from the CLI.
 */
export async function registerImageModel(
  db: Db,
  who: Principal,
  input: z.infer<typeof AddModelInput>,
): Promise<ModelEntry> {
  if (!managesModels(who)) throw new AppError('forbidden', 'only an admin can add image models');
  let entry: ModelEntry;
  try {
    entry = await standaloneRegistry().add(input.path, input.id || undefined);
  } catch (err) {
    throw fromEngineError(err);
  }
  await db.transaction((tx) =>
    appendAudit(tx, {
      actor: who.actor,
      action: 'model.added',
      subject: `model:${entry.id}`,
      payload: { family: entry.family, files: entry.files },
    }),
  );
  return entry;
}

export const addImageModel = async (db: Db, who: Principal, input: z.infer<typeof AddModelInput>) =>
  publicModel(await registerImageModel(db, who, input));
