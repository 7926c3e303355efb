// The branch a member looks at is theirs: switching it changes nobody else's view and nothing shared.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import * as invites from '@/app/api/workspaces/[id]/invites/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { conversations as conversationsTable, messages } from '@/db/schema';
import { type Client, call, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let alice: Client;
let eddie: Client;
let vera: Client;
let conv: string;
/** The leaves of two sibling branches; `second` is where the last turn ended. */
let first: string;
let second: string;

const leafSeenBy = async (who: Client) =>
  (await (await call(conversation.GET, { client: who, params: { id: conv } })).json()).conversation
    .activeLeafId as string;
const switchTo = (who: Client, leaf: string) =>
  call(conversation.PATCH, {
    client: who,
    method: 'PATCH',
    params: { id: conv },
    body: { activeLeafId: leaf },
  });

/** A finished question and answer under the root; the answer's id. */
async function branch(text: string, at: number): Promise<string> {
  const base = { conversationId: conv, modelId: 'offline', profile: 'draft' as const };
  const [q] = await database.db
    .insert(messages)
    .values({
      ...base,
      role: 'user',
      parts: [{ type: 'text', text }],
      status: 'complete',
      createdAt: new Date(at),
    })
    .returning();
  const [a] = await database.db
    .insert(messages)
    .values({
      ...base,
      parentId: q.id,
      role: 'assistant',
      parts: [{ type: 'text', text: `re: ${text}` }],
      status: 'complete',
      createdAt: new Date(at + 1),
    })
    .returning();
  return a.id;
}

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  eddie = await signUpClient('eddie@example.com');
  vera = await signUpClient('vera@example.com');
  const ws = (await (await call(workspaces.POST, { client: alice, body: { name: 'Team' } })).json())
    .workspace.id;
  for (const [who, role] of [
    [eddie, 'editor'],
    [vera, 'viewer'],
  ] as const)
    await call(invites.POST, {
      client: alice,
      params: { id: ws },
      body: { email: who.user.email, role },
    });
  conv = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json()
  ).conversation.id;
  first = await branch('a poster', Date.now() - 2000);
  second = await branch('a banner', Date.now() - 1000);
  await database.db
    .update(conversationsTable)
    .set({ activeLeafId: second })
    .where(eq(conversationsTable.id, conv));
});
afterAll(() => database.close());

describe('the branch each member views', () => {
  it('a viewer switching branches changes only their own view', async () => {
    expect(await leafSeenBy(vera)).toBe(second);
    const res = await switchTo(vera, first);
    expect(res.status).toBe(200);
    expect((await res.json()).conversation.activeLeafId).toBe(first);
    expect(await leafSeenBy(vera)).toBe(first);
    expect(await leafSeenBy(alice)).toBe(second);
    expect(await leafSeenBy(eddie)).toBe(second);
    const [row] = await database.db
      .select()
      .from(conversationsTable)
      .where(eq(conversationsTable.id, conv));
    expect(row.activeLeafId).toBe(second);
  });

  it("an editor's switch is theirs too, and each keeps their own", async () => {
    expect((await switchTo(eddie, first)).status).toBe(200);
    expect((await switchTo(vera, second)).status).toBe(200);
    expect(await leafSeenBy(eddie)).toBe(first);
    expect(await leafSeenBy(vera)).toBe(second);
    expect(await leafSeenBy(alice)).toBe(second);
  });

  it('a turn started after a choice is shown to everyone, as the default', async () => {
    const third = await branch('a flyer', Date.now());
    await database.db
      .update(conversationsTable)
      .set({ activeLeafId: third })
      .where(eq(conversationsTable.id, conv));
    for (const who of [alice, eddie, vera]) expect(await leafSeenBy(who)).toBe(third);
    expect((await switchTo(vera, first)).status).toBe(200);
    expect(await leafSeenBy(vera)).toBe(first);
    expect(await leafSeenBy(eddie)).toBe(third);
  });

  it('a leaf of another conversation is refused', async () => {
    const res = await switchTo(vera, crypto.randomUUID());
    expect(res.status).toBe(400);
    expect(await leafSeenBy(vera)).toBe(first);
  });
});
