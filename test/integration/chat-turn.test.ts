import { tool } from 'ai';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as me from '@/app/api/auth/me/route';
import * as stopRoute from '@/app/api/chat/[id]/stop/route';
import * as streamRoute from '@/app/api/chat/[id]/stream/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { auditEvents, messages } from '@/db/schema';
import { liveTurns } from '@/lib/assistant/live-turns';
import { registerModel } from '@/lib/assistant/model-registry';
import { registerTool } from '@/lib/assistant/tools/registry';
import { verifyAuditChain } from '@/lib/audit/chain';
import { sweepInterrupted } from '@/lib/conversations/messages';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { scriptedModel } from '../helpers/models';
import { freshDatabase } from '../helpers/test-db';
import { postTurn } from '../helpers/turns';

let database: Database;
let alice: Client;
let ws: string;

const newConversation = async () =>
  (await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json())
    .conversation.id as string;
const send = (
  conversationId: string,
  text: string,
  parentId: string | null,
  extra: Record<string, unknown> = {},
) => postTurn(alice, conversationId, parentId, text, extra);
const view = async (id: string) =>
  (await call(conversation.GET, { client: alice, params: { id } })).json();
const textOf = (chunks: Array<Record<string, unknown>>) =>
  chunks
    .filter((c) => c.type === 'text-delta')
    .map((c) => c.delta)
    .join('');
/** A model that writes 400 words, 20 ms apart: a turn that is still running when the test acts. */
const registerSlowModel = (id: string) =>
  registerModel(id, {
    label: 'slow',
    create: () =>
      scriptedModel(
        Array.from({ length: 400 }, (_, i) => `w${i} `),
        0,
        20,
      ),
  });
/** A new conversation with a turn on `model` under way (its first chunk read). */
async function startTurn(model: string) {
  const id = await newConversation();
  const res = await send(id, 'tell me a long story', null, { model });
  const reader = res.body!.getReader();
  await reader.read();
  return { id, reader };
}

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  ws = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
});
afterAll(() => database.close());

