import { tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as chat from '@/app/api/chat/route';
import * as audit from '@/app/api/conversations/[id]/audit/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import * as invites from '@/app/api/workspaces/[id]/invites/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { generations } from '@/db/schema';
import { registerTool } from '@/lib/assistant/tools/registry';
import { appendAudit } from '@/lib/audit/chain';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let alice: Client;
let bob: Client;
let vera: Client;
let stranger: Client;
let team: string;
let conv: string;
let other: string;
let legacyGeneration: string;

type Event = { seq: number; actor: string; action: string; subject: string };
type Page = {
  events: Event[];
  nextCursor: string | null;
  actors: Array<{ id: string; name: string }>;
  actions: string[];
};

const read = (who: Client, id: string, query = '') =>
  call(audit.GET, { client: who, params: { id }, path: `/api/conversations/${id}/audit${query}` });
const page = async (who: Client, id: string, query = ''): Promise<Page> => {
  const res = await read(who, id, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};
const newConversation = async () =>
  (await (await call(conversations.POST, { client: alice, body: { workspaceId: team } })).json())
    .conversation.id as string;
async function turn(id: string, text: string) {
  const res = await call(chat.POST, {
    client: alice,
    body: { conversationId: id, parentId: null, message: { text }, model: 'offline' },
  });
  await readUIStream(res);
}

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  bob = await signUpClient('bob@example.com');
  vera = await signUpClient('vera@example.com');
  stranger = await signUpClient('stranger@example.com');
  team = (await (await call(workspaces.POST, { client: alice, body: { name: 'Studio' } })).json())
    .workspace.id;
  for (const [who, role] of [
    [bob, 'editor'],
    [vera, 'viewer'],
  ] as const)
    await call(invites.POST, {
      client: alice,
      params: { id: team },
      body: { email: who.user.email, role },
    });
  const off = registerTool('search_web', () =>
    tool({
      description: 'search',
      inputSchema: z.object({ query: z.string() }),
      execute: async () => ({ answer: 'three sources' }),
    }),
  );
  try {
    conv = await newConversation();
    other = await newConversation();
    await turn(conv, 'research the latest packaging trends');
    await turn(other, 'research festival posters');
  } finally {
    off();
  }
  await call(conversation.PATCH, {
    client: bob,
    method: 'PATCH',
    params: { id: conv },
    body: { title: 'Packaging' },
  });
  // A generation audited before its events named their conversation.
  const [gen] = await database.db
    .insert(generations)
    .values({
      workspaceId: team,
      conversationId: conv,
      actor: `user:${alice.user.id}`,
      modelId: 'builtin',
      profile: 'draft',
      params: {},
      status: 'complete',
    })
    .returning({ id: generations.id });
  legacyGeneration = gen.id;
  await database.db.transaction((tx) =>
    appendAudit(tx, {
      actor: `user:${alice.user.id}`,
      action: 'generation.completed',
      subject: `generation:${gen.id}`,
      workspaceId: team,
    }),
  );
}, 60_000);
afterAll(() => database.close());

describe('GET /api/conversations/:id/audit', () => {
  it("lists the conversation's events oldest first, to a viewer, with its actors and actions", async () => {
    const body = await page(vera, conv);
    expect(body.nextCursor).toBeNull();
    const seqs = body.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(body.events.map((e) => e.action)).toEqual([
      'conversation.created',
      'message.created',
      'tool.called',
      'tool.result',
      'message.completed',
      'conversation.renamed',
      'generation.completed',
    ]);
    expect(body.events.at(-1)!.subject).toBe(`generation:${legacyGeneration}`);
    expect(body.actions).toEqual([...new Set(body.events.map((e) => e.action))].sort());
    expect(body.actors).toEqual([
      { id: `user:${alice.user.id}`, name: 'alice' },
      { id: `user:${bob.user.id}`, name: 'bob' },
    ]);
    // The other conversation's events are its own.
    const theirs = await page(vera, other);
    const mine = new Set(body.events.map((e) => e.seq));
    expect(theirs.events.length).toBeGreaterThan(3);
    expect(theirs.events.filter((e) => mine.has(e.seq))).toEqual([]);
  });

  it('filters by actor and by action', async () => {
    const byBob = await page(vera, conv, `?actor=user:${bob.user.id}`);
    expect(byBob.events.map((e) => [e.action, e.actor])).toEqual([
      ['conversation.renamed', `user:${bob.user.id}`],
    ]);
    expect(byBob.actors).toHaveLength(2);
    const calls = await page(vera, conv, '?action=tool.called');
    expect(calls.events.map((e) => e.action)).toEqual(['tool.called']);
    const none = await page(vera, conv, `?action=tool.called&actor=user:${bob.user.id}`);
    expect(none.events).toEqual([]);
  });

  it('pages with a cursor', async () => {
    const all = (await page(vera, conv)).events.map((e) => e.seq);
    const seen: number[] = [];
    let query = '?limit=3';
    for (let i = 0; i < 5; i++) {
      const p = await page(vera, conv, query);
      seen.push(...p.events.map((e) => e.seq));
      if (!p.nextCursor) break;
      expect(p.events).toHaveLength(3);
      query = `?limit=3&cursor=${p.nextCursor}`;
    }
    expect(seen).toEqual(all);
  });

  it('refuses a malformed query, and reveals nothing to a non-member', async () => {
    for (const q of [
      '?action=DROP%20TABLE',
      '?cursor=abc',
      '?cursor=0',
      '?limit=0',
      '?limit=500',
    ]) {
      const res = await read(vera, conv, q);
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.code).toBe('bad_request');
    }
    expect((await read(stranger, conv)).status).toBe(404);
  });
});
