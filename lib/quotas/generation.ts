// Checked before an image job is queued: the person's and the workspace's generation quotas, and
// the request's size, so that the worst request anyone can make is bounded in time.
import type { Db } from '../../db/client';
import type { Profile } from '../../engine/models/family';
import { fromEngineError } from '../engine-errors';
import { AppError } from '../errors';
import { engine } from '../jobs/engine';
import { routeGeneration } from '../profiles/route';
import type { Principal } from '../workspaces/access';
import { checkQuota } from './check';
import { describeRequest, megapixelSteps } from './generation-work';
import { readQuotas } from './settings';

export type GenerationAsk = {
  prompt: string;
  width?: number;
  height?: number;
  steps?: number;
  count?: number;
};

type Caller = { db: Db; principal: Principal; workspaceId: string; profile: Profile };

const round = (x: number) => Number(x.toPrecision(3));

export async function checkGeneration(ctx: Caller, ask: GenerationAsk): Promise<void> {
  await checkQuota(ctx.db, ctx.principal, ctx.workspaceId, 'generations');
  const max = (await readQuotas(ctx.db)).maxGenerationMegapixelSteps;
  // The router the job runs decides the steps, size and stages a request leaves open.
  const routing = await routeGeneration(
    engine().registry,
    {
      profile: ctx.profile,
      prompt: ask.prompt,
      palette: [],
      explicit: { steps: ask.steps, width: ask.width, height: ask.height },
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
