import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { asc, desc } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { auditEvents } from '../../db/schema';
import { xactLock } from '../../db/xact-lock';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditInput = {
  actor: string;
  action: string;
  subject: string;
  workspaceId?: string | null;
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
    payload: input.payload ?? {},
    createdAt: new Date().toISOString(),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = hashAuditRow(row, prevHash);
  await tx.insert(auditEvents).values({ ...row, prevHash, hash });
  return { seq: row.seq, hash };
}

export type ChainReport = { ok: boolean; count: number; problems: string[] };

export async function verifyAuditChain(db: DbOrTx): Promise<ChainReport> {
  const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  rows.forEach((r, i) => {
    if (r.seq !== i + 1) problems.push(`seq ${r.seq}: expected ${i + 1}`);
    if (r.prevHash !== prev)
      problems.push(`seq ${r.seq}: prev_hash does not match the previous row`);
    const { prevHash, hash, ...fields } = r;
    if (hashAuditRow(fields, prevHash) !== hash)
      problems.push(`seq ${r.seq}: hash does not match its row`);
    prev = r.hash;
  });
  return { ok: problems.length === 0, count: rows.length, problems };
}
