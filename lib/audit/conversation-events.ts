import { eq, or, type SQL, sql } from 'drizzle-orm';
import { auditEvents, generations, messages, references, searchRuns } from '../../db/schema';

/**
 * Which audit events belong to a conversation: its own (`conversation:<id>`) and every event whose
 * payload names it (`conversationId`, which appendAudit writes for messages, tool calls,
 * generations, references and search runs). Rows audited before their events named the
 * conversation are found through the rows themselves.
 */
export function conversationEvents(conversationId: string): SQL {
  const subjectsOf = (
    prefix: string,
    table: typeof generations | typeof searchRuns | typeof messages | typeof references,
  ) =>
    sql`${auditEvents.subject} in (select ${prefix} || ${table.id} from ${table} where ${table.conversationId} = ${conversationId})`;
  return or(
    eq(auditEvents.subject, `conversation:${conversationId}`),
    sql`${auditEvents.payload}->>'conversationId' = ${conversationId}`,
    subjectsOf('generation:', generations),
    subjectsOf('search_run:', searchRuns),
    subjectsOf('message:', messages),
    subjectsOf('reference:', references),
  )!;
}
