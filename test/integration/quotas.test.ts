// Quotas: each kind of request refused with a 429 that names the limit and when it resets; the
// largest generation bounded; uploads admitted before their body is read; previews capped per person.
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversations from '@/app/api/conversations/route';
import * as thumbnail from '@/app/api/references/[id]/thumbnail/route';
import * as list from '@/app/api/references/route';
import type { Database } from '@/db/client';
import { generations, memberships, searchRuns } from '@/db/schema';
import '@/lib/assistant/tools';
import { generateImageTool } from '@/lib/assistant/tools/generate-image';
import { TurnSources } from '@/lib/assistant/tools/turn-sources';
import { userActor } from '@/lib/audit/actors';
import { closeParsers } from '@/lib/ingest/runner';
import { closeEngine } from '@/lib/jobs/engine';
import { withRenderSlot } from '@/lib/quotas/renders';
import { DEFAULT_QUOTAS, type QuotaSettings, writeQuotas } from '@/lib/quotas/settings';
import { runSearch } from '@/lib/search/service';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { moodboardPng, upload } from '../helpers/references';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('quotas');
let database: Database;
let alice: Client;
let bob: Client;
let ws: string;
let conversationId: string;

const member = (c: Client) => ({ userId: c.user.id, actor: userActor(c.user.id), isAdmin: false });
const setQuotas = (patch: Partial<QuotaSettings>) =>
  writeQuotas(database.db, { ...DEFAULT_QUOTAS, ...patch });
const one = { perUser: 1, perWorkspace: 100, windowMinutes: 60 };
const RESET =
  /limit of 1 .+ per hour; the next one is allowed at \d{4}-\d\d-\d\dT[\d:]+Z \(in \d+ min\)/;

