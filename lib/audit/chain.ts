import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { asc, desc, gt } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { auditEvents } from '../../db/schema';
import { xactLock } from '../../db/xact-lock';
import type { AuditProblem } from './problems';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditInput = {
  actor: string;
  action: string;
  subject: string;
  workspaceId?: string | null;
  /** Stored as `payload.conversationId`, which is how a conversation's events are found. */
  conversationId?: string | null;
  /** Ids and content digests only, never content: deleting content must not break the chain. */
  payload?: Record<string, unknown>;
};

type HashedFields = {
  seq: number;
  actor: string;
  action: string;
  subject: string;
  workspaceId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
};

export function hashAuditRow(row: HashedFields, prevHash: string): string {
  const canonical = canonicalize({ ...row, prevHash });
  if (canonical === undefined) throw new Error('audit row is not serialisable');
  return createHash('sha256').update(canonical).digest('hex');
}

/** Must run inside the transaction that makes the change it records. */
export async function appendAudit(
  tx: Tx,
  input: AuditInput,
): Promise<{ seq: number; hash: string }> {
  // Concurrent writers serialise here until their transaction ends, so seq and prev_hash stay a chain.
  await xactLock(tx, 'atelier.audit');
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const row: HashedFields = {
    seq: (last?.seq ?? 0) + 1,
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    // As the uuid column will give it back when the chain is verified.
    workspaceId: input.workspaceId?.toLowerCase() ?? null,
    payload:
      input.conversationId === undefined
        ? (input.payload ?? {})
        : { ...input.payload, conversationId: input.conversationId },
    createdAt: new Date().toISOString(),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = hashAuditRow(row, prevHash);
  await tx.insert(auditEvents).values({ ...row, prevHash, hash });
  return { seq: row.seq, hash };
}

export type ChainReport = {
  ok: boolean;
  /** Events checked. */
  count: number;
  /** The last event as stored, whatever else is wrong (`after` when none follows it); null for an empty log. */
  head: { seq: number; hash: string } | null;
  /** Every broken link in seq order; the first is where the chain stops being trustworthy. */
  problems: AuditProblem[];
};

/**
 * Re-derives every hash and link, from the genesis or, given `after` (a signed head), from the
 * events that follow it: those must link to its hash.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  after?: { seq: number; hash: string },
): Promise<ChainReport> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(after ? gt(auditEvents.seq, after.seq) : undefined)
    .orderBy(asc(auditEvents.seq));
  const problems: AuditProblem[] = [];
  let prevSeq = after?.seq ?? 0;
  let prev = after?.hash ?? GENESIS_HASH;
  for (const r of rows) {
    if (r.seq !== prevSeq + 1)
      problems.push({
        seq: r.seq,
        kind: 'gap',
        detail: `follows seq ${prevSeq}; ${r.seq - prevSeq - 1} event(s) missing before it`,
      });
    else if (r.prevHash !== prev)
      problems.push({
        seq: r.seq,
        kind: 'prev_hash',
        detail: 'prev_hash does not match the hash of the previous event',
      });
    const { prevHash, hash, ...fields } = r;
    if (hashAuditRow(fields, prevHash) !== hash)
      problems.push({ seq: r.seq, kind: 'hash', detail: 'hash does not match the stored event' });
    prevSeq = r.seq;
    prev = r.hash;
  }
  const last = rows.at(-1);
  return {
    ok: problems.length === 0,
    count: rows.length,
    head: last ? { seq: last.seq, hash: last.hash } : (after ?? null),
    problems,
  };
}
