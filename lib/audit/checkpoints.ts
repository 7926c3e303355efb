import { sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { asc, desc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { auditCheckpoints, auditEvents } from '../../db/schema';
import type { AuditProblem } from './problems';
import { describePublicKey, type SigningKey } from './signing-key';

const VERSION = 'atelier-audit-checkpoint/1';

type Signed = { seq: number; headHash: string; signedAt: string; keyId: string };

const signedBytes = (c: Signed) =>
  Buffer.from(
    canonicalize({
      v: VERSION,
      seq: c.seq,
      headHash: c.headHash,
      signedAt: c.signedAt,
      keyId: c.keyId,
    })!,
  );

/** Signs the head unless the latest checkpoint already covers it; returns the head's seq. */
export async function signCheckpoint(
  db: DbOrTx,
  key: SigningKey,
  head: { seq: number; hash: string },
): Promise<{ seq: number; created: boolean }> {
  const [last] = await db
    .select({ seq: auditCheckpoints.seq })
    .from(auditCheckpoints)
    .orderBy(desc(auditCheckpoints.seq))
    .limit(1);
  if (last && last.seq >= head.seq) return { seq: last.seq, created: false };
  const fields: Signed = {
    seq: head.seq,
    headHash: head.hash,
    signedAt: new Date().toISOString(),
    keyId: key.keyId,
  };
  const signature = sign(null, signedBytes(fields), key.privateKey).toString('base64');
  await db
    .insert(auditCheckpoints)
    .values({ ...fields, publicKey: key.publicKey, signature })
    .onConflictDoNothing();
  return { seq: head.seq, created: true };
}

/**
 * Checks each checkpoint's signature, that it was made with `trustedKeyId` (a key the database
 * owner could swap in would otherwise verify its own forgery), and that the chain still holds the
 * signed head at its seq.
 */
export async function verifyCheckpoints(
  db: DbOrTx,
  trustedKeyId: string | null,
): Promise<{ checked: number; problems: AuditProblem[] }> {
  const rows = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq));
  const heads = new Map(
    (
      await db
        .select({ seq: auditEvents.seq, hash: auditEvents.hash })
        .from(auditEvents)
        .where(
          inArray(
            auditEvents.seq,
            rows.map((r) => r.seq),
          ),
        )
    ).map((e) => [e.seq, e.hash]),
  );
  const problems: AuditProblem[] = [];
  for (const c of rows) {
    const at = `checkpoint of ${c.signedAt}`;
    if (!signatureHolds(c))
      problems.push({ seq: c.seq, kind: 'checkpoint_signature', detail: `${at}: bad signature` });
    else if (trustedKeyId !== null && c.keyId !== trustedKeyId)
      problems.push({
        seq: c.seq,
        kind: 'checkpoint_signature',
        detail: `${at}: signed by key ${c.keyId.slice(0, 16)}, not this installation's key`,
      });
    const hash = heads.get(c.seq);
    if (hash === undefined)
      problems.push({
        seq: c.seq,
        kind: 'checkpoint_head',
        detail: `${at}: the chain no longer has the signed event (cut below it)`,
      });
    else if (hash !== c.headHash)
      problems.push({
        seq: c.seq,
        kind: 'checkpoint_head',
        detail: `${at}: the event's hash differs from the signed head (chain rewritten)`,
      });
  }
  return { checked: rows.length, problems };
}

/** Whether a checkpoint's signature holds under the public key it carries. */
export function signatureHolds(c: Signed & { publicKey: string; signature: string }): boolean {
  try {
    const { key, keyId } = describePublicKey(c.publicKey);
    if (keyId !== c.keyId) return false;
    return verify(null, signedBytes(c), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Whether `c` was signed with the key `keyId` names and its signature holds. */
export const signedWith = (c: typeof auditCheckpoints.$inferSelect, keyId: string): boolean =>
  c.keyId === keyId && signatureHolds(c);