describe('a chat turn through /api/chat', () => {
  it('streams the offline composer and stores both messages with model and profile', async () => {
    const id = await newConversation();
    const res = await send(
      id,
      'Make a poster with the text "Spring Sale" in pastel pink, without people',
      null,
      { profile: 'hd' },
    );
    expect(res.status).toBe(200);
    const chunks = await readUIStream(res);
    expect(chunks[0]).toMatchObject({
      type: 'start',
      messageId: res.headers.get('x-atelier-assistant-message-id'),
    });
    const deltas = chunks.filter((c) => c.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(10);
    const text = textOf(chunks);
    expect(text).toContain('"Spring Sale"');
    expect(text).toMatch(/Palette:\*\* pink, pastel|Palette:\*\* pastel, pink/);
    expect(text).toMatch(/Negative prompt:\*\* people/);
    const body = await view(id);
    expect(
      body.messages.map((m: { role: string; status: string; profile: string; modelId: string }) => [
        m.role,
        m.status,
        m.profile,
        m.modelId,
      ]),
    ).toEqual([
      ['user', 'complete', 'hd', 'offline'],
      ['assistant', 'complete', 'hd', 'offline'],
    ]);
    expect(body.messages[1].parts.find((p: { type: string }) => p.type === 'text').text).toBe(text);
    expect(body.conversation.activeLeafId).toBe(body.messages[1].id);
    expect(body.live).toBe(false);

    // A patch with a bad part changes nothing, not even its good part.
    const before = body.conversation.title;
    const bad = await call(conversation.PATCH, {
      client: alice,
      method: 'PATCH',
      params: { id },
      body: { title: 'Renamed', activeLeafId: crypto.randomUUID() },
    });
    expect(bad.status).toBe(400);
    expect((await view(id)).conversation.title).toBe(before);
  });

  it('editing makes a sibling branch; the history sent to the model is the branch from the database', async () => {
    const model = scriptedModel(['ok']);
    const off = registerModel('test-scripted', { label: 'scripted', create: () => model });
    try {
      const id = await newConversation();
      const r1 = await send(id, 'first question', null, { model: 'test-scripted' });
      await readUIStream(r1);
      const a1 = r1.headers.get('x-atelier-assistant-message-id')!;
      await readUIStream(await send(id, 'second question', a1, { model: 'test-scripted' }));
      await readUIStream(await send(id, 'second question, edited', a1, { model: 'test-scripted' }));
      const body = await view(id);
      const users = body.messages.filter((m: { role: string }) => m.role === 'user');
      expect(users).toHaveLength(3);
      expect(users[1].parentId).toBe(a1);
      expect(users[2].parentId).toBe(a1);
      const last = model.prompts[2]
        .filter((m) => m.role === 'user')
        .map((m) => (m.content[0] as { text: string }).text);
      expect(last).toEqual(['first question', 'second question, edited']);
      const actions = (await database.db.select().from(auditEvents)).map((r) => r.action);
      expect(actions.filter((a) => a === 'message.branched')).toHaveLength(1);
    } finally {
      off();
    }
  });

  it('Stop keeps the partial answer, marked interrupted; a reconnecting client replays the running turn', async () => {
    const off = registerSlowModel('test-slow');
    try {
      const { id, reader } = await startTurn('test-slow');
      await reader.cancel();
      await new Promise((r) => setTimeout(r, 400));
      expect((await view(id)).live).toBe(true);
      const resumed = await call(streamRoute.GET, { client: alice, params: { id } });
      expect(resumed.status).toBe(200);
      const resumedReader = resumed.body!.getReader();
      const first = new TextDecoder().decode((await resumedReader.read()).value);
      expect(first).toContain('"type":"start"');
      await resumedReader.cancel();
      expect(
        (await call(stopRoute.POST, { client: alice, method: 'POST', params: { id } })).status,
      ).toBe(204);
      const body = await view(id);
      const assistant = body.messages.find((m: { role: string }) => m.role === 'assistant');
      expect(assistant.status).toBe('interrupted');
      const partial = assistant.parts.find((p: { type: string }) => p.type === 'text')?.text ?? '';
      expect(partial).toMatch(/^w0 w1 /);
      expect(partial.length).toBeLessThan(400 * 4);
      expect((await call(streamRoute.GET, { client: alice, params: { id } })).status).toBe(204);
    } finally {
      off();
    }
  });

  it('refuses a second turn while one runs, an unknown model, and a foreign parent', async () => {
    const off = registerModel('test-slow2', {
      label: 'slow',
      create: () => scriptedModel(['a ', 'b ', 'c '], 300, 300),
    });
    try {
      const id = await newConversation();
      const first = await send(id, 'one', null, { model: 'test-slow2' });
      const second = await send(id, 'two', null);
      expect(second.status).toBe(409);
      await readUIStream(first);
      expect((await send(id, 'x', null, { model: 'nope:model' })).status).toBe(400);
      const other = await newConversation();
      const r = await send(other, 'hello', null);
      await readUIStream(r);
      const foreign = await send(id, 'x', r.headers.get('x-atelier-assistant-message-id'));
      expect(foreign.status).toBe(400);
      expect((await send(id, '   ', null)).status).toBe(400);
    } finally {
      off();
    }
  });

  it('runs the tool loop: the composer calls a registered research tool and cites its result', async () => {
    const off = registerTool('search_web', () =>
      tool({
        description: 'search',
        inputSchema: z.object({ query: z.string() }),
        execute: async ({ query }) => ({ answer: `three sources about ${query.slice(0, 20)}` }),
      }),
    );
    try {
      const id = await newConversation();
      const chunks = await readUIStream(
        await send(id, 'research the latest packaging trends', null),
      );
      expect(
        chunks.some((c) => c.type === 'tool-input-available' && c.toolName === 'search_web'),
      ).toBe(true);
      expect(chunks.some((c) => c.type === 'tool-output-available')).toBe(true);
      expect(textOf(chunks)).toContain('[1] `search_web`');
      const assistant = (await view(id)).messages.find(
        (m: { role: string }) => m.role === 'assistant',
      );
      expect(
        assistant.parts.some(
          (p: { type: string; state?: string }) =>
            p.type === 'tool-search_web' && p.state === 'output-available',
        ),
      ).toBe(true);
    } finally {
      off();
    }
  });

  it('deleting a conversation stops its running turn first; nothing is written for it afterwards', async () => {
    const off = registerSlowModel('test-slow-delete');
    try {
      const { id, reader } = await startTurn('test-slow-delete');
      expect((await view(id)).live).toBe(true);
      expect(
        (await call(conversation.DELETE, { client: alice, method: 'DELETE', params: { id } }))
          .status,
      ).toBe(204);
      // The turn ended before the rows went (a model still writing would append events for them).
      expect(liveTurns().has(id)).toBe(false);
      await reader.cancel().catch(() => undefined);
      expect(
        await database.db.select().from(messages).where(eq(messages.conversationId, id)),
      ).toEqual([]);
      const events = await database.db.select().from(auditEvents).orderBy(auditEvents.seq);
      const deletedAt = events.findIndex(
        (e) => e.action === 'conversation.deleted' && e.subject === `conversation:${id}`,
      );
      expect(deletedAt).toBeGreaterThan(-1);
      expect(events.slice(deletedAt + 1).filter((e) => e.action.startsWith('message.'))).toEqual(
        [],
      );
      expect((await verifyAuditChain(database.db)).ok).toBe(true);
    } finally {
      off();
    }
  });

  it('sweeps streaming rows left by a dead process to interrupted, audited', async () => {
    const id = await newConversation();
    const [row] = await database.db
      .insert(messages)
      .values({
        conversationId: id,
        role: 'assistant',
        parts: [{ type: 'text', text: 'half' }],
        modelId: 'offline',
        profile: 'draft',
        status: 'streaming',
      })
      .returning();
    expect(await sweepInterrupted(database.db, 0)).toBe(1);
    const [after] = await database.db.select().from(messages).where(eq(messages.id, row.id));
    expect(after.status).toBe('interrupted');
    expect(after.parts).toEqual([{ type: 'text', text: 'half' }]);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});
