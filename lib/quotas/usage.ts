// How many requests of one kind a person and a workspace made in a window, counted from the rows
// those requests leave (no counter table: the rows are the record).
import { and, asc, count, eq, gt, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import { conversations, generations, messages, references, searchRuns } from '../../db/schema';
import type { QuotaKind } from './settings';

type Scope = { userId: string; actor: string } | { workspaceId: string };

type Source = {
  table: PgTable;
  at: PgColumn;
  where: (db: DbOrTx, scope: Scope) => SQL | undefined;
};

/** A table with the request's actor and workspace on each row. */
const rowsOf = (table: PgTable, at: PgColumn, actor: PgColumn, workspaceId: PgColumn): Source => ({
  table,
  at,
  where: (_db, s) => ('actor' in s ? eq(actor, s.actor) : eq(workspaceId, s.workspaceId)),
});

const SOURCES: Record<QuotaKind, Source> = {
  // A turn is the user message it starts; its workspace is its conversation's.
  turns: {
    table: messages,
    at: messages.createdAt,
    where: (db, s) =>
      and(
        eq(messages.role, 'user'),
        'userId' in s
          ? eq(messages.authorId, s.userId)
          : inArray(
              messages.conversationId,
              db
                .select({ id: conversations.id })
                .from(conversations)
                .where(eq(conversations.workspaceId, s.workspaceId)),
            ),
      ),
  },
  generations: rowsOf(
    generations,
    generations.createdAt,
    generations.actor,
    generations.workspaceId,
  ),
  searches: rowsOf(searchRuns, searchRuns.createdAt, searchRuns.actor, searchRuns.workspaceId),
  uploads: rowsOf(references, references.createdAt, references.uploadedBy, references.workspaceId),
};

/** Requests of `kind` by `scope` since `since`. */
export async function usageSince(
  db: DbOrTx,
  kind: QuotaKind,
  scope: Scope,
  since: Date,
): Promise<number> {
  const src = SOURCES[kind];
  const [row] = await db
    .select({ used: count() })
    .from(src.table)
    .where(and(src.where(db, scope), gt(src.at, since)));
  return Number(row?.used ?? 0);
}

/**
 * When the request that must leave the window before one more fits was made: the oldest, or, when
 * more than the limit were counted (requests that raced, a limit lowered), the `excess`-th after it.
 */
export async function madeAt(
  db: DbOrTx,
  kind: QuotaKind,
  scope: Scope,
  since: Date,
  excess: number,
): Promise<Date | null> {
  const src = SOURCES[kind];
  const [row] = await db
    .select({ at: src.at })
    .from(src.table)
    .where(and(src.where(db, scope), gt(src.at, since)))
    .orderBy(asc(src.at))
    .offset(excess)
    .limit(1);
  return row ? new Date(row.at as Date | string) : null;
}
