// The refusal a person gets when they, or their workspace, reached a limit: a 429 that says which
// limit it is and when the next request will be accepted.
import type { DbOrTx } from '../../db/client';
import { AppError } from '../errors';
import { isMember, type Principal } from '../workspaces/access';
import { type QuotaKind, readQuotas } from './settings';
import { madeAt, usageSince } from './usage';

const NOUN: Record<QuotaKind, [string, string]> = {
  turns: ['chat turn', 'chat turns'],
  generations: ['image generation', 'image generations'],
  searches: ['web search', 'web searches'],
  uploads: ['upload', 'uploads'],
};

const window = (minutes: number) =>
  minutes % 60 === 0
    ? minutes === 60
      ? 'hour'
      : `${minutes / 60} hours`
    : minutes === 1
      ? 'minute'
      : `${minutes} minutes`;

function wait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.ceil(s / 60);
  return m <= 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function quotaRefusal(
  kind: QuotaKind,
  whose: 'your' | "this workspace's",
  limit: number,
  windowMinutes: number,
  resetAt: Date,
  now: Date,
): AppError {
  const [one, many] = NOUN[kind];
  return new AppError(
    'rate_limited',
    `${whose === 'your' ? 'You have' : 'This workspace has'} reached ${whose === 'your' ? 'your' : 'its'} limit of ${limit} ${limit === 1 ? one : many} per ${window(windowMinutes)}; the next one is allowed at ${resetAt.toISOString().slice(0, 19)}Z (in ${wait(resetAt.getTime() - now.getTime())}).`,
  );
}

/**
 * Refuses (429) a request of `kind` in `workspaceId` when the person or the workspace has used up
 * its quota in the window. The local operator (the CLI) has none. Counted, not reserved: requests
 * that arrive together may each pass, so a limit can be passed by as many as run at once.
 */
export async function checkQuota(
  db: DbOrTx,
  who: Principal,
  workspaceId: string,
  kind: QuotaKind,
  now = new Date(),
): Promise<void> {
  if (!isMember(who)) return;
  const limit = (await readQuotas(db))[kind];
  const since = new Date(now.getTime() - limit.windowMinutes * 60_000);
  const scopes = [
    { whose: 'your' as const, max: limit.perUser, scope: { userId: who.userId, actor: who.actor } },
    { whose: "this workspace's" as const, max: limit.perWorkspace, scope: { workspaceId } },
  ];
  for (const { whose, max, scope } of scopes) {
    const used = await usageSince(db, kind, scope, since);
    if (used < max) continue;
    const oldest = (await madeAt(db, kind, scope, since, used - max)) ?? now;
    const resetAt = new Date(oldest.getTime() + limit.windowMinutes * 60_000);
    throw quotaRefusal(kind, whose, max, limit.windowMinutes, resetAt, now);
  }
}
