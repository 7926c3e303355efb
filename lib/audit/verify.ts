import type { DbOrTx } from '../../db/client';
import { verifyAuditChain } from './chain';
import { verifyMessageDigests } from './message-digests';
import type { AuditProblem } from './problems';

export type AuditVerification = {
  ok: boolean;
  /** Events in the log. */
  count: number;
  /** Messages whose digest was recomputed from their row. */
  messagesChecked: number;
  /** In seq order, so the first names the first broken link. */
  problems: AuditProblem[];
};

/** Everything `atelier audit verify` checks: the chain's links and the message digests. */
export async function verifyAudit(db: DbOrTx): Promise<AuditVerification> {
  const chain = await verifyAuditChain(db);
  const digests = await verifyMessageDigests(db);
  const problems = [...chain.problems, ...digests.problems].sort((a, b) => a.seq - b.seq);
  return {
    ok: problems.length === 0,
    count: chain.count,
    messagesChecked: digests.checked,
    problems,
  };
}
