import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { auditEvents, messages } from '@/db/schema';
import { verifyMessageDigests } from '@/lib/audit/message-digests';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let alice: Client;

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('digests@example.com');
});
afterAll(() => database.close());

/** Written out here rather than imported, so the test states the rule: sha256 of RFC 8785 JSON. */
const sha256OfCanonical = (value: unknown) =>
  createHash('sha256').update(canonicalize(value)!).digest('hex');

describe('message digests in audit payloads', () => {
  it('are recomputable from the stored message rows', async () => {
    const ws = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
    const conversationId = (
      await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json()
    ).conversation.id as string;
    const res = await call(chat.POST, {
      client: alice,
      body: {
        conversationId,
        parentId: null,
        message: { text: 'A poster with the text "Spring Sale" in pastel pink' },
        model: 'offline',
        profile: 'draft',
      },
    });
    expect(res.status).toBe(200);
    await readUIStream(res);

    const { db } = database;
    const rows = await db.select().from(messages);
    expect(rows.map((r) => [r.role, r.status]).sort()).toEqual([
      ['assistant', 'complete'],
      ['user', 'complete'],
    ]);
    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['message.created', 'message.completed']));
    expect(events).toHaveLength(2);
    for (const row of rows) {
      const event = events.find((e) => e.subject === `message:${row.id}`)!;
      const field = row.role === 'user' ? 'contentSha256' : 'partsSha256';
      expect(event.payload[field]).toBe(sha256OfCanonical(row.parts));
    }
    // The parts went through jsonb, whose key order is not the writer's, so this is not vacuous.
    const assistant = rows.find((r) => r.role === 'assistant')!;
    expect((assistant.parts as unknown[]).length).toBeGreaterThan(0);
    expect(await verifyMessageDigests(db)).toEqual({ checked: 2, problems: [] });
  });
});
