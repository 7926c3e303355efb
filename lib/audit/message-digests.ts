import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { auditEvents, messages } from '../../db/schema';
import { canonicalSha256 } from './digest';
import type { AuditProblem } from './problems';

/** The message events whose payload carries a digest of the message's parts. */
const DIGEST_ACTIONS = [
  'message.created',
  'message.branched',
  'message.completed',
  'message.failed',
  'message.interrupted',
];

const Payload = z.object({
  contentSha256: z.string().optional(),
  partsSha256: z.string().optional(),
});
const Subject = z.string().regex(/^message:[0-9a-f-]{36}$/i);

type Recorded = { seq: number; field: string; sha256: string };

/**
 * Recomputes each message's digest from its stored row and compares it with the latest audit event
 * that recorded one. Messages whose rows are gone (a deleted conversation) are not checked.
 */
export async function verifyMessageDigests(
  db: DbOrTx,
): Promise<{ checked: number; problems: AuditProblem[] }> {
  const events = await db
    .select({ seq: auditEvents.seq, subject: auditEvents.subject, payload: auditEvents.payload })
    .from(auditEvents)
    .where(inArray(auditEvents.action, DIGEST_ACTIONS))
    .orderBy(auditEvents.seq);
  const latest = new Map<string, Recorded>();
  for (const e of events) {
    const payload = Payload.safeParse(e.payload);
    if (!payload.success || !Subject.safeParse(e.subject).success) continue;
    const field = payload.data.partsSha256 !== undefined ? 'partsSha256' : 'contentSha256';
    const sha256 = payload.data.partsSha256 ?? payload.data.contentSha256;
    if (sha256 !== undefined)
      latest.set(e.subject.slice('message:'.length).toLowerCase(), { seq: e.seq, field, sha256 });
  }
  const problems: AuditProblem[] = [];
  let checked = 0;
  const ids = [...latest.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .select({ id: messages.id, parts: messages.parts })
      .from(messages)
      .where(inArray(messages.id, ids.slice(i, i + 500)));
    for (const row of rows) {
      const recorded = latest.get(row.id)!;
      checked++;
      if (canonicalSha256(row.parts) !== recorded.sha256)
        problems.push({
          seq: recorded.seq,
          kind: 'message_digest',
          detail: `message ${row.id} no longer matches its ${recorded.field}`,
        });
    }
  }
  problems.sort((a, b) => a.seq - b.seq);
  return { checked, problems };
}
