// Publish packages over HTTP: the export download, and imports refused (hostile or tampered zips,
// leaving no row and no file) or made (every branch, image and generation, under new ids, as a
// read-only conversation that shows nothing else of the source workspace).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as artifact from '@/app/api/artifacts/[id]/route';
import * as stop from '@/app/api/chat/[id]/stop/route';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversationsRoute from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { auditEvents, chunks, conversations, generations, references } from '@/db/schema';
import '@/lib/assistant/tools';
import { userActor } from '@/lib/audit/actors';
import { verifyAuditChain } from '@/lib/audit/chain';
import { loadSigningKey } from '@/lib/audit/signing-key';
import { readEnv } from '@/lib/config/env';
import { verifyPackage } from '@/lib/export/verify';
import { readZip } from '@/lib/export/zip-read';
import { closeParsers } from '@/lib/ingest/runner';
import { closeEngine } from '@/lib/jobs/engine';
import { exportsDir } from '@/lib/packages/download';
import { importPackage } from '@/lib/packages/import';
import { tempDataDir } from '../helpers/data-dir';
import { hostilePackages } from '../helpers/hostile-packages';
import { type Client, call, signUpClient } from '../helpers/http';
import {
  alignIds,
  branchedConversation,
  exportPackage,
  FOLLOW_UP_SETTINGS,
  importPackageBody,
  personalWorkspace,
  storedState,
} from '../helpers/packages';
import { COPY_CSV, upload } from '../helpers/references';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('packages');
let database: Database;
let alice: Client;
let bob: Client;
let aliceWs: string;
let bobWs: string;
let source: string;
let secret: string;
let pkg: Buffer;
let imported: string;

const principal = (c: Client) => ({
  userId: c.user.id,
  actor: userActor(c.user.id),
  isAdmin: false,
});
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const tmpFile = (name: string, bytes: Uint8Array) => {
  const f = path.join(dataDir, name);
  fs.writeFileSync(f, bytes);
  return f;
};

type View = {
  conversation: { id: string; title: string; imported: Record<string, unknown> | null };
  messages: Array<
    { id: string; parentId: string | null; parts: unknown[] } & Record<string, unknown>
  >;
};
const view = async (client: Client, id: string): Promise<View> =>
  (await call(conversation.GET, { client, params: { id } })).json();

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  bob = await signUpClient('bob@example.com');
  aliceWs = await personalWorkspace(alice);
  bobWs = await personalWorkspace(bob);
  source = await branchedConversation(alice, aliceWs);
  secret = (
    await (
      await call(conversationsRoute.POST, {
        client: alice,
        body: { workspaceId: aliceWs, title: 'Secret launch plan' },
      })
    ).json()
  ).conversation.id;
  const res = await exportPackage(alice, source);
  expect(res.status, await res.clone().text()).toBe(200);
  pkg = Buffer.from(await res.arrayBuffer());
}, 240_000);

