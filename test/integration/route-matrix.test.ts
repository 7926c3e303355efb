// The route matrix: every HTTP handler exported by a file under app/api, found on disk at test
// time, is called without a session, by a stranger, by each member role too low for it, without
// its CSRF token and by the caller it is for. The table below says how to call each one and what
// it needs; a handler without a row, or a row without a handler, fails the first test.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { artifacts, chunks, searchRuns } from '@/db/schema';
import { loadSigningKey } from '@/lib/audit/signing-key';
import { readEnv } from '@/lib/config/env';
import { exportEntries } from '@/lib/export/export';
import { zipBuffer } from '@/lib/export/zip-write';
import { closeParsers } from '@/lib/ingest/runner';
import { putBlob } from '@/lib/storage/blobs';
import { OPERATOR } from '@/lib/workspaces/operator';
import { tempDataDir } from '../helpers/data-dir';
import { seedGeneration } from '../helpers/gallery-fixture';
import { type Client, cookiesOf, signUpClient } from '../helpers/http';
import { makePdf } from '../helpers/pdf';
import { stripesPng } from '../helpers/png';
import type { UploadFile } from '../helpers/references';
import { discoverRoutes, fillPath, type RouteHandler } from '../helpers/routes';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('matrix');
const { files, handlers } = await discoverRoutes();

const ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct horse battery';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The callers: the instance admin (first account, member of no team), the team's three roles, and a stranger. */
type Who = 'admin' | 'owner' | 'editor' | 'viewer' | 'outsider';
type Role = 'viewer' | 'editor' | 'owner';
const ROLES: Role[] = ['viewer', 'editor', 'owner'];

/** What the rows call routes with: the team workspace and what it owns. */
type Fx = {
  clients: Record<Who, Client>;
  teamWs: string;
  conv: string;
  /** The latest message of `conv`, parent of the next turn (null in a fresh conversation). */
  assistant: string | null;
  ref: string;
  artifact: string;
  /** An image of a finished generation, in a conversation of its own (the gallery's routes). */
  image: string;
  run: string;
  passage: string;
  /** A viewer of the team who never calls: the member routes change or remove them. */
  member: string;
  /** A pending invite of the team, for the revoke route. */
  invite: string;
  /** A publish package of `conv`, for the import route. */
  package: Uint8Array;
};

type Ask = {
  params?: Record<string, string>;
  query?: string;
  json?: unknown;
  form?: { file: UploadFile; fields: Record<string, string> };
  /** A raw body and its content type. */
  raw?: { bytes: Uint8Array; type: string };
};

type Row = {
  /** Callable without a session: why that is right. */
  public?: string;
  /** For instance admins only: any other account gets 403 forbidden. */
  admin?: true;
  /**
   * Touches something a workspace owns; the role it needs there. Non-members get 404 not_found,
   * members with a lower role 403 forbidden.
   */
  owned?: Role;
  ask: (f: Fx) => Ask;
  /** The status for the caller the route is for (anyone, the admin, or the lowest role that suffices). */
  ok: number;
  /** Objects of its own for calls that succeed (or would, were a check missing), so the shared ones stay. */
  fresh?: (f: Fx) => Promise<Fx>;
};

