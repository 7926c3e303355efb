// Everything a package holds, read from the database in one transaction, so the package is one
// consistent moment of the conversation. Files (artifacts, references) are read afterwards.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import type { conversations } from '../../db/schema';
import {
  artifacts,
  auditEvents,
  generations,
  messages,
  references,
  searchRunSources,
  searchRuns,
  webSources,
  workspaces,
} from '../../db/schema';
import { conversationEvents } from '../audit/conversation-events';

export type Snapshot = {
  conversation: typeof conversations.$inferSelect;
  workspace: { id: string; name: string };
  messages: Array<typeof messages.$inferSelect>;
  generations: Array<typeof generations.$inferSelect>;
  artifacts: Array<typeof artifacts.$inferSelect>;
  references: Array<typeof references.$inferSelect>;
  sources: Array<typeof webSources.$inferSelect>;
  searchRuns: Array<typeof searchRuns.$inferSelect>;
  audit: Array<typeof auditEvents.$inferSelect>;
};

const ids = <T extends { id: string }>(rows: T[]) => rows.map((r) => r.id);

export async function readSnapshot(
  tx: Tx,
  conversation: typeof conversations.$inferSelect,
): Promise<Snapshot> {
  const cid = conversation.id;
  const [ws] = await tx
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, conversation.workspaceId));
  const msgs = await tx
    .select()
    .from(messages)
    .where(eq(messages.conversationId, cid))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  const gens = await tx
    .select()
    .from(generations)
    .where(eq(generations.conversationId, cid))
    .orderBy(asc(generations.createdAt), asc(generations.id));
  const arts = gens.length
    ? await tx
        .select()
        .from(artifacts)
        .where(inArray(artifacts.generationId, ids(gens)))
        .orderBy(asc(artifacts.createdAt), asc(artifacts.seed), asc(artifacts.id))
    : [];
  const refs = await tx
    .select()
    .from(references)
    .where(eq(references.conversationId, cid))
    .orderBy(asc(references.createdAt), asc(references.id));
  const runs = await tx
    .select()
    .from(searchRuns)
    .where(eq(searchRuns.conversationId, cid))
    .orderBy(asc(searchRuns.createdAt), asc(searchRuns.id));
  const sourceIds = runs.length
    ? (
        await tx
          .selectDistinct({ id: searchRunSources.sourceId })
          .from(searchRunSources)
          .where(
            and(inArray(searchRunSources.runId, ids(runs)), eq(searchRunSources.sourceKind, 'web')),
          )
      ).map((r) => r.id)
    : [];
  const sources = sourceIds.length
    ? await tx
        .select()
        .from(webSources)
        .where(inArray(webSources.id, sourceIds))
        .orderBy(asc(webSources.fetchedAt), asc(webSources.id))
    : [];
  const rows = {
    conversation,
    messages: msgs,
    generations: gens,
    artifacts: arts,
    references: refs,
    sources,
    searchRuns: runs,
  };
  const audit = await tx
    .select()
    .from(auditEvents)
    .where(conversationEvents(cid))
    .orderBy(asc(auditEvents.seq));
  return { ...rows, workspace: ws, audit };
}
