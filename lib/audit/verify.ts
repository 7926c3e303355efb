import type { DbOrTx } from '../../db/client';
import { verifyAuditChain } from './chain';
import { signCheckpoint, verifyCheckpoints } from './checkpoints';
import { verifyErrorDigests } from './error-digests';
import { verifyMessageDigests } from './message-digests';
import type { AuditProblem } from './problems';
import type { SigningKey } from './signing-key';

export type AuditVerification = {
  ok: boolean;
  /** Events in the log. */
  count: number;
  /** Messages whose digest was recomputed from their row. */
  messagesChecked: number;
  /** Failed messages, generations, jobs and search runs whose stored error was digested again. */
  errorsChecked: number;
  checkpointsChecked: number;
  /** The checkpoint that now covers the head, when the log verified and a key was given. */
  checkpoint: { seq: number; created: boolean } | null;
  /** In seq order, so the first names the first broken link. */
  problems: AuditProblem[];
};

/**
 * Everything `atelier audit verify` checks: the chain's links, the message and error digests and
 * the signed checkpoints (against `key`'s id when given). A log that verifies gets its head signed with `key`.
 */
export async function verifyAudit(
  db: DbOrTx,
  key: SigningKey | null = null,
): Promise<AuditVerification> {
  const chain = await verifyAuditChain(db);
  const digests = await verifyMessageDigests(db);
  const errors = await verifyErrorDigests(db);
  const checkpoints = await verifyCheckpoints(db, key?.keyId ?? null);
  const problems = [
    ...chain.problems,
    ...digests.problems,
    ...errors.problems,
    ...checkpoints.problems,
  ].sort((a, b) => a.seq - b.seq);
  const ok = problems.length === 0;
  return {
    ok,
    count: chain.count,
    messagesChecked: digests.checked,
    errorsChecked: errors.checked,
    checkpointsChecked: checkpoints.checked,
    checkpoint: ok && key && chain.head ? await signCheckpoint(db, key, chain.head) : null,
    problems,
  };
}
