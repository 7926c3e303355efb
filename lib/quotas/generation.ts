// Checked before an image job is queued: the person's and the workspace's generation quotas, and
// the request's size, so that the worst request anyone can make is bounded in time.
import type { Db } from '../../db/client';
import type { Profile } from '../../engine/models/family';
import { engine } from '../jobs/engine';
import type { Principal } from '../workspaces/access';
import { checkQuota } from './check';
import { checkGenerationSize, type GenerationAsk } from './generation-size';

type Caller = { db: Db; principal: Principal; workspaceId: string; profile: Profile };

export async function checkGeneration(ctx: Caller, ask: GenerationAsk): Promise<void> {
  await checkQuota(ctx.db, ctx.principal, ctx.workspaceId, 'generations');
  await checkGenerationSize(ctx.db, engine().registry, ctx.profile, ask);
}
