import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as artifact from '@/app/api/artifacts/[id]/route';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { artifacts, auditEvents, generations } from '@/db/schema';
import '@/lib/assistant/tools';
import { verifyAuditChain } from '@/lib/audit/chain';
import { closeEngine } from '@/lib/jobs/engine';
import { runImageJob } from '@/lib/jobs/image-job';
import { sweepUnfinishedGenerations } from '@/lib/jobs/sweep';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('img');
let database: Database;
let alice: Client;
let bob: Client;

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  bob = await signUpClient('bob@example.com');
});
afterAll(async () => {
  await closeEngine();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('generate_image in the chat', () => {
  it('a newcomer asking for "a red circle on a blue background" gets it rendered, stored and shown with its parameters', async () => {
    const ws = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
    const id = (
      await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json()
    ).conversation.id;
    const res = await call(chat.POST, {
      client: alice,
      body: {
        conversationId: id,
        parentId: null,
        message: { text: 'a red circle on a blue background' },
        model: 'offline',
        profile: 'draft',
      },
    });
    const chunks = await readUIStream(res);
    const outputs = chunks.filter((c) => c.type === 'tool-output-available');
    expect(
      outputs.some(
        (c) => c.preliminary === true && (c.output as { status: string }).status === 'running',
      ),
    ).toBe(true);
    const final = outputs.at(-1)!.output as {
      status: string;
      images: Array<{ url: string; artifactId: string; width: number; sha256: string }>;
      model: { label: string };
      profile: string;
    };
    expect(final.status).toBe('complete');
    expect(final.model.label).toBe('built-in model (synthetic shapes)');
    expect(final.profile).toBe('draft');
    expect(final.images).toHaveLength(1);
    const text = chunks
      .filter((c) => c.type === 'text-delta')
      .map((c) => c.delta)
      .join('');
    expect(text).toMatch(
      /\[1\] `generate_image`: 1 image rendered with the built-in model \(synthetic shapes\) \(draft, 512×512, seed \d+\)/,
    );

    const view = await (await call(conversation.GET, { client: alice, params: { id } })).json();
    const stored = view.messages[1].parts.find(
      (p: { type: string }) => p.type === 'tool-generate_image',
    );
    expect(stored.output.images[0].artifactId).toBe(final.images[0].artifactId);

    const img = await call(artifact.GET, {
      client: alice,
      params: { id: final.images[0].artifactId },
    });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(img.headers.get('content-security-policy')).toContain('sandbox');
    const bytes = Buffer.from(await img.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(512);
    expect(
      (await call(artifact.GET, { client: bob, params: { id: final.images[0].artifactId } }))
        .status,
    ).toBe(404);

    const [gen] = await database.db.select().from(generations);
    expect(gen).toMatchObject({
      status: 'complete',
      ep: 'cpu',
      modelId: 'builtin',
      messageId: view.messages[1].id,
    });
    const actions = (await database.db.select().from(auditEvents)).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['generation.started', 'generation.completed', 'message.completed']),
    );
    expect((await verifyAuditChain(database.db)).ok).toBe(true);

    // Deleting the conversation removes the image's file with its rows.
    const file = path.join(
      dataDir,
      'uploads',
      final.images[0].sha256.slice(0, 2),
      `${final.images[0].sha256}.png`,
    );
    expect(fs.existsSync(file)).toBe(true);
    expect(
      (await call(conversation.DELETE, { client: alice, method: 'DELETE', params: { id } })).status,
    ).toBe(204);
    expect(fs.existsSync(file)).toBe(false);
    expect(
      (await call(artifact.GET, { client: alice, params: { id: final.images[0].artifactId } }))
        .status,
    ).toBe(404);
  });

  it('an image rendered for a generation that is gone by the time it is stored leaves no file behind', async () => {
    const ws = (await (await call(me.GET, { client: bob })).json()).workspaces[0].id;
    const prompt = 'a lone green square on white, for the orphan check';
    let dropped: Promise<unknown> | undefined;
    const job = runImageJob(
      database.db,
      {
        workspaceId: ws,
        conversationId: null,
        messageId: null,
        actor: `user:${bob.user.id}`,
        profile: 'draft',
        params: { prompt, seed: 4242 },
      },
      // The generation's row goes while the image renders.
      {
        onUpdate: (u) => {
          if (u.status === 'running' && u.progress)
            dropped ??= database.db
              .delete(generations)
              .where(sql`${generations.params}->>'prompt' = ${prompt}`)
              .execute();
        },
      },
    );
    await expect(job).rejects.toThrow();
    await dropped;
    const pngs = fs
      .readdirSync(path.join(dataDir, 'uploads'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.png') && !f.includes('derived'));
    const named = (await database.db.select({ sha: artifacts.sha256 }).from(artifacts)).map(
      (a) => a.sha,
    );
    expect(pngs.filter((f) => !named.some((sha) => f.includes(sha)))).toEqual([]);
  });

  it('a generation a dead process left running is marked failed, audited, when the database is opened', async () => {
    const ws = (await (await call(me.GET, { client: bob })).json()).workspaces[0].id;
    const [left] = await database.db
      .insert(generations)
      .values({
        workspaceId: ws,
        actor: `user:${bob.user.id}`,
        modelId: 'builtin',
        profile: 'draft',
        params: { prompt: 'left running' },
        status: 'running',
      })
      .returning();
    expect(await sweepUnfinishedGenerations(database.db, 0)).toBe(1);
    const [after] = await database.db.select().from(generations).where(eq(generations.id, left.id));
    expect(after).toMatchObject({ status: 'error', error: 'the process ended during the render' });
    expect(after.finishedAt).not.toBeNull();
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subject, `generation:${left.id}`));
    expect(events.map((e) => e.action)).toEqual(['generation.failed']);
    expect(await sweepUnfinishedGenerations(database.db, 0)).toBe(0);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});
