// What the audit log records of a turn: tool calls and results, failures with the digest of their
// stored error, and turns stopped or deleted by someone other than their starter.
import { createHash } from 'node:crypto';
import type { LanguageModelV3, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { tool } from 'ai';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as stopRoute from '@/app/api/chat/[id]/stop/route';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import * as invites from '@/app/api/workspaces/[id]/invites/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { auditEvents, generations, messages, searchRuns } from '@/db/schema';
import { registerModel } from '@/lib/assistant/model-registry';
import { registerTool } from '@/lib/assistant/tools/registry';
import { verifyAuditChain } from '@/lib/audit/chain';
import { canonicalSha256 } from '@/lib/audit/digest';
import { verifyAudit } from '@/lib/audit/verify';
import { sweepUnfinishedGenerations } from '@/lib/jobs/sweep';
import { failRun, startRun } from '@/lib/search/store/runs';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { scriptedModel } from '../helpers/models';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let alice: Client;
let bob: Client;
let team: string;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const actorOf = (c: Client) => `user:${c.user.id}`;
type Part = {
  type: string;
  toolCallId?: string;
  state?: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
};

const newConversation = async (who = alice) =>
  (await (await call(conversations.POST, { client: who, body: { workspaceId: team } })).json())
    .conversation.id as string;
const send = (conversationId: string, text: string, model = 'offline') =>
  call(chat.POST, {
    client: alice,
    body: { conversationId, parentId: null, message: { text }, model, profile: 'draft' },
  });
const eventsWhere = (where: ReturnType<typeof sql>) =>
  database.db.select().from(auditEvents).where(where).orderBy(auditEvents.seq);
const eventsOfMessage = (id: string) =>
  eventsWhere(
    sql`${auditEvents.payload}->>'messageId' = ${id} or ${auditEvents.subject} = ${`message:${id}`}`,
  );
const messageRow = async (id: string) =>
  (await database.db.select().from(messages).where(eq(messages.id, id)))[0];

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  bob = await signUpClient('bob@example.com');
  const ws = await call(workspaces.POST, { client: alice, body: { name: 'Studio' } });
  team = (await ws.json()).workspace.id;
  const added = await call(invites.POST, {
    client: alice,
    params: { id: team },
    body: { email: bob.user.email, role: 'editor' },
  });
  expect(added.status).toBe(201);
});
afterAll(() => database.close());