const email = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.com`;
const csv = (): UploadFile => ({ name: 'copy.csv', bytes: `headline,size\n${randomUUID()},A2\n` });

const TABLE: Record<string, Row> = {
  'GET /api/admin/metrics': { admin: true, ask: () => ({}), ok: 200 },
  'DELETE /api/admin/metrics': { admin: true, ask: () => ({}), ok: 204 },
  'GET /api/admin/settings': { admin: true, ask: () => ({}), ok: 200 },
  'PUT /api/admin/settings': { admin: true, ask: () => ({ json: {} }), ok: 200 },
  'GET /api/artifacts/[id]': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.artifact } }),
    ok: 200,
  },
  'GET /api/artifacts/[id]/preview': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.artifact }, query: '?w=256' }),
    ok: 200,
  },
  'PUT /api/artifacts/[id]/review': {
    owned: 'editor',
    ask: (f) => ({
      params: { id: f.artifact },
      json: { verdict: 'approved', comment: 'on brand' },
    }),
    ok: 200,
  },
  'DELETE /api/artifacts/[id]/review': {
    owned: 'editor',
    ask: (f) => ({ params: { id: f.artifact } }),
    ok: 204,
  },
  'GET /api/auth/me': { ask: () => ({}), ok: 200 },
  'POST /api/auth/signin': {
    public: 'it is how a session starts; wrong passwords are rate-limited and audited',
    ask: (f) => ({ json: { email: f.clients.outsider.user.email, password: PASSWORD } }),
    ok: 200,
  },
  'POST /api/auth/signout': { ask: () => ({}), ok: 204, fresh: freshSession },
  'POST /api/auth/signup': {
    public: 'it is how an account starts; closed sign-up and invites decide who may',
    ask: () => ({ json: { email: email('newcomer'), name: 'Newcomer', password: PASSWORD } }),
    ok: 201,
  },
  'POST /api/chat/[id]/stop': {
    owned: 'editor',
    ask: (f) => ({ params: { id: f.conv } }),
    ok: 204,
  },
  'GET /api/chat/[id]/stream': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.conv } }),
    ok: 204,
  },
  'POST /api/chat': {
    owned: 'editor',
    ask: (f) => ({
      json: { conversationId: f.conv, parentId: f.assistant, message: { text: 'hi' } },
    }),
    ok: 200,
    fresh: freshConversation,
  },
  'GET /api/conversations/[id]': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.conv } }),
    ok: 200,
  },
  'PATCH /api/conversations/[id]': {
    owned: 'editor',
    ask: (f) => ({ params: { id: f.conv }, json: { title: 'Renamed' } }),
    ok: 200,
    fresh: freshConversation,
  },
  'DELETE /api/conversations/[id]': {
    owned: 'editor',
    ask: (f) => ({ params: { id: f.conv } }),
    ok: 204,
    fresh: freshConversation,
  },
  'GET /api/conversations/[id]/audit': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.conv }, query: '?action=message.created' }),
    ok: 200,
  },
  'POST /api/conversations/[id]/export': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.conv }, json: { references: 'hashes' } }),
    ok: 200,
  },
  'GET /api/conversations': {
    owned: 'viewer',
    ask: (f) => ({ query: `?workspaceId=${f.teamWs}` }),
    ok: 200,
  },
  'POST /api/conversations': {
    owned: 'editor',
    ask: (f) => ({ json: { workspaceId: f.teamWs } }),
    ok: 201,
  },
  'GET /api/image-models': { ask: () => ({}), ok: 200 },
  'GET /api/images': {
    owned: 'viewer',
    ask: (f) => ({ query: `?workspaceId=${f.teamWs}&profile=draft` }),
    ok: 200,
  },
  'GET /api/images/[id]': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.image } }),
    ok: 200,
  },
  'GET /api/images/[id]/download': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.image } }),
    ok: 200,
  },
  'POST /api/image-models': {
    admin: true,
    // Past the admin check a folder that holds no model is refused; adding a real one is
    // image-models.test.ts's business.
    ask: () => ({ json: { path: `${dataDir}/no-model-here` } }),
    ok: 400,
  },
  'GET /api/models': { ask: () => ({}), ok: 200 },
  'GET /api/references/[id]/file': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.ref } }),
    ok: 200,
  },
  'GET /api/references/[id]/pages/[page]': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.ref, page: '2' } }),
    ok: 200,
  },
  'GET /api/references/[id]': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.ref }, query: '?page=1' }),
    ok: 200,
  },
  'DELETE /api/references/[id]': {
    owned: 'editor',
    ask: (f) => ({ params: { id: f.ref } }),
    ok: 204,
    fresh: freshReference,
  },
  'GET /api/references/[id]/thumbnail': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.ref } }),
    ok: 200,
  },
  'POST /api/references': {
    owned: 'editor',
    ask: (f) => ({ form: { file: csv(), fields: { conversationId: f.conv } } }),
    ok: 201,
    fresh: freshConversation,
  },
  'GET /api/references': {
    owned: 'viewer',
    ask: (f) => ({ query: `?conversationId=${f.conv}` }),
    ok: 200,
  },
  'GET /api/search/passages/[id]': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.passage } }),
    ok: 200,
  },
  'GET /api/search/runs/[id]': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.run } }),
    ok: 200,
  },
  'POST /api/workspaces/[id]/invites': {
    owned: 'owner',
    ask: (f) => ({ params: { id: f.teamWs }, json: { email: email('invitee'), role: 'viewer' } }),
    ok: 201,
  },
  'GET /api/workspaces/[id]/invites': {
    owned: 'owner',
    ask: (f) => ({ params: { id: f.teamWs } }),
    ok: 200,
  },
  'DELETE /api/workspaces/[id]/invites/[inviteId]': {
    owned: 'owner',
    ask: (f) => ({ params: { id: f.teamWs, inviteId: f.invite } }),
    ok: 204,
    fresh: freshInvite,
  },
  'PATCH /api/workspaces/[id]/members/[userId]': {
    owned: 'owner',
    ask: (f) => ({ params: { id: f.teamWs, userId: f.member }, json: { role: 'editor' } }),
    ok: 204,
    fresh: freshMember,
  },
  'DELETE /api/workspaces/[id]/members/[userId]': {
    owned: 'owner',
    ask: (f) => ({ params: { id: f.teamWs, userId: f.member } }),
    ok: 204,
    fresh: freshMember,
  },
  'POST /api/workspaces/[id]/imports': {
    owned: 'editor',
    ask: (f) => ({
      params: { id: f.teamWs },
      raw: { bytes: f.package, type: 'application/zip' },
    }),
    ok: 201,
  },
  'GET /api/workspaces/[id]/members': {
    owned: 'viewer',
    ask: (f) => ({ params: { id: f.teamWs } }),
    ok: 200,
  },
  'GET /api/workspaces': { ask: () => ({}), ok: 200 },
  'POST /api/workspaces': { ask: () => ({ json: { name: 'Scratch' } }), ok: 201 },
};

const byKey = new Map(handlers.map((h) => [h.key, h]));
const route = (key: string): RouteHandler => {
  const h = byKey.get(key);
  if (!h) throw new Error(`no route handler ${key}`);
  return h;
};

type Sent = { status: number; headers: Headers; body: unknown; text: string };

/** One in-process request, as a browser would send it: cookies, CSRF header and Origin on mutations. */
async function send(
  h: RouteHandler,
  ask: Ask,
  client?: Client,
  tweak: { csrf?: string | null; origin?: string } = {},
): Promise<Sent> {
  const headers = new Headers({ host: 'localhost:3000' });
  const mutation = h.method !== 'GET' && h.method !== 'HEAD';
  if (mutation) headers.set('origin', tweak.origin ?? ORIGIN);
  if (client) {
    headers.set('cookie', client.cookie);
    const csrf = tweak.csrf === undefined ? client.csrf : tweak.csrf;
    if (mutation && csrf !== null) headers.set('x-csrf-token', csrf);
  }
  let body: BodyInit | undefined;
  if (ask.form) {
    const form = new FormData();
    const { file, fields } = ask.form;
    const bytes =
      typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
    // The target first: an upload's role is checked before its file is read.
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), file.name);
    body = form;
  } else if (ask.raw) {
    headers.set('content-type', ask.raw.type);
    body = ask.raw.bytes as Uint8Array<ArrayBuffer>;
  } else if (ask.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(ask.json);
  }
  const params = ask.params ?? {};
  const url = `${ORIGIN}${fillPath(h.path, params)}${ask.query ?? ''}`;
  const res = await h.handler(new Request(url, { method: h.method, headers, body }), {
    params: Promise.resolve(params),
  });
  // Read to the end: a chat turn's stream ends when the turn does, so nothing outlives its test.
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

const errorOf = (s: Sent) => ({
  status: s.status,
  code: (s.body as { error?: { code?: string } } | null)?.error?.code,
});

let database: Database;
let fx: Fx;

async function signInClient(user: Client['user']): Promise<Client> {
  const h = route('POST /api/auth/signin');
  const req = new Request(`${ORIGIN}/api/auth/signin`, {
    method: 'POST',
    headers: { host: 'localhost:3000', origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: PASSWORD }),
  });
  const res = await h.handler(req, { params: Promise.resolve({}) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return { ...cookiesOf(res), user };
}

function expectOk(s: Sent, status: number, what: string) {
  expect(s.status, `${what}: ${s.text.slice(0, 300)}`).toBe(status);
}

/** A second session of the stranger, for sign-out to end. */
async function freshSession(f: Fx): Promise<Fx> {
  return { ...f, clients: { ...f.clients, outsider: await signInClient(f.clients.outsider.user) } };
}

/** An empty conversation of the team, made by its owner. */
async function freshConversation(f: Fx): Promise<Fx> {
  const res = await send(
    route('POST /api/conversations'),
    { json: { workspaceId: f.teamWs, title: 'Scratch' } },
    f.clients.owner,
  );
  expectOk(res, 201, 'a fresh conversation');
  return {
    ...f,
    conv: (res.body as { conversation: { id: string } }).conversation.id,
    assistant: null,
  };
}

/** A reference of its own, in a conversation of its own. */
async function freshReference(f: Fx): Promise<Fx> {
  const g = await freshConversation(f);
  const res = await send(
    route('POST /api/references'),
    { form: { file: csv(), fields: { conversationId: g.conv } } },
    f.clients.owner,
  );
  expectOk(res, 201, 'a fresh reference');
  return { ...g, ref: (res.body as { reference: { id: string } }).reference.id };
}

/** A new account added to the team as a viewer. */
async function freshMember(f: Fx): Promise<Fx> {
  const someone = await signUpClient(email('member'));
  const res = await send(
    route('POST /api/workspaces/[id]/invites'),
    { params: { id: f.teamWs }, json: { email: someone.user.email, role: 'viewer' } },
    f.clients.owner,
  );
  expectOk(res, 201, 'a fresh member');
  return { ...f, member: someone.user.id };
}

/** A pending invite of the team for an email with no account. */
async function freshInvite(f: Fx): Promise<Fx> {
  const invitee = email('invitee');
  const res = await send(
    route('POST /api/workspaces/[id]/invites'),
    { params: { id: f.teamWs }, json: { email: invitee, role: 'owner' } },
    f.clients.owner,
  );
  expectOk(res, 201, 'a fresh invite');
  const list = await send(
    route('GET /api/workspaces/[id]/invites'),
    { params: { id: f.teamWs } },
    f.clients.owner,
  );
  const { invites } = list.body as { invites: Array<{ id: string; email: string }> };
  return { ...f, invite: invites.find((i) => i.email === invitee)!.id };
}

beforeAll(async () => {
  database = await freshDatabase();
  // The first account is the instance admin; it is a member of no team.
  const admin = await signUpClient('root@example.com');
  const owner = await signUpClient('alice@example.com');
  const editor = await signUpClient('eddie@example.com');
  const viewer = await signUpClient('vera@example.com');
  const outsider = await signUpClient('bob@example.com');
  const member = await signUpClient('mia@example.com');
  const ws = await send(route('POST /api/workspaces'), { json: { name: 'Team A' } }, owner);
  const teamWs = (ws.body as { workspace: { id: string } }).workspace.id;
  for (const [who, role] of [
    [editor, 'editor'],
    [viewer, 'viewer'],
    [member, 'viewer'],
  ] as const) {
    const res = await send(
      route('POST /api/workspaces/[id]/invites'),
      { params: { id: teamWs }, json: { email: who.user.email, role } },
      owner,
    );
    expectOk(res, 201, `invite ${who.user.email}`);
  }
  const conv = await send(
    route('POST /api/conversations'),
    { json: { workspaceId: teamWs } },
    owner,
  );
  const convId = (conv.body as { conversation: { id: string } }).conversation.id;

  const turn = await send(
    route('POST /api/chat'),
    {
      json: {
        conversationId: convId,
        parentId: null,
        message: { text: 'hello' },
        model: 'offline',
        profile: 'draft',
      },
    },
    owner,
  );
  expectOk(turn, 200, 'the first turn');
  const assistant = turn.headers.get('x-atelier-assistant-message-id');
  if (!assistant) throw new Error('the first turn did not start');

  const ref = await send(
    route('POST /api/references'),
    {
      form: {
        file: { name: 'brief.pdf', bytes: makePdf([['Brief'], ['Page two']]) },
        fields: { conversationId: convId },
      },
    },
    owner,
  );
  expectOk(ref, 201, 'the brief');
  const refId = (ref.body as { reference: { id: string } }).reference.id;

  const png = await stripesPng([{ rgb: [200, 40, 40], share: 1 }], 16);
  const blob = await putBlob(png, '.png');
  const [artifact] = await database.db
    .insert(artifacts)
    .values({
      workspaceId: teamWs,
      kind: 'image',
      sha256: blob.sha256,
      mime: 'image/png',
      bytes: blob.bytes,
      width: 16,
      height: 16,
    })
    .returning({ id: artifacts.id });
  const gallery = await send(
    route('POST /api/conversations'),
    { json: { workspaceId: teamWs, title: 'Gallery' } },
    owner,
  );
  const seeded = await seedGeneration(database.db, {
    workspaceId: teamWs,
    conversationId: (gallery.body as { conversation: { id: string } }).conversation.id,
    request: 'a red poster',
    profile: 'draft',
    seed: 1,
    at: new Date(),
  });
  const [run] = await database.db
    .insert(searchRuns)
    .values({
      workspaceId: teamWs,
      actor: `user:${owner.user.id}`,
      query: 'festival poster',
      mode: 'quick',
      params: {},
      status: 'complete',
      answer: 'Nothing found.',
    })
    .returning({ id: searchRuns.id });
  const [passage] = await database.db
    .select({ id: chunks.id })
    .from(chunks)
    .where(eq(chunks.sourceId, refId))
    .limit(1);
  if (!passage) throw new Error('the brief has no passages');

  fx = {
    clients: { admin, owner, editor, viewer, outsider },
    teamWs,
    conv: convId,
    assistant,
    ref: refId,
    artifact: artifact.id,
    image: seeded.images[0].id,
    run: run.id,
    passage: passage.id,
    member: member.user.id,
    invite: '',
    package: await zipBuffer(
      (
        await exportEntries(database.db, OPERATOR, convId, {
          includeReferences: true,
          key: loadSigningKey(readEnv().stateDir),
        })
      ).entries,
    ),
  };
  fx = await freshInvite(fx);
}, 120_000);

afterAll(async () => {
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const tableKeys = Object.keys(TABLE);
const rows = handlers
  .filter((h) => TABLE[h.key])
  .map((h) => ({ ...h, row: TABLE[h.key] }))
  .map((h) => [h.key, h] as const);
type Entry = (typeof rows)[number][1];
const where = (keep: (e: Entry) => boolean) => rows.filter(([, e]) => keep(e));
const isMutation = (e: Entry) => e.method !== 'GET' && e.method !== 'HEAD';

/** Who the route is for: nobody in particular, the admin, the lowest role that suffices, or any account. */
const rightful = (row: Row): Who | undefined =>
  row.public ? undefined : row.admin ? 'admin' : (row.owned ?? 'outsider');

const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The same request with every id in it (path, query, body) swapped for one that names nothing. */
function elsewhere(ask: Ask): { ask: Ask; swapped: number } {
  const swap = new Map<string, string>();
  const to = (id: string) => {
    if (!swap.has(id)) swap.set(id, randomUUID());
    return swap.get(id)!;
  };
  const deep = <T>(v: T): T =>
    (typeof v === 'string'
      ? UUID.test(v)
        ? to(v)
        : v
      : Array.isArray(v)
        ? v.map(deep)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]))
          : v) as T;
  const swapped: Ask = {
    params: deep(ask.params),
    query: ask.query?.replace(UUID_IN_TEXT, to),
    json: deep(ask.json),
    form: ask.form && { file: ask.form.file, fields: deep(ask.form.fields) },
    raw: ask.raw,
  };
  return { ask: swapped, swapped: swap.size };
}

/** The route's own uuid path parameters (a page number is not one). */
const uuidParams = (ask: Ask) =>
  Object.entries(ask.params ?? {})
    .filter(([, v]) => UUID.test(v))
    .map(([k]) => k);

describe('the table and the route files', () => {
  it('finds the route files, each exporting at least one handler', () => {
    expect(files.length).toBeGreaterThanOrEqual(24);
    const empty = files.filter((f) => !handlers.some((h) => h.file === f));
    expect(empty, 'route files that export no HTTP method handler').toEqual([]);
  });

  it('has a row for every exported handler', () => {
    const missing = handlers.map((h) => h.key).filter((k) => !TABLE[k]);
    expect(missing, 'handlers the route matrix has no row for').toEqual([]);
  });

  it('names no handler that no longer exists', () => {
    const stale = tableKeys.filter((k) => !byKey.has(k));
    expect(stale, 'rows for handlers no route file exports').toEqual([]);
  });

  it('marks a public route as nothing else', () => {
    const muddled = tableKeys.filter((k) => TABLE[k].public && (TABLE[k].admin || TABLE[k].owned));
    expect(muddled).toEqual([]);
  });
});

describe('without a session', () => {
  it.each(where((e) => !e.row.public))('%s: 401 unauthorized', async (_k, e) => {
    expect(errorOf(await send(e, e.row.ask(fx)))).toEqual({ status: 401, code: 'unauthorized' });
  });
});

describe("another workspace's ids reveal nothing", () => {
  it.each(where((e) => !!e.row.owned))(
    '%s: 404 not_found for a signed-in non-member (the admin too), as for ids that name nothing',
    async (_k, e) => {
      const ask = e.row.ask(fx);
      const { ask: nowhere, swapped } = elsewhere(ask);
      expect(swapped, 'ids in the request').toBeGreaterThan(0);
      for (const who of ['outsider', 'admin'] as const) {
        const res = await send(e, ask, fx.clients[who]);
        expect({ status: res.status, body: res.body }, who).toEqual({
          status: 404,
          body: { error: { code: 'not_found', message: expect.any(String) } },
        });
        const none = await send(e, nowhere, fx.clients[who]);
        expect({ status: res.status, body: res.body }, who).toEqual({
          status: none.status,
          body: none.body,
        });
      }
    },
  );
});

describe('a member whose role is too low', () => {
  it.each(where((e) => !!e.row.owned && e.row.owned !== 'viewer'))(
    '%s: 403 forbidden',
    async (_k, e) => {
      const need = ROLES.indexOf(e.row.owned!);
      for (const role of ROLES.slice(0, need)) {
        const res = await send(e, e.row.ask(fx), fx.clients[role]);
        expect(errorOf(res), role).toEqual({ status: 403, code: 'forbidden' });
      }
    },
  );
});

describe('admin-only routes', () => {
  it.each(where((e) => !!e.row.admin))('%s: 403 forbidden for any other account', async (_k, e) => {
    for (const who of ['owner', 'viewer', 'outsider'] as const) {
      const res = await send(e, e.row.ask(fx), fx.clients[who]);
      expect(errorOf(res), who).toEqual({ status: 403, code: 'forbidden' });
    }
  });
});

describe('cross-site mutations', () => {
  it.each(where((e) => isMutation(e) && !e.row.public))(
    '%s: 403 csrf without the token, with a wrong one, or from another origin',
    async (_k, e) => {
      const f = e.row.fresh ? await e.row.fresh(fx) : fx;
      const client = f.clients[rightful(e.row)!];
      for (const tweak of [
        { csrf: null },
        { csrf: 'forged' },
        { origin: 'https://evil.example' },
      ]) {
        const res = await send(e, e.row.ask(f), client, tweak);
        expect(errorOf(res), JSON.stringify(tweak)).toEqual({ status: 403, code: 'csrf' });
      }
    },
  );

  it.each(where((e) => isMutation(e) && !!e.row.public))(
    '%s: 403 csrf from another origin',
    async (_k, e) => {
      const res = await send(e, e.row.ask(fx), undefined, { origin: 'https://evil.example' });
      expect(errorOf(res)).toEqual({ status: 403, code: 'csrf' });
    },
  );
});

describe('ids that name nothing', () => {
  it.each(where((e) => e.path.includes('[')))(
    '%s: 404 not_found for an unknown id, 400 bad_request for a malformed one',
    async (_k, e) => {
      const ask = e.row.ask(fx);
      const client = fx.clients[rightful(e.row)!];
      expect(uuidParams(ask)).not.toEqual([]);
      for (const k of uuidParams(ask)) {
        const unknown = await send(
          e,
          { ...ask, params: { ...ask.params, [k]: randomUUID() } },
          client,
        );
        expect(errorOf(unknown), k).toEqual({ status: 404, code: 'not_found' });
        const bad = await send(e, { ...ask, params: { ...ask.params, [k]: 'not-a-uuid' } }, client);
        expect(bad.body, k).toEqual({ error: { code: 'bad_request', message: 'not a valid id' } });
      }
    },
  );
});

describe('the caller a route is for', () => {
  it.each(rows)('%s: gets its answer', async (_k, e) => {
    const f = e.row.fresh ? await e.row.fresh(fx) : fx;
    const who = rightful(e.row);
    const res = await send(e, e.row.ask(f), who && f.clients[who]);
    expectOk(res, e.row.ok, who ?? 'no session');
  });
});

describe('afterwards', () => {
  it('lists show nothing of the other workspace', async () => {
    for (const key of ['GET /api/auth/me', 'GET /api/workspaces']) {
      const body = (await send(route(key), {}, fx.clients.outsider)).body as {
        workspaces: Array<{ id: string }>;
      };
      expect(body.workspaces.map((w) => w.id)).not.toContain(fx.teamWs);
    }
  });

  it('the refused calls changed nothing', async () => {
    const view = await send(
      route('GET /api/conversations/[id]'),
      { params: { id: fx.conv } },
      fx.clients.owner,
    );
    const body = view.body as { conversation: { title: string }; messages: unknown[] };
    expect(body.conversation.title).toBe('hello');
    expect(body.messages).toHaveLength(2);
    const refs = await send(
      route('GET /api/references'),
      { query: `?conversationId=${fx.conv}` },
      fx.clients.viewer,
    );
    expect(
      (refs.body as { references: Array<{ id: string }> }).references.map((r) => r.id),
    ).toEqual([fx.ref]);
    const members = await send(
      route('GET /api/workspaces/[id]/members'),
      { params: { id: fx.teamWs } },
      fx.clients.viewer,
    );
    const roles = Object.fromEntries(
      (members.body as { members: Array<{ userId: string; role: string }> }).members.map((m) => [
        m.userId,
        m.role,
      ]),
    );
    expect(roles).toMatchObject({
      [fx.clients.owner.user.id]: 'owner',
      [fx.clients.editor.user.id]: 'editor',
      [fx.clients.viewer.user.id]: 'viewer',
      [fx.member]: 'viewer',
    });
    expect(roles).not.toHaveProperty(fx.clients.outsider.user.id);
    expect(roles).not.toHaveProperty(fx.clients.admin.user.id);
    const invites = await send(
      route('GET /api/workspaces/[id]/invites'),
      { params: { id: fx.teamWs } },
      fx.clients.owner,
    );
    expect((invites.body as { invites: Array<{ id: string }> }).invites.map((i) => i.id)).toContain(
      fx.invite,
    );
  });
});
