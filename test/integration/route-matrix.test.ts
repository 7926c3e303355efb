import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as stop from '@/app/api/chat/[id]/stop/route';
import * as stream from '@/app/api/chat/[id]/stream/route';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import * as referenceFile from '@/app/api/references/[id]/file/route';
import * as referencePage from '@/app/api/references/[id]/pages/[page]/route';
import * as reference from '@/app/api/references/[id]/route';
import * as referenceThumb from '@/app/api/references/[id]/thumbnail/route';
import * as references from '@/app/api/references/route';
import * as invites from '@/app/api/workspaces/[id]/invites/route';
import * as members from '@/app/api/workspaces/[id]/members/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { closeParsers } from '@/lib/ingest/runner';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { makePdf } from '../helpers/pdf';
import { upload } from '../helpers/references';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('matrix');
let database: Database;
let alice: Client;
let bob: Client;
let viewer: Client;
let aliceWs: string;
let teamWs: string;
let convId: string;
let assistantId: string;
let refId: string;

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  bob = await signUpClient('bob@example.com');
  viewer = await signUpClient('vera@example.com');
  aliceWs = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
  teamWs = (await (await call(workspaces.POST, { client: alice, body: { name: 'Team A' } })).json())
    .workspace.id;
  await call(invites.POST, {
    client: alice,
    params: { id: teamWs },
    body: { email: 'vera@example.com', role: 'viewer' },
  });
  convId = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId: teamWs } })).json()
  ).conversation.id;
  const res = await call(chat.POST, {
    client: alice,
    body: {
      conversationId: convId,
      parentId: null,
      message: { text: 'hello' },
      model: 'offline',
      profile: 'draft',
    },
  });
  await readUIStream(res);
  assistantId = res.headers.get('x-atelier-assistant-message-id')!;
  const ref = await upload(
    alice,
    { name: 'brief.pdf', bytes: makePdf([['Brief'], ['Page two']]) },
    { conversationId: convId },
  );
  refId = (await ref.json()).reference.id;
});
afterAll(async () => {
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const p = (id: string) => ({ params: { id } });
type Case = [string, unknown, (who?: Client) => Parameters<typeof call>[1]];
const cases = (): Case[] => [
  ['GET conversation', conversation.GET, (c) => ({ client: c, ...p(convId) })],
  [
    'PATCH conversation',
    conversation.PATCH,
    (c) => ({ client: c, method: 'PATCH', body: { title: 'x' }, ...p(convId) }),
  ],
  [
    'DELETE conversation',
    conversation.DELETE,
    (c) => ({ client: c, method: 'DELETE', ...p(convId) }),
  ],
  [
    'list conversations',
    conversations.GET,
    (c) => ({ client: c, path: `/api/conversations?workspaceId=${teamWs}` }),
  ],
  [
    'create conversation',
    conversations.POST,
    (c) => ({ client: c, body: { workspaceId: aliceWs } }),
  ],
  [
    'chat turn',
    chat.POST,
    (c) => ({
      client: c,
      body: { conversationId: convId, parentId: assistantId, message: { text: 'hi' } },
    }),
  ],
  ['resume stream', stream.GET, (c) => ({ client: c, ...p(convId) })],
  ['stop turn', stop.POST, (c) => ({ client: c, ...p(convId), method: 'POST' })],
  ['list members', members.GET, (c) => ({ client: c, ...p(teamWs) })],
  [
    'invite',
    invites.POST,
    (c) => ({ client: c, ...p(teamWs), body: { email: 'x@example.com', role: 'viewer' } }),
  ],
  [
    'list references',
    references.GET,
    (c) => ({ client: c, path: `/api/references?conversationId=${convId}` }),
  ],
  [
    'reference detail',
    reference.GET,
    (c) => ({ client: c, ...p(refId), path: `/api/references/${refId}?page=1` }),
  ],
  ['reference file', referenceFile.GET, (c) => ({ client: c, ...p(refId) })],
  [
    'reference page image',
    referencePage.GET,
    (c) => ({ client: c, params: { id: refId, page: '2' } }),
  ],
  ['reference thumbnail', referenceThumb.GET, (c) => ({ client: c, ...p(refId) })],
  ['delete reference', reference.DELETE, (c) => ({ client: c, method: 'DELETE', ...p(refId) })],
];

describe('route matrix: a member of one workspace cannot reach another', () => {
  it.each(cases())('%s: 401 without a session', async (_n, handler, opts) => {
    expect((await call(handler, opts(undefined))).status).toBe(401);
  });

  it.each(cases())("%s: 404 for another workspace's ids", async (_n, handler, opts) => {
    const res = await call(handler, opts(bob));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('lists show nothing of the other workspace', async () => {
    const body = await (await call(me.GET, { client: bob })).json();
    expect(body.workspaces.map((w: { id: string }) => w.id)).not.toContain(teamWs);
  });

  it('a viewer reads but cannot write', async () => {
    expect((await call(conversation.GET, { client: viewer, ...p(convId) })).status).toBe(200);
    const write = await call(chat.POST, {
      client: viewer,
      body: { conversationId: convId, parentId: assistantId, message: { text: 'hi' } },
    });
    expect(write.status).toBe(403);
    expect(
      (await call(conversation.DELETE, { client: viewer, method: 'DELETE', ...p(convId) })).status,
    ).toBe(403);
    expect(
      (await call(referencePage.GET, { client: viewer, params: { id: refId, page: '1' } })).status,
    ).toBe(200);
    expect(
      (await call(reference.DELETE, { client: viewer, method: 'DELETE', ...p(refId) })).status,
    ).toBe(403);
    expect(
      (await upload(viewer, { name: 'x.csv', bytes: 'a,b\n1,2\n' }, { conversationId: convId }))
        .status,
    ).toBe(403);
  });

  it('the owner still has everything afterwards', async () => {
    const body = await (await call(conversation.GET, { client: alice, ...p(convId) })).json();
    expect(body.conversation.title).toBe('hello');
    expect(body.messages).toHaveLength(2);
  });
});
