import { z } from 'zod';
import type { Db } from '../../db/client';
import { type ModelEntry, ModelRegistry } from '../../engine/models/registry';
import { appendAudit } from '../audit/chain';
import { readEnv } from '../config/env';
import { fromEngineError } from '../engine-errors';
import { AppError } from '../errors';
import { isMember, type Principal } from '../workspaces/access';

export const AddModelInput = z.object({
  path: z.string().trim().min(1, 'give the folder path').max(4096),
  id: z.string().trim().max(64).optional(),
});

// Its own registry, not engine()'s: route bundles must never be the ones to create the process's inference worker.
const registry = () => new ModelRegistry(readEnv().modelsDir);

const publicModel = (m: ModelEntry) => ({
  id: m.id,
  label: m.label,
  family: m.familyLabel,
  roles: m.roles,
  builtin: m.builtin,
  defaults: m.defaults,
});

/** Server paths are for those who manage models: the instance admin and the local operator. */
const managesModels = (who: Principal) => !isMember(who) || who.isAdmin;

/** The message with each absolute path in it shown as `…`; the folder's first, whole, as it may hold spaces. */
export function withoutPaths(message: string, dir: string): string {
  return message
    .split(dir)
    .join('…')
    .replace(/(^|[\s'"(=])~?\/[^\s'"()]*/g, '$1…');
}

export async function listImageModels(who: Principal) {
  const { models, problems } = await registry().list();
  if (managesModels(who))
    return {
      models: models.map((m) => ({ ...publicModel(m), path: m.dir })),
      problems: problems.map(({ id, dir, message }) => ({ id, dir, message })),
    };
  return {
    models: models.map(publicModel),
    problems: problems.map(({ id, dir, message }) => ({ id, message: withoutPaths(message, dir) })),
  };
}

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
    entry = await registry().add(input.path, input.id || undefined);
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
