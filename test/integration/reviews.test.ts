// Reviewing images: approve or reject with a comment (audited each time, the latest kept), shown
// with the conversation, cleared; and a publish package of the approved images only, which verifies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as review from '@/app/api/artifacts/[id]/review/route';
import * as exportRoute from '@/app/api/conversations/[id]/export/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { userActor } from '@/lib/audit/actors';
import { loadSigningKey } from '@/lib/audit/signing-key';
import { readEnv } from '@/lib/config/env';
import { exportEntries } from '@/lib/export/export';
import { verifyPackage } from '@/lib/export/verify';
import { readZip } from '@/lib/export/zip-read';
import { writeZipAtomic } from '@/lib/export/zip-write';
import { closeEngine } from '@/lib/jobs/engine';
import { runImageJob } from '@/lib/jobs/image-job';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, signUpClient } from '../helpers/http';
import { personalWorkspace } from '../helpers/packages';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('reviews');
let database: Database;
let alice: Client;
let conversationId: string;
let images: string[];

const put = (id: string, body: unknown) =>
  call(review.PUT, { client: alice, method: 'PUT', params: { id }, body });
const eventsOf = async (id: string) =>
  (
    await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subject, `artifact:${id}`))
      .orderBy(auditEvents.seq)
  ).map((e) => ({ action: e.action, actor: e.actor, payload: e.payload }));

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  const workspaceId = await personalWorkspace(alice);
  conversationId = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId } })).json()
  ).conversation.id;
  const result = await runImageJob(database.db, {
    workspaceId,
    conversationId,
    messageId: null,
    actor: userActor(alice.user.id),
    profile: 'draft',
    params: {
      prompt: 'a red circle on a blue background',
      seed: 7,
      width: 128,
      height: 128,
      count: 3,
    },
  });
  images = result.images.map((i) => i.artifactId);
});
afterAll(async () => {
  await database.close();
  await closeEngine();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('image reviews', () => {
  it('approves and rejects with a comment, each verdict audited, the latest shown with the conversation', async () => {
    const [a, b] = images;
    const approved = await put(a, { verdict: 'rejected', comment: 'wrong blue' });
    expect(approved.status).toBe(200);
    expect((await put(a, { verdict: 'approved', comment: '  on brand  ' })).status).toBe(200);
    expect((await put(b, { verdict: 'rejected' })).status).toBe(200);
    const view = await (
      await call(conversation.GET, { client: alice, params: { id: conversationId } })
    ).json();
    expect(view.reviews[a]).toMatchObject({
      verdict: 'approved',
      comment: 'on brand',
      reviewer: userActor(alice.user.id),
    });
    expect(view.reviews[b]).toMatchObject({ verdict: 'rejected', comment: '' });
    expect(view.reviews[images[2]]).toBeUndefined();
    expect(await eventsOf(a)).toEqual([
      {
        action: 'artifact.reviewed',
        actor: userActor(alice.user.id),
        payload: expect.objectContaining({ verdict: 'rejected', comment: 'wrong blue' }),
      },
      {
        action: 'artifact.reviewed',
        actor: userActor(alice.user.id),
        payload: expect.objectContaining({ verdict: 'approved', comment: 'on brand' }),
      },
    ]);
  });

  it('refuses a bad verdict or a long comment with a 400, changing nothing', async () => {
    const [, b] = images;
    const bad = await put(b, { verdict: 'maybe' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('verdict must be approved or rejected');
    expect((await put(b, { verdict: 'approved', comment: 'x'.repeat(2001) })).status).toBe(400);
    expect(await eventsOf(b)).toHaveLength(1);
  });

  it('packs only the approved images when asked, and the package verifies', async () => {
    const key = loadSigningKey(readEnv().stateDir);
    const who = { userId: alice.user.id, actor: userActor(alice.user.id), isAdmin: false };
    const only = await exportEntries(database.db, who, conversationId, {
      includeReferences: true,
      approvedOnly: true,
      key,
    });
    expect(only.manifest.artifacts.map((x) => x.id)).toEqual([images[0]]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reviewed-')), 'p.zip');
    await writeZipAtomic(only.entries, file);
    expect(await verifyPackage(file)).toMatchObject({ ok: true, problems: [] });
    const all = await exportEntries(database.db, who, conversationId, {
      includeReferences: true,
      key,
    });
    expect(all.manifest.artifacts).toHaveLength(3);
  });

  it('downloads an approved-only package through the export route; a bad choice is a 400', async () => {
    const post = (body: unknown) =>
      call(exportRoute.POST, { client: alice, params: { id: conversationId }, body });
    const res = await post({ references: 'hashes', images: 'approved' });
    expect(res.status).toBe(200);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reviewed-')), 'route.zip');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(await verifyPackage(file)).toMatchObject({ ok: true });
    const manifest = JSON.parse((await readZip(file)).get('manifest.json')!.toString('utf8'));
    expect(manifest.counts.artifacts).toBe(1);
    const bad = await post({ images: 'some' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('images must be all or approved');
  });

  it('clears a review, audited; clearing an unreviewed image records nothing', async () => {
    const [a, , c] = images;
    const del = (id: string) =>
      call(review.DELETE, { client: alice, method: 'DELETE', params: { id } });
    expect((await del(a)).status).toBe(204);
    expect((await eventsOf(a)).at(-1)?.action).toBe('artifact.review_cleared');
    expect((await del(c)).status).toBe(204);
    expect(await eventsOf(c)).toEqual([]);
    const view = await (
      await call(conversation.GET, { client: alice, params: { id: conversationId } })
    ).json();
    expect(view.reviews[a]).toBeUndefined();
  });
});
