import { inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { auditEvents, generations, jobs, messages, searchRuns } from '../../db/schema';
import { sha256Hex } from '../auth/tokens';
import type { AuditProblem } from './problems';

type Row = { id: string; error: string | null };

/** The rows whose failure events carry `errorSha256`, the digest of the error text they store. */
const ROWS: Record<string, (db: DbOrTx, ids: string[]) => Promise<Row[]>> = {
  message: (db, ids) =>
    db
      .select({ id: messages.id, error: messages.error })
      .from(messages)
      .where(inArray(messages.id, ids)),
  generation: (db, ids) =>
    db
      .select({ id: generations.id, error: generations.error })
      .from(generations)
      .where(inArray(generations.id, ids)),
  job: (db, ids) =>
    db.select({ id: jobs.id, error: jobs.error }).from(jobs).where(inArray(jobs.id, ids)),
  search_run: (db, ids) =>
    db
      .select({ id: searchRuns.id, error: searchRuns.error })
      .from(searchRuns)
      .where(inArray(searchRuns.id, ids)),
};

const Subject = z.string().regex(/^(message|generation|job|search_run):([0-9a-f-]{36})$/i);
const Payload = z.object({ errorSha256: z.string() });

/**
 * Recomputes the digest of each stored error from its row and compares it with the latest failure
 * event that recorded one. Rows that are gone (a deleted conversation) are not checked; a tool's
 * error lives in its message's parts, which the message digest covers.
 */
export async function verifyErrorDigests(
  db: DbOrTx,
): Promise<{ checked: number; problems: AuditProblem[] }> {
  const events = await db
    .select({ seq: auditEvents.seq, subject: auditEvents.subject, payload: auditEvents.payload })
    .from(auditEvents)
    .where(isNotNull(sql`${auditEvents.payload}->>'errorSha256'`))
    .orderBy(auditEvents.seq);
  const latest = new Map<string, Map<string, { seq: number; sha256: string }>>();
  for (const e of events) {
    const subject = Subject.safeParse(e.subject);
    const payload = Payload.safeParse(e.payload);
    if (!subject.success || !payload.success) continue;
    const [kind, id] = subject.data.split(':');
    if (!latest.has(kind)) latest.set(kind, new Map());
    latest.get(kind)!.set(id.toLowerCase(), { seq: e.seq, sha256: payload.data.errorSha256 });
  }
  const problems: AuditProblem[] = [];
  let checked = 0;
  for (const [kind, recorded] of latest) {
    const ids = [...recorded.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      for (const row of await ROWS[kind](db, ids.slice(i, i + 500))) {
        const { seq, sha256 } = recorded.get(row.id)!;
        checked++;
        if (row.error === null || sha256Hex(row.error) !== sha256)
          problems.push({
            seq,
            kind: 'error_digest',
            detail: `${kind.replace('_', ' ')} ${row.id} no longer stores the error its event digested`,
          });
      }
    }
  }
  problems.sort((a, b) => a.seq - b.seq);
  return { checked, problems };
}
