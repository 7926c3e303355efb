// The largest-request bound (lib/quotas/settings.ts, megapixel-steps) applied to a request as the
// router will plan it. Free of the process's inference workers, so a route may call it.
import type { Db } from '../../db/client';
import type { Profile } from '../../engine/models/family';
import type { ModelRegistry } from '../../engine/models/registry';
import type { ImageSettings } from '../assistant/image-settings';
import { fromEngineError } from '../engine-errors';
import { AppError } from '../errors';
import { standaloneRegistry } from '../jobs/models';
import { routeGeneration } from '../profiles/route';
import { describeRequest, megapixelSteps } from './generation-work';
import { readQuotas } from './settings';

export type GenerationAsk = {
  prompt: string;
  modelId?: string;
  width?: number;
  height?: number;
  steps?: number;
  count?: number;
};

const round = (x: number) => Number(x.toPrecision(3));

/**
 * A chat message's image settings, checked before its turn starts so that a person learns at once
 * (400) that the model is not installed or the request is too large, not after the model has run.
 */
export async function checkImageSettings(db: Db, profile: Profile, s: ImageSettings) {
  try {
    await checkGenerationSize(db, standaloneRegistry(), profile, { prompt: '', ...s });
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found')
      throw new AppError('bad_request', `image.modelId: ${err.message}`);
    throw err;
  }
}

export async function checkGenerationSize(
  db: Db,
  registry: ModelRegistry,
  profile: Profile,
  ask: GenerationAsk,
): Promise<void> {
  const max = (await readQuotas(db)).maxGenerationMegapixelSteps;
  // The router the job runs decides the steps, size and stages a request leaves open.
  const routing = await routeGeneration(
    registry,
    {
      profile,
      prompt: ask.prompt,
      palette: [],
      explicit: { modelId: ask.modelId, steps: ask.steps, width: ask.width, height: ask.height },
    },
    { planOnly: true },
  ).catch((err) => {
    throw fromEngineError(err);
  });
  const count = ask.count ?? 1;
  const work = megapixelSteps(routing, count);
  if (work > max)
    throw new AppError(
      'bad_request',
      `${describeRequest(routing, count)} is ${round(work)} megapixel-steps (steps × pixels × images), more than the limit of ${max} for one request; ask for fewer steps, a smaller size or fewer images`,
    );
}
