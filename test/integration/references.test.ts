import fs from 'node:fs';
import path from 'node:path';
import { tool } from 'ai';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import * as file from '@/app/api/references/[id]/file/route';
import * as pageImage from '@/app/api/references/[id]/pages/[page]/route';
import * as detail from '@/app/api/references/[id]/route';
import * as thumbnail from '@/app/api/references/[id]/thumbnail/route';
import * as list from '@/app/api/references/route';
import * as invites from '@/app/api/workspaces/[id]/invites/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { auditEvents, chunks, messages } from '@/db/schema';
import '@/lib/assistant/tools';
import type { ReadReferenceOutput } from '@/lib/assistant/tools/read-reference';
import { registerTool } from '@/lib/assistant/tools/registry';
import { verifyAuditChain } from '@/lib/audit/chain';
import { closeParsers } from '@/lib/ingest/runner';
import { blobAbsPath, blobRelPath } from '@/lib/storage/blobs';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { makePdf } from '../helpers/pdf';
import { textPng } from '../helpers/reference-files';
import { BRIEF_PAGES, COPY_CSV, moodboardPng, upload } from '../helpers/references';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('refs');
let database: Database;
let alice: Client;
let bob: Client;
let conversationId: string;
const ids: Record<string, string> = {};
const prompts: string[] = [];

