import { asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { auditCheckpoints, auditEvents } from '../../db/schema';
import { logInternal } from '../errors';
import { verifyAuditChain } from './chain';
import { signCheckpoint, signedWith } from './checkpoints';
import { describeProblem } from './problems';
import type { SigningKey } from './signing-key';

/** A checkpoint is due once this many events follow the last one, or it is this old. */
export type CheckpointPolicy = { everyEvents: number; everyMs: number };
export const CHECKPOINT_POLICY: CheckpointPolicy = { everyEvents: 100, everyMs: 10 * 60_000 };

export type CheckpointOutcome =
  | { status: 'signed'; seq: number }
  | { status: 'not_due' }
  /** The log does not extend the last checkpoint as it should: nothing is signed over it. */
  | { status: 'refused'; problem: string };

/**
 * Signs the chain head when a checkpoint is due, after checking that the events since the last
 * checkpoint (all of them, before the first) link to it and that it is this installation's. The
 * chain is read outside any transaction, so writers never wait on this for the audit lock.
 */
export async function checkpointIfDue(
  db: DbOrTx,
  key: SigningKey,
  policy: CheckpointPolicy = CHECKPOINT_POLICY,
  now = Date.now(),
): Promise<CheckpointOutcome> {
  const first = (order: 'asc' | 'desc') =>
    db
      .select({ seq: auditEvents.seq, hash: auditEvents.hash, createdAt: auditEvents.createdAt })
      .from(auditEvents)
      .orderBy(order === 'asc' ? asc(auditEvents.seq) : desc(auditEvents.seq))
      .limit(1);
  const [[head], [last]] = await Promise.all([
    first('desc'),
    db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1),
  ]);
  if (!head || (last && last.seq >= head.seq)) return { status: 'not_due' };
  const since = last ? last.signedAt : (await first('asc'))[0].createdAt;
  if (head.seq - (last?.seq ?? 0) < policy.everyEvents && now - Date.parse(since) < policy.everyMs)
    return { status: 'not_due' };
  if (last) {
    if (!signedWith(last, key.keyId))
      return refused(
        `the checkpoint at seq ${last.seq} is not signed with this installation's key`,
      );
    const [at] = await db
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .where(eq(auditEvents.seq, last.seq));
    if (at?.hash !== last.headHash)
      return refused(`the chain no longer holds the head signed at seq ${last.seq}`);
  }
  const chain = await verifyAuditChain(
    db,
    last ? { seq: last.seq, hash: last.headHash } : undefined,
  );
  if (!chain.ok || !chain.head) return refused(describeProblem(chain.problems[0]));
  const signed = await signCheckpoint(db, key, chain.head);
  return signed.created ? { status: 'signed', seq: signed.seq } : { status: 'not_due' };
}

const refused = (problem: string): CheckpointOutcome => ({ status: 'refused', problem });

/**
 * Runs `checkpointIfDue` now and every `tickMs` (one run at a time) until stopped; a refusal is
 * logged once per problem. `stop` waits for a run in progress.
 */
export function startCheckpoints(
  db: DbOrTx,
  key: SigningKey,
  opts: { tickMs?: number; policy?: CheckpointPolicy } = {},
): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  let reported = '';
  const tick = () => {
    running ??= checkpointIfDue(db, key, opts.policy)
      .then((outcome) => {
        if (outcome.status !== 'refused' || outcome.problem === reported) return;
        reported = outcome.problem;
        console.error(`[atelier] audit checkpoint refused: ${outcome.problem}`);
      })
      .catch((err) => logInternal(err, 'audit checkpoint'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.tickMs ?? 60_000);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
