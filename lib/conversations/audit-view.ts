import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { auditEvents, users } from '../../db/schema';
import { LOCAL_OPERATOR, SYSTEM } from '../audit/actors';
import { conversationEvents } from '../audit/conversation-events';
import type { Principal } from '../workspaces/access';
import { loadConversation } from './load';

export const AuditQuery = z.object({
  actor: z.string().trim().min(1).max(200).optional(),
  action: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z_]+(\.[a-z_]+)*$/, 'not an audit action')
    .optional(),
  /** The seq of the last event already shown; the page starts after it. */
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'not a valid cursor')
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

const USER = /^user:([0-9a-f-]{36})$/;

/** Each actor with a name to show: the account's name, or what the actor stands for. */
async function nameActors(db: Db, actors: string[]) {
  const ids = actors.flatMap((a) => USER.exec(a)?.[1] ?? []);
  const names = new Map(
    ids.length
      ? (
          await db
            .select({ id: users.id, name: users.name })
            .from(users)
            .where(inArray(users.id, ids))
        ).map((u) => [`user:${u.id}`, u.name])
      : [],
  );
  const fixed: Record<string, string> = { [LOCAL_OPERATOR]: 'Local operator', [SYSTEM]: 'System' };
  return actors
    .map((id) => ({ id, name: names.get(id) ?? fixed[id] ?? id }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A page of the conversation's audit events, oldest first, filtered by actor and action, with
 * every actor and action of the conversation for the filters. Viewers may read it.
 */
export async function conversationAudit(db: Db, who: Principal, id: string, q: AuditQuery) {
  await loadConversation(db, who, id, 'viewer');
  const mine = conversationEvents(id);
  const rows = await db
    .select({
      seq: auditEvents.seq,
      createdAt: auditEvents.createdAt,
      actor: auditEvents.actor,
      action: auditEvents.action,
      subject: auditEvents.subject,
      payload: auditEvents.payload,
    })
    .from(auditEvents)
    .where(
      and(
        mine,
        q.actor === undefined ? undefined : eq(auditEvents.actor, q.actor),
        q.action === undefined ? undefined : eq(auditEvents.action, q.action),
        q.cursor === undefined ? undefined : gt(auditEvents.seq, q.cursor),
      ),
    )
    .orderBy(asc(auditEvents.seq))
    .limit(q.limit + 1);
  const [actors, actions] = await Promise.all([
    db.selectDistinct({ v: auditEvents.actor }).from(auditEvents).where(mine),
    db.selectDistinct({ v: auditEvents.action }).from(auditEvents).where(mine),
  ]);
  const events = rows.slice(0, q.limit);
  return {
    events,
    nextCursor: rows.length > q.limit ? String(events.at(-1)!.seq) : null,
    actors: await nameActors(
      db,
      actors.map((a) => a.v),
    ),
    actions: actions.map((a) => a.v).sort(),
  };
}