describe('tool calls and results', () => {
  it('a call is audited with the snapshot that first stores it, its result with the final row', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const off = registerTool('search_web', () =>
      tool({
        description: 'search',
        inputSchema: z.object({ query: z.string() }),
        execute: async ({ query }) => {
          await gate;
          return { answer: `three sources about ${query.slice(0, 20)}` };
        },
      }),
    );
    try {
      const id = await newConversation();
      const res = await send(id, 'research the latest packaging trends');
      const assistant = res.headers.get('x-atelier-assistant-message-id')!;
      // While the tool runs, the stored row already shows the call and the call's event is there.
      await expect
        .poll(async () => (await eventsOfMessage(assistant)).map((e) => e.action), {
          timeout: 15_000,
        })
        .toContain('tool.called');
      const during = await messageRow(assistant);
      expect(during.status).toBe('streaming');
      const call0 = (during.parts as Part[]).find((p) => p.type === 'tool-search_web')!;
      expect(call0.state).toBe('input-available');
      release();
      await readUIStream(res);

      const row = await messageRow(assistant);
      const part = (row.parts as Part[]).find((p) => p.type === 'tool-search_web')!;
      expect(part.state).toBe('output-available');
      const events = await eventsOfMessage(assistant);
      expect(events.map((e) => e.action)).toEqual([
        'tool.called',
        'tool.result',
        'message.completed',
      ]);
      const common = {
        actor: actorOf(alice),
        subject: `tool_call:${assistant}/${part.toolCallId}`,
        workspaceId: team,
      };
      const ids = { conversationId: id, messageId: assistant, toolCallId: part.toolCallId };
      expect(events[0]).toMatchObject({
        ...common,
        payload: { ...ids, tool: 'search_web', inputSha256: canonicalSha256(part.input) },
      });
      expect(events[1]).toMatchObject({
        ...common,
        payload: {
          ...ids,
          tool: 'search_web',
          status: 'ok',
          outputSha256: canonicalSha256(part.output),
        },
      });
      const payloads = JSON.stringify(events.map((e) => e.payload));
      expect(payloads).not.toContain('packaging');
      expect(payloads).not.toContain('three sources');
      expect((await verifyAuditChain(database.db)).ok).toBe(true);
    } finally {
      off();
    }
  });

  it('a failed call is audited with the digest of the error text the row stores', async () => {
    const off = registerTool('search_web', () =>
      tool({
        description: 'search',
        inputSchema: z.object({ query: z.string() }),
        execute: async (): Promise<{ answer: string }> => {
          throw new Error('the index is offline');
        },
      }),
    );
    try {
      const id = await newConversation();
      const res = await send(id, 'research the latest packaging trends');
      const assistant = res.headers.get('x-atelier-assistant-message-id')!;
      await readUIStream(res);
      const part = ((await messageRow(assistant)).parts as Part[]).find(
        (p) => p.type === 'tool-search_web',
      )!;
      expect(part.state).toBe('output-error');
      const [result] = (await eventsOfMessage(assistant)).filter((e) => e.action === 'tool.result');
      expect(result.payload).toMatchObject({
        status: 'error',
        errorSha256: sha256(part.errorText!),
      });
    } finally {
      off();
    }
  });
});

const usage = {
  inputTokens: { total: 1, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: undefined, reasoning: undefined },
};
/** A model whose stream fails after a few words. */
const failingModel = (): LanguageModelV3 => ({
  ...scriptedModel([]),
  async doStream() {
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(c) {
        c.enqueue({ type: 'stream-start', warnings: [] });
        c.enqueue({ type: 'text-start', id: 't' });
        c.enqueue({ type: 'text-delta', id: 't', delta: 'half an answer' });
        c.enqueue({ type: 'error', error: new Error('the provider went away') });
        c.enqueue({ type: 'finish', finishReason: { unified: 'error', raw: undefined }, usage });
        c.close();
      },
    });
    return { stream };
  },
});