async function expect429(res: Response, message: RegExp) {
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(429);
  expect(body.error.code).toBe('rate_limited');
  expect(body.error.message).toMatch(message);
}

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  bob = await signUpClient('bob@example.com');
  ws = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
  await database.db
    .insert(memberships)
    .values({ workspaceId: ws, userId: bob.user.id, role: 'viewer' });
  conversationId = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json()
  ).conversation.id;
});
beforeEach(() => setQuotas({}));
afterAll(async () => {
  await closeParsers();
  await closeEngine();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('quotas', () => {
  it('refuses a second chat turn past the per-person limit, saying when it resets', async () => {
    await setQuotas({ turns: one });
    const turn = (parentId: string | null) =>
      call(chat.POST, {
        client: alice,
        body: {
          conversationId,
          parentId,
          message: { text: 'hello' },
          model: 'offline',
          profile: 'draft',
        },
      });
    const first = await turn(null);
    expect(first.status).toBe(200);
    await readUIStream(first);
    await expect429(await turn(first.headers.get('x-atelier-assistant-message-id')), RESET);
  });

  it('refuses an upload past the workspace limit before reading the file', async () => {
    await setQuotas({ uploads: { perUser: 100, perWorkspace: 1, windowMinutes: 30 } });
    const csv = { name: 'a.csv', bytes: 'a,b\n1,2\n' };
    expect((await upload(alice, csv, { conversationId })).status).toBe(201);
    await expect429(
      await upload(alice, { name: 'b.csv', bytes: 'a,b\n3,4\n' }, { conversationId }),
      /This workspace has reached its limit of 1 upload per 30 minutes; the next one is allowed at .+Z \(in (29|30) min\)/,
    );
  });

  it('refuses a search past the limit before any provider is asked', async () => {
    await setQuotas({ searches: one });
    await database.db.insert(searchRuns).values({
      workspaceId: ws,
      actor: userActor(alice.user.id),
      query: 'earlier',
      mode: 'quick',
      params: {},
      status: 'complete',
    });
    const asked: string[] = [];
    const provider = {
      name: 'local' as const,
      search: async (q: string) => {
        asked.push(q);
        return [];
      },
    };
    await expect(
      runSearch(
        database.db,
        member(alice),
        ws,
        { query: 'spring' },
        { providers: [provider] as never },
      ),
    ).rejects.toThrow(/You have reached your limit of 1 web search per hour; the next one/);
    expect(asked).toEqual([]);
  });

  it('refuses a generation past the limit, and one too large for one request, in the tool', async () => {
    const tool = generateImageTool({
      db: database.db,
      principal: member(alice),
      workspaceId: ws,
      conversationId,
      assistantMessageId: '00000000-0000-4000-8000-000000000000',
      profile: 'draft',
      recorded: Promise.resolve(),
      sources: new TurnSources(),
    });
    const run = (input: Record<string, unknown>) => {
      const gen = tool.execute!(input as never, {
        toolCallId: 't',
        messages: [],
        abortSignal: new AbortController().signal,
      }) as AsyncGenerator;
      return gen.next();
    };
    await expect(
      run({ prompt: 'a red circle', width: 2048, height: 2048, steps: 150, count: 4 }),
    ).rejects.toThrow(
      /4 images at 2048×2048 with 150 steps is 2520 megapixel-steps .+ more than the limit of 200/,
    );
    await setQuotas({ generations: one });
    await database.db.insert(generations).values({
      workspaceId: ws,
      actor: userActor(alice.user.id),
      modelId: 'builtin',
      profile: 'draft',
      params: {},
      status: 'complete',
    });
    await expect(run({ prompt: 'a red circle' })).rejects.toThrow(
      /You have reached your limit of 1 image generation per hour/,
    );
  });
});

/** A multipart body of `total` file bytes made as it is read, counting what was pulled. */
function hugeUpload(fields: Record<string, string>, total: number) {
  const boundary = 'atelier-test-boundary';
  const head = Buffer.from(
    `${Object.entries(fields)
      .map(
        ([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      )
      .join(
        '',
      )}--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.csv"\r\n\r\n`,
  );
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const counted = { bytes: 0 };
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(ctl) {
        const piece = sent === 0 ? Buffer.concat([head, chunk]) : chunk;
        sent += chunk.length;
        counted.bytes += piece.length;
        if (sent > total) ctl.close();
        else ctl.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, boundary, counted };
}

function post(client: Client, body: ReadableStream<Uint8Array>, type: string, query = '') {
  return list.POST(
    new Request(`http://localhost:3000/api/references${query}`, {
      method: 'POST',
      headers: {
        host: 'localhost:3000',
        origin: 'http://localhost:3000',
        cookie: client.cookie,
        'x-csrf-token': client.csrf,
        'content-type': type,
      },
      body,
      duplex: 'half',
    } as RequestInit),
  );
}

describe('uploads are admitted before their body is read', () => {
  const GB = 1024 ** 3;

  it('refuses a viewer’s 1 GB multipart upload having read only the fields before the file', async () => {
    const { body, boundary, counted } = hugeUpload({ conversationId }, GB);
    const res = await post(bob, body, `multipart/form-data; boundary=${boundary}`);
    expect(res.status).toBe(403);
    expect(counted.bytes).toBeLessThanOrEqual(64 * 1024 + 1024);
  });

  it('refuses a non-member’s upload named in the query string without reading a byte', async () => {
    const outsider = await signUpClient('olga@example.com');
    const { body, counted } = hugeUpload({}, GB);
    const res = await post(
      outsider,
      body,
      'application/octet-stream',
      `?conversationId=${conversationId}&name=big.csv`,
    );
    expect(res.status).toBe(404);
    expect(counted.bytes).toBe(0);
  });

  it('refuses a file sent before its target, asking for the target first', async () => {
    const form = new FormData();
    form.append('file', new Blob(['a,b\n1,2\n']), 'late.csv');
    form.append('conversationId', conversationId);
    const res = await list.POST(
      new Request('http://localhost:3000/api/references', {
        method: 'POST',
        headers: { host: 'localhost:3000', cookie: alice.cookie, 'x-csrf-token': alice.csrf },
        body: form,
      }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/before the file/);
  });

  it('streams an editor’s upload named in the query string to disk and ingests it', async () => {
    const res = await post(
      alice,
      new Blob(['sku,name\nA1,Red\n']).stream(),
      'application/octet-stream',
      `?conversationId=${conversationId}&name=raw.csv`,
    );
    expect(res.status).toBe(201);
    expect((await res.json()).reference).toMatchObject({ name: 'raw.csv', kind: 'csv' });
  });
});

describe('previews are capped per person', () => {
  it('refuses a viewer’s previews past the limit a minute, while drawn ones stay free', async () => {
    const ids: string[] = [];
    for (const colour of ['one', 'two']) {
      const res = await upload(
        alice,
        { name: `${colour}.png`, bytes: await moodboardPng({ colour }) },
        { conversationId },
      );
      expect(res.status).toBe(201);
      ids.push((await res.json()).reference.id);
    }
    await setQuotas({ renders: { perUserConcurrent: 2, perUserPerMinute: 1 } });
    const thumb = (id: string, who = bob) => call(thumbnail.GET, { client: who, params: { id } });
    expect((await thumb(ids[0])).status).toBe(200);
    expect((await thumb(ids[0])).status).toBe(200);
    await expect429(
      await thumb(ids[1]),
      /You have had 1 previews drawn this minute, the limit per person; ask again in \d+ s/,
    );
    // Another person has a budget of their own.
    expect((await thumb(ids[1], alice)).status).toBe(200);
  });

  it('draws one person’s previews a few at once, the rest waiting their turn up to a bound', async () => {
    await setQuotas({ renders: { perUserConcurrent: 1, perUserPerMinute: 100 } });
    let running = 0;
    let most = 0;
    // Drawing holds until the tenth request has been answered, so no slot frees up early however
    // slowly the quota reads come back.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const draw = async () => {
      most = Math.max(most, ++running);
      await held;
      running--;
    };
    // One drawing and eight waiting is the most; the tenth is refused.
    const calls = Array.from({ length: 10 }, () => withRenderSlot(database.db, member(bob), draw));
    const firstRefusal = Promise.race(
      calls.map((c) =>
        c.then(
          () => new Promise(() => {}),
          () => {},
        ),
      ),
    );
    await Promise.race([firstRefusal, new Promise((r) => setTimeout(r, 10_000))]);
    release();
    const results = await Promise.allSettled(calls);
    expect(most).toBe(1);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(9);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.message).toMatch(
      /You already have 1 previews being drawn and 8 waiting, the most per person/,
    );
    // The local operator has no limit.
    await withRenderSlot(
      database.db,
      { userId: null, actor: 'operator:local', isAdmin: false },
      draw,
    );
  });
});
