// A turn that stays silent (a long tool call, a slow model) on a server shared by processes: the
// start-up sweep of another process must not take it for a dead one, and if its row is finished by
// someone else anyway, the turn must not write over that.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditEvents, messages } from '@/db/schema';
import { LiveTurn } from '@/lib/assistant/live-turns';
import { runTurn } from '@/lib/assistant/turn-run';
import { verifyAuditChain } from '@/lib/audit/chain';
import { sweepInterrupted } from '@/lib/conversations/messages';
import { createConversation } from '@/lib/conversations/service';
import { OPERATOR, operatorWorkspaceId } from '@/lib/workspaces/operator';
import { scriptedModel } from '../helpers/models';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let workspaceId: string;

beforeAll(async () => {
  database = await freshDatabase();
  workspaceId = await operatorWorkspaceId(database.db);
});
afterAll(() => database.close());

/** The rows startTurn commits: a user message and an empty `streaming` answer. */
async function recordedTurn() {
  const c = await createConversation(database.db, OPERATOR, workspaceId);
  const turn = new LiveTurn(c.id, crypto.randomUUID(), crypto.randomUUID());
  const base = { conversationId: c.id, modelId: 'silent', profile: 'draft' as const };
  const [user] = await database.db
    .insert(messages)
    .values({
      ...base,
      id: turn.userMessageId,
      role: 'user',
      parts: [{ type: 'text', text: 'think hard' }],
      status: 'complete',
    })
    .returning();
  await database.db.insert(messages).values({
    ...base,
    id: turn.assistantMessageId,
    parentId: user.id,
    role: 'assistant',
    parts: [],
    status: 'streaming',
  });
  return { turn, history: [user] };
}

/** Silent for `silentMs`, then a short answer. */
const run = (r: Awaited<ReturnType<typeof recordedTurn>>, silentMs: number) =>
  runTurn(database.db, r.turn, {
    model: scriptedModel(['done'], silentMs),
    history: r.history,
    recorded: Promise.resolve(),
    principal: OPERATOR,
    workspaceId,
    profile: 'draft',
    system: '',
    heartbeatMs: 100,
  });

const rowOf = async (id: string) =>
  (await database.db.select().from(messages).where(eq(messages.id, id)))[0];
const actionsOn = async (id: string) =>
  (
    await database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.subject, `message:${id}`)))
      .orderBy(auditEvents.seq)
  ).map((e) => e.action);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a silent turn and the sweep of another process', () => {
  it('a turn silent for longer than the staleness keeps its row alive by heartbeat', async () => {
    const r = await recordedTurn();
    const done = run(r, 1500);
    await sleep(1000);
    // Another process starting on the same server: rows without a heartbeat for 500 ms are stale.
    expect(await sweepInterrupted(database.db, 500)).toBe(0);
    await done;
    const row = await rowOf(r.turn.assistantMessageId);
    expect(row.status).toBe('complete');
    expect(await actionsOn(r.turn.assistantMessageId)).toEqual(['message.completed']);
  });

  it('a row another process marked interrupted stays so: the turn neither completes it nor audits', async () => {
    const r = await recordedTurn();
    const done = run(r, 800);
    await sleep(300);
    expect(await sweepInterrupted(database.db, 0)).toBe(1);
    await done;
    const row = await rowOf(r.turn.assistantMessageId);
    expect(row.status).toBe('interrupted');
    expect(await actionsOn(r.turn.assistantMessageId)).toEqual(['message.interrupted']);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});