afterAll(async () => {
  await closeEngine();
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('POST /api/conversations/:id/export', () => {
  it('streams a signed zip named after the title and the date, and keeps no file of it', async () => {
    const res = await exportPackage(alice, source);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="atelier-a-red-circle-on-a-blue-background-\d{4}-\d{2}-\d{2}\.zip"/,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(res.headers.get('x-atelier-package-sha256')).toBe(sha256(bytes));
    const report = await verifyPackage(tmpFile('download.zip', bytes));
    expect(report.problems).toEqual([]);
    expect(report.manifest!.counts).toMatchObject({ messages: 6, generations: 3, artifacts: 3 });
    expect(report.manifest!.references.map((r) => [r.name, Boolean(r.path)])).toEqual([
      ['copy.csv', true],
    ]);
    expect(fs.readdirSync(exportsDir())).toEqual([]);
  });

  it('with references=hashes names the reference files by their hash only', async () => {
    const res = await exportPackage(alice, source, 'hashes');
    const report = await verifyPackage(tmpFile('hashes.zip', Buffer.from(await res.arrayBuffer())));
    expect(report.ok).toBe(true);
    expect(report.manifest!.references[0]).not.toHaveProperty('path');
    expect([...report.entries.keys()].some((k) => k.startsWith('references/'))).toBe(false);
  });

  it('refuses another value of references, and sweeps what a dead export left', async () => {
    const bad = await exportPackage(alice, source, 'everything');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/references must be files or hashes/);
    const left = path.join(exportsDir(), 'left-by-a-crash.zip');
    fs.writeFileSync(left, 'x');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(left, old, old);
    await (await exportPackage(alice, source)).arrayBuffer();
    expect(fs.readdirSync(exportsDir())).toEqual([]);
  });
});

describe('POST /api/workspaces/:id/imports refuses', () => {
  it('hostile and tampered packages with a clear 400, writing no row and no file', async () => {
    const entries = await readZip(tmpFile('good.zip', pkg));
    for (const [what, bytes, message] of await hostilePackages(entries)) {
      const before = await storedState(database.db, dataDir);
      const res = await importPackageBody(bob, bobWs, bytes);
      const body = await res.json();
      expect({ what, status: res.status, code: body.error?.code }).toEqual({
        what,
        status: 400,
        code: 'bad_request',
      });
      expect(body.error.message, what).toMatch(/^package refused: /);
      expect(body.error.message, what).toMatch(message);
      expect(body.error.message, what).not.toContain(dataDir);
      expect(await storedState(database.db, dataDir), what).toEqual(before);
    }
  });

  it('a package over the upload limit with 413 while it arrives, and a body that is no package', async () => {
    const before = await storedState(database.db, dataDir);
    process.env.ATELIER_MAX_IMPORT_MB = '0.01';
    try {
      const res = await importPackageBody(bob, bobWs, pkg);
      expect(res.status).toBe(413);
      expect((await res.json()).error.message).toMatch(/larger than the upload limit of 0 MB/);
    } finally {
      delete process.env.ATELIER_MAX_IMPORT_MB;
    }
    const json = await importPackageBody(bob, bobWs, Buffer.from('{}'), 'application/json');
    expect(json.status).toBe(400);
    expect((await json.json()).error.message).toMatch(/send the package as the request body/);
    expect(await storedState(database.db, dataDir)).toEqual(before);
  });
});

describe('an import', () => {
  it('keeps every message and branch, image and generation, under new ids, marked imported', async () => {
    const res = await importPackageBody(bob, bobWs, pkg);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    imported = body.conversation.id;
    expect(body.counts).toEqual({ messages: 6, generations: 3, artifacts: 3, references: 1 });
    const key = loadSigningKey(readEnv().stateDir);
    expect(body.conversation.imported).toMatchObject({
      packageSha256: sha256(pkg),
      keyId: key.keyId,
      exportedBy: `user:${alice.user.id}`,
      sourceConversationId: source,
      sourceWorkspace: { id: aliceWs },
      referencesWithoutFiles: 0,
    });

    const [from, to] = [await view(alice, source), await view(bob, imported)];
    expect(to.conversation.imported).toEqual(body.conversation.imported);
    expect(to.messages).toHaveLength(from.messages.length);
    const ids = new Map<string, string>([[source, imported]]);
    for (const [i, m] of from.messages.entries()) {
      const n = to.messages[i];
      expect(n.id).not.toBe(m.id);
      ids.set(m.id, n.id);
      expect(n.parentId).toBe(m.parentId && ids.get(m.parentId));
      alignIds(m.parts, n.parts, ids, `message ${i}`);
      for (const k of ['role', 'status', 'modelId', 'profile', 'imageSettings', 'createdAt'])
        expect(n[k], k).toEqual(m[k]);
    }
    expect(to.messages.map((m) => m.imageSettings).filter(Boolean)).toEqual([FOLLOW_UP_SETTINGS]);
    // Two user messages without a parent: the edit's branch came along.
    expect(to.messages.filter((m) => m.parentId === null)).toHaveLength(2);
    expect([...ids.values()].filter((id) => ids.has(id))).toEqual([]);

    const outputs = to.messages.flatMap((m) =>
      (m.parts as Array<{ type: string; output?: { images?: Array<Record<string, string>> } }>)
        .filter((p) => p.type === 'tool-generate_image')
        .flatMap((p) => p.output?.images ?? []),
    );
    expect(outputs).toHaveLength(3);
    for (const img of outputs) {
      expect(img.url).toBe(`/api/artifacts/${img.artifactId}`);
      const got = await call(artifact.GET, { client: bob, params: { id: img.artifactId } });
      expect(got.status).toBe(200);
      expect(sha256(Buffer.from(await got.arrayBuffer()))).toBe(img.sha256);
      const theirs = await call(artifact.GET, { client: alice, params: { id: img.artifactId } });
      expect(theirs.status).toBe(404);
    }

    const gens = async (conversationId: string) =>
      database.db
        .select()
        .from(generations)
        .where(eq(generations.conversationId, conversationId))
        .orderBy(asc(generations.createdAt));
    const [g1, g2] = [await gens(source), await gens(imported)];
    expect(g2).toHaveLength(3);
    for (const [i, g] of g1.entries()) {
      const { id, workspaceId, conversationId, messageId, actor, ...rest } = g2[i];
      expect(id).not.toBe(g.id);
      expect(workspaceId).toBe(bobWs);
      expect(messageId).toBe(ids.get(g.messageId!));
      // Who asked for the image, as recorded where it was made.
      expect(actor).toBe(g.actor);
      const { id: _i, workspaceId: _w, conversationId: _c, messageId: _m, actor: _a, ...was } = g;
      alignIds(was, rest, ids, `generation ${i}`);
    }

    const [ref] = await database.db
      .select()
      .from(references)
      .where(eq(references.conversationId, imported));
    expect(ref).toMatchObject({ name: 'copy.csv', kind: 'csv', workspaceId: bobWs });
    expect(ref.sha256).toBe(sha256(Buffer.from(COPY_CSV)));
    const passages = async (id: string) =>
      (await database.db.select().from(chunks).where(eq(chunks.sourceId, id))).length;
    const [srcRef] = await database.db
      .select()
      .from(references)
      .where(eq(references.conversationId, source));
    expect(await passages(ref.id)).toBe(await passages(srcRef.id));
    expect(ids.get(srcRef.id)).toBe(ref.id);

    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subject, `conversation:${imported}`));
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['conversation.imported', `user:${bob.user.id}`],
    ]);
    expect(events[0].payload).toMatchObject({
      packageSha256: sha256(pkg),
      keyId: key.keyId,
      sourceConversationId: source,
      messages: 6,
      artifacts: 3,
    });
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('is read-only: no new turn, edit, regeneration, stop or reference; rename still works', async () => {
    const to = await view(bob, imported);
    const last = to.messages.at(-1)!;
    const firstUser = to.messages[0];
    const before = await storedState(database.db, dataDir);
    for (const parentId of [last.id, firstUser.parentId, firstUser.id]) {
      const res = await call(chat.POST, {
        client: bob,
        body: { conversationId: imported, parentId, message: { text: 'more' }, model: 'offline' },
      });
      const body = await res.json();
      expect({ status: res.status, code: body.error.code }).toEqual({
        status: 409,
        code: 'conflict',
      });
      expect(body.error.message).toMatch(/imported from a package and is read-only/);
    }
    const halt = await call(stop.POST, { client: bob, method: 'POST', params: { id: imported } });
    expect(halt.status).toBe(409);
    const up = await upload(
      bob,
      { name: 'more.csv', bytes: COPY_CSV },
      { conversationId: imported },
    );
    expect(up.status).toBe(409);
    expect(await storedState(database.db, dataDir)).toEqual(before);

    const renamed = await call(conversation.PATCH, {
      client: bob,
      method: 'PATCH',
      params: { id: imported },
      body: { title: 'From Alice' },
    });
    expect(renamed.status).toBe(200);
    expect((await view(bob, imported)).conversation.title).toBe('From Alice');
  });

  it('shows the importer nothing else of the source workspace, and the source nothing of the import', async () => {
    for (const id of [source, secret]) {
      const res = await call(conversation.GET, { client: bob, params: { id } });
      expect(res.status).toBe(404);
    }
    const list = await call(conversationsRoute.GET, {
      client: bob,
      path: `/api/conversations?workspaceId=${bobWs}`,
    });
    expect((await list.json()).conversations.map((c: { id: string }) => c.id)).toEqual([imported]);
    expect((await call(conversation.GET, { client: alice, params: { id: imported } })).status).toBe(
      404,
    );
    expect((await exportPackage(bob, secret)).status).toBe(404);
    expect((await importPackageBody(bob, aliceWs, pkg)).status).toBe(404);
  });

  it('into the installation that made it gets ids of its own; deleting it keeps the source whole; multipart works too', async () => {
    const res = await importPackageBody(alice, aliceWs, pkg);
    expect(res.status).toBe(201);
    const again = (await res.json()).conversation.id;
    const [from, to] = [await view(alice, source), await view(alice, again)];
    const ids = new Map<string, string>();
    from.messages.forEach((m, i) => alignIds(m.parts, to.messages[i].parts, ids));
    const oldIds = new Set(from.messages.map((m) => m.id));
    expect(to.messages.filter((m) => oldIds.has(m.id))).toEqual([]);

    const del = await call(conversation.DELETE, {
      client: alice,
      method: 'DELETE',
      params: { id: again },
    });
    expect(del.status).toBe(204);
    for (const img of from.messages.flatMap((m) =>
      (m.parts as Array<{ type: string; output?: { images?: Array<{ artifactId: string }> } }>)
        .filter((p) => p.type === 'tool-generate_image')
        .flatMap((p) => p.output?.images ?? []),
    )) {
      const got = await call(artifact.GET, { client: alice, params: { id: img.artifactId } });
      expect(got.status).toBe(200);
    }
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pkg)]), 'package.zip');
    const multipart = await importPackageBody(bob, bobWs, form);
    expect(multipart.status, await multipart.clone().text()).toBe(201);
  });

  it('whose transaction fails leaves no row, no draft and no file it wrote', async () => {
    for (const [client, id] of [
      [alice, source],
      ...(
        await database.db
          .select({ id: conversations.id })
          .from(conversations)
          .where(eq(conversations.workspaceId, bobWs))
      ).map((c) => [bob, c.id] as const),
    ] as const)
      await call(conversation.DELETE, { client, method: 'DELETE', params: { id } });
    const before = await storedState(database.db, dataDir);
    expect(before.files.filter((f) => f.endsWith('.png') || f.endsWith('.csv'))).toEqual([]);
    // The import's own transaction fails; those that clean up after it run.
    let calls = 0;
    const failing = Object.create(database.db, {
      transaction: {
        value: (...args: Parameters<typeof database.db.transaction>) =>
          calls++ === 0
            ? Promise.reject(new Error('the disk is full'))
            : database.db.transaction(...args),
      },
    });
    await expect(
      importPackage(failing, principal(bob), bobWs, tmpFile('again.zip', pkg)),
    ).rejects.toThrow('the disk is full');
    expect(await storedState(database.db, dataDir)).toEqual(before);
  });
});
