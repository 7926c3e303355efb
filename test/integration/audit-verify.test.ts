import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { auditEvents, messages } from '@/db/schema';
import { verifyAudit } from '@/lib/audit/verify';
import { auditCommand } from '@/lib/cli/commands/audit';
import { tempDataDir } from '../helpers/data-dir';
import { call, readUIStream, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let total = 0;
let root: string;

/** Runs `audit verify` in this process, on the database of this file; returns exit code and stdout. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; error?: string }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await auditCommand(['verify', ...args]), stdout };
  } catch (err) {
    const e = err as { code: string; message: string };
    return { code: 1, stdout, error: `${e.code}: ${e.message}` };
  } finally {
    spy.mockRestore();
  }
}

/** What the database owner can do: switch off the append-only triggers, change rows, switch back. */
async function asOwner(statement: ReturnType<typeof sql>) {
  const { db } = database;
  await db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
  try {
    await db.execute(statement);
  } finally {
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
  }
}

const eventAt = async (seq: number) =>
  (await database.db.select().from(auditEvents).where(eq(auditEvents.seq, seq)))[0];

beforeAll(async () => {
  root = tempDataDir('verify');
  database = await freshDatabase();
  const alice = await signUpClient('verify@example.com');
  const ws = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
  const conversationId = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json()
  ).conversation.id;
  for (const text of ['a red circle', 'now a blue square']) {
    const parentId = (await database.db.select().from(messages)).find(
      (m) => m.role === 'assistant',
    )?.id;
    const res = await call(chat.POST, {
      client: alice,
      body: {
        conversationId,
        parentId: parentId ?? null,
        message: { text },
        model: 'offline',
        profile: 'draft',
      },
    });
    expect(res.status).toBe(200);
    await readUIStream(res);
  }
  total = (await database.db.select().from(auditEvents)).length;
});
afterAll(async () => {
  await database.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('atelier audit verify', () => {
  it('passes an untouched log: one JSON object, or one line, exit 0', async () => {
    expect(total).toBeGreaterThan(6);
    const json = await cli('--json');
    expect(json.code).toBe(0);
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: true,
      count: total,
      messagesChecked: 4,
      errorsChecked: 0,
      checkpointsChecked: 0,
      checkpoint: { seq: total, created: true },
      problems: [],
    });
    expect((await cli()).stdout).toBe(`audit chain verified: ${total} events\n`);
  });

  it('names exactly the seq whose payload was rewritten in the middle of the chain', async () => {
    const seq = Math.ceil(total / 2);
    const original = await eventAt(seq);
    await asOwner(
      sql`update audit_events set payload = ${JSON.stringify({ ...original.payload, forged: true })}::jsonb where seq = ${seq}`,
    );
    // The triggers are back on: the owner's next change is refused again.
    await expect(
      database.db.update(auditEvents).set({ actor: 'x' }).where(eq(auditEvents.seq, 1)),
    ).rejects.toThrow();
    const out = await cli('--json');
    expect(out.code).toBe(1);
    expect(out.error).toMatch(new RegExp(`^audit_broken: .* the first at seq ${seq} \\(hash\\)$`));
    const report = JSON.parse(out.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { seq, kind: 'hash', detail: 'hash does not match the stored event' },
    ]);
    expect((await cli()).stdout).toBe(`seq ${seq}: hash: hash does not match the stored event\n`);

    await asOwner(
      sql`update audit_events set payload = ${JSON.stringify(original.payload)}::jsonb where seq = ${seq}`,
    );
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });

  it('names the message whose stored parts no longer match the digest in its event', async () => {
    const [row] = (await database.db.select().from(messages)).filter((m) => m.role === 'assistant');
    await database.db
      .update(messages)
      .set({ parts: [{ type: 'text', text: 'something else was said' }] })
      .where(eq(messages.id, row.id));
    const [event] = (await database.db.select().from(auditEvents)).filter(
      (e) => e.subject === `message:${row.id}` && e.action === 'message.completed',
    );
    expect((await verifyAudit(database.db)).problems).toEqual([
      {
        seq: event.seq,
        kind: 'message_digest',
        detail: `message ${row.id} no longer matches its partsSha256`,
      },
    ]);
    await database.db.update(messages).set({ parts: row.parts }).where(eq(messages.id, row.id));
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });

  it('names the gap where an event was deleted from the middle', async () => {
    const seq = Math.ceil(total / 2);
    const original = await eventAt(seq);
    await asOwner(sql`delete from audit_events where seq = ${seq}`);
    const report = await verifyAudit(database.db);
    expect(report.problems).toEqual([
      {
        seq: seq + 1,
        kind: 'gap',
        detail: `follows seq ${seq - 1}; 1 event(s) missing before it`,
      },
    ]);
    await database.db.insert(auditEvents).values(original);
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });
});