describe('failures carry the digest of the stored error', () => {
  it('message.failed', async () => {
    const off = registerModel('test-failing', { label: 'failing', create: failingModel });
    try {
      const id = await newConversation();
      const res = await send(id, 'hello', 'test-failing');
      const assistant = res.headers.get('x-atelier-assistant-message-id')!;
      await readUIStream(res);
      const row = await messageRow(assistant);
      expect(row.status).toBe('error');
      expect(row.error).toBeTruthy();
      const [failed] = await eventsWhere(sql`${auditEvents.subject} = ${`message:${assistant}`}`);
      expect(failed).toMatchObject({
        action: 'message.failed',
        payload: { conversationId: id, errorSha256: sha256(row.error!) },
      });
    } finally {
      off();
    }
  });

  it('generation.failed by the sweep', async () => {
    const id = await newConversation();
    const [gen] = await database.db
      .insert(generations)
      .values({
        workspaceId: team,
        conversationId: id,
        actor: actorOf(alice),
        modelId: 'builtin',
        profile: 'draft',
        params: {},
        status: 'running',
      })
      .returning({ id: generations.id });
    expect(await sweepUnfinishedGenerations(database.db, 0)).toBe(1);
    const [row] = await database.db.select().from(generations).where(eq(generations.id, gen.id));
    const [failed] = await eventsWhere(sql`${auditEvents.subject} = ${`generation:${gen.id}`}`);
    expect(failed).toMatchObject({
      action: 'generation.failed',
      actor: 'system',
      payload: { conversationId: id, errorSha256: sha256(row.error!) },
    });
  });

  it('audit verify recomputes the digest of a stored error, naming the event', async () => {
    const id = await newConversation();
    const [gen] = await database.db
      .insert(generations)
      .values({
        workspaceId: team,
        conversationId: id,
        actor: actorOf(alice),
        modelId: 'builtin',
        profile: 'draft',
        params: {},
        status: 'running',
      })
      .returning({ id: generations.id });
    await sweepUnfinishedGenerations(database.db, 0);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, errorsChecked: 3 });
    await database.db
      .update(generations)
      .set({ error: 'the render succeeded' })
      .where(eq(generations.id, gen.id));
    const [failed] = await eventsWhere(sql`${auditEvents.subject} = ${`generation:${gen.id}`}`);
    expect((await verifyAudit(database.db)).problems).toEqual([
      {
        seq: failed.seq,
        kind: 'error_digest',
        detail: `generation ${gen.id} no longer stores the error its event digested`,
      },
    ]);
  });

  it('search.failed', async () => {
    const id = await newConversation();
    const base = { workspaceId: team, actor: actorOf(alice), conversationId: id };
    const runId = await startRun(database.db, { ...base, query: 'q', mode: 'quick', params: {} });
    await failRun(database.db, runId, { ...base, error: 'every provider failed' });
    const [run] = await database.db.select().from(searchRuns).where(eq(searchRuns.id, runId));
    const [failed] = await eventsWhere(sql`${auditEvents.subject} = ${`search_run:${runId}`}`);
    expect(failed.payload).toEqual({ conversationId: id, errorSha256: sha256(run.error!) });
  });
});

describe('who did it', () => {
  const registerSlowModel = (modelId: string) =>
    registerModel(modelId, {
      label: 'slow',
      create: () =>
        scriptedModel(
          Array.from({ length: 400 }, (_, i) => `w${i} `),
          0,
          20,
        ),
    });
  async function runningTurn(modelId: string) {
    const id = await newConversation();
    const res = await send(id, 'tell me a long story', modelId);
    const assistant = res.headers.get('x-atelier-assistant-message-id')!;
    const reader = res.body!.getReader();
    await reader.read();
    return { id, assistant, reader };
  }

  it("another editor's Stop is recorded as theirs, naming who started the turn", async () => {
    const off = registerSlowModel('test-slow-stop');
    try {
      const { id, assistant, reader } = await runningTurn('test-slow-stop');
      const stopped = await call(stopRoute.POST, { client: bob, method: 'POST', params: { id } });
      expect(stopped.status).toBe(204);
      await reader.cancel();
      const [event] = await eventsWhere(sql`${auditEvents.subject} = ${`message:${assistant}`}`);
      expect(event).toMatchObject({
        action: 'message.interrupted',
        actor: actorOf(bob),
        payload: { conversationId: id, reason: 'stopped', startedBy: actorOf(alice) },
      });
    } finally {
      off();
    }
  });

  it("another editor's delete of a running turn's conversation is recorded as theirs", async () => {
    const off = registerSlowModel('test-slow-delete');
    try {
      const { id, assistant, reader } = await runningTurn('test-slow-delete');
      const deleted = await call(conversation.DELETE, {
        client: bob,
        method: 'DELETE',
        params: { id },
      });
      expect(deleted.status).toBe(204);
      await reader.cancel().catch(() => undefined);
      const events = await eventsWhere(
        sql`${auditEvents.subject} in (${`message:${assistant}`}, ${`conversation:${id}`})`,
      );
      expect(events.map((e) => [e.action, e.actor, e.payload.reason])).toEqual([
        ['conversation.created', actorOf(alice), undefined],
        ['message.interrupted', actorOf(bob), 'conversation deleted'],
        ['conversation.deleted', actorOf(bob), undefined],
      ]);
    } finally {
      off();
    }
  });
});