const A1111 =
  'a lettuce leaf, studio light\nNegative prompt: blurry\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 42, Size: 512x512, Model: sd15';

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  bob = await signUpClient('bob@example.com');
  const ws = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
  conversationId = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json()
  ).conversation.id;
  // The renderer itself is covered by chat-image.test.ts; here only the prompt it is handed matters.
  registerTool('generate_image', () =>
    tool({
      description: 'render',
      inputSchema: z.object({ prompt: z.string(), negative: z.string().optional() }),
      execute: async ({ prompt }) => {
        prompts.push(prompt);
        return {
          status: 'complete',
          model: { label: 'stub renderer' },
          profile: 'draft',
          images: [],
        };
      },
    }),
  );
});
afterAll(async () => {
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = async (id: string, query = '', who: Client = alice) =>
  call(detail.GET, { client: who, params: { id }, path: `/api/references/${id}${query}` });

describe('references: ingest, serve, ground the chat', () => {
  it('ingests a multi-page PDF brief, a CSV of copy and a PNG moodboard made by the tests', async () => {
    const pdf = makePdf(BRIEF_PAGES, {
      title: 'Spring Launch Brief',
      author: 'Ann Planner',
      created: 'D:20250301090000Z',
    });
    const r1 = await upload(alice, { name: 'brief.pdf', bytes: pdf }, { conversationId });
    expect(r1.status).toBe(201);
    const brief = (await r1.json()).reference;
    ids.pdf = brief.id;
    expect(brief).toMatchObject({
      kind: 'pdf',
      name: 'brief.pdf',
      mime: 'application/pdf',
      bytes: pdf.length,
      status: 'complete',
      conversationId,
    });
    expect(brief.summary).toMatchObject({
      pages: 3,
      title: 'Spring Launch Brief',
      author: 'Ann Planner',
      created: '2025-03-01T09:00:00.000Z',
      headline: { text: 'Fresh Greens Daily', page: 2 },
      requirements: [
        { text: 'Use the brand green as the main colour', page: 2 },
        { text: 'Logo must stay in the top left corner', page: 2 },
        { text: 'Keep the copy readable at banner size', page: 2 },
      ],
    });

    const r2 = await upload(alice, { name: 'copy.csv', bytes: COPY_CSV }, { conversationId });
    expect(r2.status).toBe(201);
    const copy = (await r2.json()).reference;
    ids.csv = copy.id;
    expect(copy.summary).toMatchObject({
      rows: 20,
      header: true,
      delimiter: ',',
      encoding: 'utf-8',
    });
    expect(
      copy.summary.columns.map((c: { name: string; type: string }) => [c.name, c.type]),
    ).toEqual([
      ['sku', 'text'],
      ['headline', 'text'],
      ['copy', 'text'],
      ['price', 'number'],
    ]);
    expect(copy.summary.columns[3]).toMatchObject({
      min: 1.5,
      max: 30,
      count: 20,
      empty: 0,
      distinct: 20,
    });

    const png = await moodboardPng({ parameters: A1111 });
    const r3 = await upload(alice, { name: 'moodboard.png', bytes: png }, { conversationId });
    expect(r3.status).toBe(201);
    const mood = (await r3.json()).reference;
    ids.png = mood.id;
    expect(mood.summary).toMatchObject({ width: 120, height: 120, colorType: 'rgb' });
    expect(
      mood.summary.palette.map((s: { hex: string; share: number }) => [
        s.hex,
        Math.round(s.share * 10) / 10,
      ]),
    ).toEqual([
      ['#2e7d32', 0.5],
      ['#faf0d7', 0.3],
      ['#ef6c00', 0.2],
    ]);
    expect(mood.summary.recipe).toEqual({
      source: 'a1111',
      prompt: 'a lettuce leaf, studio light',
      negative: 'blurry',
      steps: 20,
      guidance: 7,
      seed: 42,
      width: 512,
      height: 512,
      scheduler: 'dpmpp-2m-karras',
      model: 'sd15',
    });

    const again = await upload(alice, { name: 'brief-copy.pdf', bytes: pdf }, { conversationId });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ deduplicated: true, reference: { id: ids.pdf } });
    const listed = await (
      await call(list.GET, {
        client: alice,
        path: `/api/references?conversationId=${conversationId}`,
      })
    ).json();
    expect(listed.references.map((r: { name: string }) => r.name)).toEqual([
      'moodboard.png',
      'copy.csv',
      'brief.pdf',
    ]);
    const files = fs
      .readdirSync(path.join(dataDir, 'uploads'), { recursive: true })
      .filter((f) => /\.(pdf|csv|png)$/.test(String(f)));
    expect(files).toHaveLength(3);
  });

  it('serves the stored bytes to members only, never to be sniffed or run', async () => {
    const res = await call(file.GET, { client: alice, params: { id: ids.pdf } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="brief.pdf"; filename*=UTF-8''brief.pdf`,
    );
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(
      (await call(file.GET, { client: alice, params: { id: ids.csv } })).headers.get(
        'content-disposition',
      ),
    ).toMatch(/^attachment;/);
    expect(
      (await call(file.GET, { client: alice, params: { id: ids.png } })).headers.get(
        'content-disposition',
      ),
    ).toMatch(/^inline;/);

    for (const id of Object.values(ids)) {
      expect((await call(file.GET, { client: bob, params: { id } })).status).toBe(404);
      expect((await get(id, '', bob)).status).toBe(404);
      expect((await call(file.GET, { params: { id } })).status).toBe(401);
    }
    expect(
      (await upload(bob, { name: 'x.csv', bytes: 'a,b\n1,2\n' }, { conversationId })).status,
    ).toBe(404);
    expect(
      (await upload(undefined, { name: 'x.csv', bytes: 'a,b\n1,2\n' }, { conversationId })).status,
    ).toBe(401);
    expect(
      (
        await call(list.GET, {
          client: bob,
          path: `/api/references?conversationId=${conversationId}`,
        })
      ).status,
    ).toBe(404);
  });

  it('a viewer of a workspace reads its references but cannot add or delete them', async () => {
    const vera = await signUpClient('vera@example.com');
    const team = (
      await (await call(workspaces.POST, { client: alice, body: { name: 'Team' } })).json()
    ).workspace.id;
    expect(
      (
        await call(invites.POST, {
          client: alice,
          params: { id: team },
          body: { email: 'vera@example.com', role: 'viewer' },
        })
      ).status,
    ).toBeLessThan(300);
    const denied = await upload(
      vera,
      { name: 'x.csv', bytes: 'a,b\n1,2\n' },
      { workspaceId: team },
    );
    expect(denied.status).toBe(403);
    const made = await upload(
      alice,
      { name: 'team.csv', bytes: 'a,b\n1,2\n' },
      { workspaceId: team },
    );
    expect(made.status).toBe(201);
    const id = (await made.json()).reference.id;
    expect((await get(id, '', vera)).status).toBe(200);
    expect((await call(file.GET, { client: vera, params: { id } })).status).toBe(200);
    expect(
      (await call(list.GET, { client: vera, path: `/api/references?workspaceId=${team}` })).status,
    ).toBe(200);
    expect(
      (await call(detail.DELETE, { client: vera, method: 'DELETE', params: { id } })).status,
    ).toBe(403);
  });

  it('a banner request reads the references first and composes the prompt from them, with citations that resolve', async () => {
    const res = await call(chat.POST, {
      client: alice,
      body: {
        conversationId,
        parentId: null,
        message: {
          text: 'Make a banner for the spring launch using row 14 of the copy',
          references: [ids.pdf, ids.csv, ids.png],
        },
        model: 'offline',
        profile: 'draft',
      },
    });
    const streamed = await readUIStream(res);
    const inputs = streamed.filter((c) => c.type === 'tool-input-available');
    expect(inputs.map((c) => c.toolName)).toEqual(['read_reference', 'generate_image']);
    expect(inputs[0].input).toEqual({ row: 14 });
    const read = streamed.find(
      (c) => c.type === 'tool-output-available' && c.toolCallId === inputs[0].toolCallId,
    )!.output as ReadReferenceOutput;

    const prompt = (inputs[1].input as { prompt: string }).prompt;
    expect(prompts).toEqual([prompt]);
    expect(prompt).toContain('"Fresh Greens Daily"');
    expect(prompt).toContain('"Crisp greens, delivered daily"');
    for (const hex of ['#2e7d32', '#faf0d7', '#ef6c00']) expect(prompt).toContain(hex);
    expect(prompt).not.toMatch(/row 14/);

    const text = streamed
      .filter((c) => c.type === 'text-delta')
      .map((c) => c.delta)
      .join('');
    expect(text).toContain('"Fresh Greens Daily" [brief.pdf p.2]');
    expect(text).toContain('"Crisp greens, delivered daily" [copy.csv row 14]');
    expect(text).toContain('[moodboard.png palette]');
    expect(text).toContain('Logo must stay in the top left corner [brief.pdf p.2]');

    const byKind = Object.fromEntries(read.references.map((r) => [r.kind, r]));
    const page = await (
      await call(detail.GET, {
        client: alice,
        params: { id: ids.pdf },
        path: byKind.pdf.headline!.url,
      })
    ).json();
    expect(page.excerpt).toMatchObject({ cite: '[brief.pdf p.2]', page: 2 });
    expect(page.excerpt.text).toContain('Headline: Fresh Greens Daily');
    const row = await (
      await call(detail.GET, { client: alice, params: { id: ids.csv }, path: byKind.csv.row!.url })
    ).json();
    expect(row.excerpt).toMatchObject({
      cite: '[copy.csv row 14]',
      row: 14,
      values: { sku: 'SKU-014', copy: 'Crisp greens, delivered daily' },
    });
    const palette = await (
      await call(detail.GET, {
        client: alice,
        params: { id: ids.png },
        path: byKind.png.palette!.url,
      })
    ).json();
    expect(
      palette.reference.summary.palette.slice(0, 3).map((s: { hex: string }) => s.hex),
    ).toEqual(['#2e7d32', '#faf0d7', '#ef6c00']);

    // The message keeps what it attached, and the audit event names it.
    const [user] = (
      await database.db.select().from(messages).where(eq(messages.conversationId, conversationId))
    ).filter((m) => m.role === 'user');
    expect(user.parts).toEqual([
      { type: 'text', text: 'Make a banner for the spring launch using row 14 of the copy' },
      { type: 'data-reference', data: { id: ids.pdf, name: 'brief.pdf', kind: 'pdf' } },
      { type: 'data-reference', data: { id: ids.csv, name: 'copy.csv', kind: 'csv' } },
      { type: 'data-reference', data: { id: ids.png, name: 'moodboard.png', kind: 'png' } },
    ]);
    const created = (await database.db.select().from(auditEvents)).find(
      (e) => e.subject === `message:${user.id}`,
    )!;
    expect(created.payload.references).toEqual([ids.pdf, ids.csv, ids.png]);
  });

  it('refuses to attach a reference that is not in the conversation, and records nothing', async () => {
    const other = (
      await (
        await call(conversations.POST, {
          client: alice,
          body: {
            workspaceId: (await (await call(me.GET, { client: alice })).json()).workspaces[0].id,
          },
        })
      ).json()
    ).conversation.id;
    const res = await call(chat.POST, {
      client: alice,
      body: {
        conversationId: other,
        parentId: null,
        message: { text: 'a banner', references: [ids.pdf] },
      },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe(
      `reference ${ids.pdf} is not attached to this conversation; upload it here first`,
    );
    expect(
      await database.db.select().from(messages).where(eq(messages.conversationId, other)),
    ).toEqual([]);
  });

  it('draws a PDF page as PNG for the viewer on first request, for members only, and keeps it', async () => {
    const res = await call(pageImage.GET, { client: alice, params: { id: ids.pdf, page: '2' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1200); // IHDR width
    const sha = (await (await get(ids.pdf)).json()).reference.sha256;
    expect(
      fs.existsSync(
        path.join(dataDir, 'uploads', 'derived', sha.slice(0, 2), sha, 'page-2-w1200.png'),
      ),
    ).toBe(true);
    const again = await call(pageImage.GET, { client: alice, params: { id: ids.pdf, page: '2' } });
    expect(Buffer.from(await again.arrayBuffer()).equals(png)).toBe(true);

    const beyond = await call(pageImage.GET, { client: alice, params: { id: ids.pdf, page: '9' } });
    expect(beyond.status).toBe(400);
    expect((await beyond.json()).error.message).toBe('brief.pdf has pages 1–3; there is no page 9');
    expect(
      (await call(pageImage.GET, { client: alice, params: { id: ids.pdf, page: 'x' } })).status,
    ).toBe(400);
    expect(
      (await call(pageImage.GET, { client: alice, params: { id: ids.csv, page: '1' } })).status,
    ).toBe(400);
    expect(
      (await call(pageImage.GET, { client: bob, params: { id: ids.pdf, page: '1' } })).status,
    ).toBe(404);
    expect((await call(pageImage.GET, { params: { id: ids.pdf, page: '1' } })).status).toBe(401);
  });

  it('a stored file gone from disk is a 404 that names no server path', async () => {
    const blob = blobAbsPath(
      blobRelPath((await (await get(ids.pdf)).json()).reference.sha256, '.pdf'),
    );
    fs.renameSync(blob, `${blob}.away`);
    try {
      const res = await call(pageImage.GET, { client: alice, params: { id: ids.pdf, page: '3' } });
      expect(res.status).toBe(404);
      expect((await res.json()).error.message).toBe('reference file not found');
    } finally {
      fs.renameSync(`${blob}.away`, blob);
    }
  });

  it('previews: a PNG scaled into 160 px, a PDF first page 160 px wide; a CSV has none', async () => {
    const png = await call(thumbnail.GET, { client: alice, params: { id: ids.png } });
    expect(png.status).toBe(200);
    const small = Buffer.from(await png.arrayBuffer());
    expect([small.readUInt32BE(16), small.readUInt32BE(20)]).toEqual([120, 120]); // never enlarged
    const pdf = Buffer.from(
      await (await call(thumbnail.GET, { client: alice, params: { id: ids.pdf } })).arrayBuffer(),
    );
    expect(pdf.readUInt32BE(16)).toBe(160);
    expect(pdf.readUInt32BE(20)).toBe(207); // US Letter, 612×792
    const csv = await call(thumbnail.GET, { client: alice, params: { id: ids.csv } });
    expect(csv.status).toBe(400);
    expect((await csv.json()).error.message).toBe('copy.csv is a CSV; it has no preview image');
    expect((await call(thumbnail.GET, { client: bob, params: { id: ids.png } })).status).toBe(404);
  });

  it('reads a window of CSV rows for the viewer table', async () => {
    const body = await (await get(ids.csv, '?from=13&count=3')).json();
    expect(
      body.rows.map((r: { row: number; values: { sku: string } }) => [r.row, r.values.sku]),
    ).toEqual([
      [13, 'SKU-013'],
      [14, 'SKU-014'],
      [15, 'SKU-015'],
    ]);
    expect((await get(ids.csv, '?from=1&count=500')).status).toBe(400);
  });

  it('reads the text in an image (PaddleOCR) into the summary and the search index', async () => {
    const res = await upload(
      alice,
      { name: 'logo.png', bytes: await textPng(['Fresh Greens Daily', 'Spring launch 2025']) },
      { workspaceId: (await (await call(me.GET, { client: alice })).json()).workspaces[0].id },
    );
    expect(res.status).toBe(201);
    const logo = (await res.json()).reference;
    expect(logo.summary.ocr.map((l: { text: string }) => l.text)).toEqual([
      'Fresh Greens Daily',
      'Spring launch 2025',
    ]);
    for (const l of logo.summary.ocr) expect(l.confidence).toBeGreaterThan(0.9);
    const [x, y, w, h] = logo.summary.ocr[0].box;
    expect([x, y]).toEqual([expect.closeTo(40, -1), expect.closeTo(55, -1)]);
    expect(w).toBeGreaterThan(300);
    expect(h).toBeGreaterThan(30);
    const indexed = await database.db
      .select({ text: chunks.text })
      .from(chunks)
      .where(eq(chunks.sourceId, logo.id));
    expect(indexed.map((c) => c.text).join(' ')).toContain(
      'Text in the image: Fresh Greens Daily / Spring launch 2025',
    );
  });

  it('reads any row by number through the byte-offset index (multi-byte text, quoted newlines)', async () => {
    const lines = ['n,text'];
    for (let i = 1; i <= 1000; i++)
      lines.push(
        i % 7 === 0 ? `${i},"zeile ${i}, mit ""Anführung""\nund Umbruch ✓"` : `${i},Grüße ${i} — ✓`,
      );
    const res = await upload(
      alice,
      { name: 'rows.csv', bytes: `\ufeff${lines.join('\r\n')}\r\n` },
      { conversationId },
    );
    expect(res.status).toBe(201);
    const ref = (await res.json()).reference;
    expect(ref.summary).toMatchObject({
      rows: 1000,
      columns: [
        { name: 'n', type: 'integer', min: 1, max: 1000 },
        { name: 'text', type: 'text' },
      ],
    });
    for (const n of [1, 128, 129, 700, 777, 1000]) {
      const body = await (await get(ref.id, `?row=${n}`)).json();
      expect(body.excerpt.values).toEqual({
        n: String(n),
        text: n % 7 === 0 ? `zeile ${n}, mit "Anführung"\nund Umbruch ✓` : `Grüße ${n} — ✓`,
      });
    }
    const missing = await get(ref.id, '?row=1001');
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toBe(
      'rows.csv has rows 1–1,000; there is no row 1001',
    );
    expect((await get(ids.pdf, '?page=4')).status).toBe(400);
  });

  it('audits each ingest and deletion with ids and digests only; deleting removes passages and the unshared file', async () => {
    const events = (await database.db.select().from(auditEvents)).filter((e) =>
      e.action.startsWith('reference.'),
    );
    expect(events.map((e) => e.action)).toEqual(Array(6).fill('reference.ingested'));
    for (const e of events)
      expect(Object.keys(e.payload).sort()).toEqual(['conversationId', 'referenceId', 'sha256']);

    const before = await database.db.select().from(chunks).where(eq(chunks.sourceId, ids.csv));
    expect(before.length).toBeGreaterThan(0);
    const sha = (await (await get(ids.csv)).json()).reference.sha256;
    const blob = path.join(dataDir, 'uploads', sha.slice(0, 2), `${sha}.csv`);
    expect(fs.existsSync(blob)).toBe(true);
    expect(
      (await call(detail.DELETE, { client: bob, method: 'DELETE', params: { id: ids.csv } }))
        .status,
    ).toBe(404);
    expect(
      (await call(detail.DELETE, { client: alice, method: 'DELETE', params: { id: ids.csv } }))
        .status,
    ).toBe(204);
    expect(await database.db.select().from(chunks).where(eq(chunks.sourceId, ids.csv))).toEqual([]);
    expect(fs.existsSync(blob)).toBe(false);
    expect((await get(ids.csv)).status).toBe(404);
    const [last] = (await database.db.select().from(auditEvents)).slice(-1);
    expect(last).toMatchObject({
      action: 'reference.deleted',
      subject: `reference:${ids.csv}`,
      payload: { referenceId: ids.csv, conversationId, sha256: sha },
    });
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it("deleting a conversation removes its references' files and the images drawn from them, keeping bytes another row still uses", async () => {
    const ws = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
    const doomed = (
      await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json()
    ).conversation.id;
    const own = await textPng(['Only here'], '#123456');
    const mine = (
      await (
        await upload(alice, { name: 'only.png', bytes: own }, { conversationId: doomed })
      ).json()
    ).reference;
    const shared = (
      await (
        await upload(
          alice,
          {
            name: 'brief.pdf',
            bytes: makePdf(BRIEF_PAGES, {
              title: 'Spring Launch Brief',
              author: 'Ann Planner',
              created: 'D:20250301090000Z',
            }),
          },
          { conversationId: doomed },
        )
      ).json()
    ).reference;
    expect(shared.sha256).toBe((await (await get(ids.pdf)).json()).reference.sha256); // the same bytes as the first conversation's brief
    expect((await call(thumbnail.GET, { client: alice, params: { id: mine.id } })).status).toBe(
      200,
    );
    const blob = (sha: string, ext: string) =>
      path.join(dataDir, 'uploads', sha.slice(0, 2), `${sha}${ext}`);
    const derived = (sha: string) => path.join(dataDir, 'uploads', 'derived', sha.slice(0, 2), sha);
    expect(fs.existsSync(blob(mine.sha256, '.png')) && fs.existsSync(derived(mine.sha256))).toBe(
      true,
    );

    expect(
      (await call(conversation.DELETE, { client: alice, method: 'DELETE', params: { id: doomed } }))
        .status,
    ).toBe(204);
    expect(fs.existsSync(blob(mine.sha256, '.png'))).toBe(false);
    expect(fs.existsSync(derived(mine.sha256))).toBe(false);
    // Still the first conversation's brief: its file and its drawn pages stay.
    expect(fs.existsSync(blob(shared.sha256, '.pdf'))).toBe(true);
    expect(fs.existsSync(path.join(derived(shared.sha256), 'page-2-w1200.png'))).toBe(true);
    expect((await get(mine.id)).status).toBe(404);
  });
});
