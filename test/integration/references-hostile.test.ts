import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as conversations from '@/app/api/conversations/route';
import * as list from '@/app/api/references/route';
import type { Database } from '@/db/client';
import { auditEvents, chunks, passageDrafts, references } from '@/db/schema';
import { userActor } from '@/lib/audit/actors';
import { closeParsers } from '@/lib/ingest/runner';
import { ingestReference } from '@/lib/references/ingest';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, signUpClient } from '../helpers/http';
import { makePdf } from '../helpers/pdf';
import { corruptChunk, headerOnlyPng, stripesPng, truncateInIdat } from '../helpers/png';
import { type UploadFile, upload } from '../helpers/references';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('hostile');
process.env.ATELIER_MAX_UPLOAD_MB = '60';
let database: Database;
let alice: Client;
let conversationId: string;
let ws: string;

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  ws = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
  conversationId = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json()
  ).conversation.id;
});
afterAll(async () => {
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every file under uploads/ (the staging folder included). */
const storedFiles = () =>
  fs.existsSync(path.join(dataDir, 'uploads'))
    ? fs
        .readdirSync(path.join(dataDir, 'uploads'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
    : [];

async function expectNothingLeft() {
  expect(storedFiles()).toEqual([]);
  expect(await database.db.select().from(references)).toEqual([]);
  expect(await database.db.select().from(chunks).where(eq(chunks.sourceKind, 'reference'))).toEqual(
    [],
  );
  expect(await database.db.select().from(passageDrafts)).toEqual([]);
  expect(
    (await database.db.select().from(auditEvents)).filter((e) => e.action.startsWith('reference.')),
  ).toEqual([]);
}

const valid = makePdf([['Headline: Fresh', 'body'], ['page two']], { title: 'Brief' });
/** 1,500 good rows (the first 1,000 are indexed, so their passages are sent before the failure), then a quote left open. */
const lateQuote = () =>
  [
    'sku,copy',
    ...Array.from(
      { length: 1500 },
      (_, i) => `S${i},copy for row ${i} with fresh produce and a friendly tone for commuters`,
    ),
    'Z,"never closed',
    'Y,fine',
    '',
  ].join('\n');
const bigField = () =>
  Buffer.concat([
    Buffer.from('name,notes\nA,"'),
    Buffer.alloc(50 * 1024 * 1024, 'x'),
    Buffer.from('"\n'),
  ]);

// [what, file, status, message]
const hostile = async (): Promise<Array<[string, UploadFile, number, RegExp]>> => {
  const png = await stripesPng([{ rgb: [20, 120, 40], share: 1 }], 64);
  const garbage = Buffer.concat([
    Buffer.from('%PDF-1.7\n'),
    Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251)),
    Buffer.from('\n%%EOF\n'),
  ]);
  return [
    [
      'a truncated PDF',
      { name: 'brief.pdf', bytes: valid.subarray(0, valid.length - 60) },
      400,
      /^the PDF is truncated/,
    ],
    [
      'a garbage PDF',
      { name: 'brief.pdf', bytes: garbage },
      400,
      /^the PDF is damaged and cannot be read/,
    ],
    [
      'an encrypted PDF',
      { name: 'secret.pdf', bytes: makePdf([['secret']], { encrypted: true }) },
      400,
      /password-protected/,
    ],
    [
      'a page-bomb PDF',
      { name: 'bomb.pdf', bytes: makePdf(Array.from({ length: 600 }, () => ['x'])) },
      400,
      /^the PDF has 600 pages; at most 500 are accepted$/,
    ],
    [
      'a PNG with absurd IHDR dimensions',
      { name: 'huge.png', bytes: headerOnlyPng(100_000, 100_000) },
      400,
      /declares 100,000×100,000 pixels/,
    ],
    [
      'a PNG with a bad CRC',
      { name: 'bad.png', bytes: corruptChunk(png, 'IDAT') },
      400,
      /IDAT chunk fails its CRC check/,
    ],
    [
      'a PNG cut off in its IDAT',
      { name: 'cut.png', bytes: truncateInIdat(png) },
      400,
      /^the PNG is truncated: its IDAT chunk runs past the end/,
    ],
    [
      'a CSV with an unclosed quote',
      { name: 'copy.csv', bytes: 'sku,copy\nA1,"never closed\nA2,fine\n' },
      400,
      /opens a quote that is never closed/,
    ],
    [
      'a CSV whose quote is left open after 1,500 good rows',
      { name: 'late.csv', bytes: lateQuote() },
      400,
      /^row 1,501 of the CSV opens a quote that is never closed/,
    ],
    [
      'binary content named .csv',
      { name: 'data.csv', bytes: Buffer.from([0x41, 0x42, 0x00, 0x01, 0x02, 0xff, 0x00, 0x10]) },
      400,
      /binary data/,
    ],
    [
      'a CSV with a 50 MB field',
      { name: 'big.csv', bytes: bigField() },
      400,
      /still open after 1,000,000 characters/,
    ],
    [
      'a PNG named .pdf',
      { name: 'brief.pdf', bytes: png },
      400,
      /named \.pdf but its content is a PNG image/,
    ],
    [
      'a JPEG named .png',
      { name: 'photo.png', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]) },
      400,
      /is a JPEG image/,
    ],
    [
      'HTML named .html',
      { name: 'page.html', bytes: 'a,b\n1,2\n' },
      400,
      /files named \.html are not accepted/,
    ],
    ['an empty file', { name: 'empty.csv', bytes: '' }, 400, /^the file is empty$/],
    [
      'a path-traversal name',
      { name: '../../etc/passwd.csv', bytes: 'a,b\n1,2\n' },
      400,
      /points outside its folder/,
    ],
    [
      'a Windows path-traversal name',
      { name: '..\\..\\boot.csv', bytes: 'a,b\n1,2\n' },
      400,
      /points outside its folder/,
    ],
  ];
};

describe('hostile references are refused with a clear sentence, leaving nothing behind', async () => {
  it.each(await hostile())('%s', async (_what, file, status, message) => {
    const res = await upload(alice, file, { conversationId });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(status);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(message);
    await expectNothingLeft();
  });

  it('a file over the upload limit is refused as too large', async () => {
    process.env.ATELIER_MAX_UPLOAD_MB = '1';
    try {
      const res = await upload(
        alice,
        { name: 'big.csv', bytes: Buffer.alloc(2 * 1024 * 1024, 'a') },
        { conversationId },
      );
      expect(res.status).toBe(413);
      expect((await res.json()).error.message).toBe(
        'the file is larger than the upload limit of 1 MB',
      );
    } finally {
      process.env.ATELIER_MAX_UPLOAD_MB = '60';
    }
    await expectNothingLeft();
  });

  it('a parse past its time limit is stopped, and the next file is read by a fresh worker', async () => {
    const rows = ['a,b', ...Array.from({ length: 200_000 }, (_, i) => `${i},row ${i}`)].join('\n');
    const target = { workspaceId: ws, conversationId };
    const who = {
      userId: alice.user.id,
      actor: userActor(alice.user.id),
      isAdmin: alice.user.isAdmin,
    };
    await expect(
      ingestReference(database.db, who, {
        target,
        name: 'slow.csv',
        source: [Buffer.from(rows)],
        limits: { timeoutMs: 5 },
      }),
    ).rejects.toThrow(/^reading the CSV took longer than 5 ms, so it was stopped/);
    await expectNothingLeft();
    const ok = await ingestReference(database.db, who, {
      target,
      name: 'fine.csv',
      source: [Buffer.from('a,b\n1,2\n')],
    });
    expect(ok.reference.summary).toMatchObject({ kind: 'csv', rows: 1 });
  });

  it('a parse past its memory limit is stopped as too large', async () => {
    const heavy = makePdf([
      Array.from({ length: 60_000 }, (_, i) => `line ${i} lorem ipsum dolor sit amet`),
    ]);
    const who = {
      userId: alice.user.id,
      actor: userActor(alice.user.id),
      isAdmin: alice.user.isAdmin,
    };
    const refused = ingestReference(database.db, who, {
      target: { workspaceId: ws, conversationId },
      name: 'heavy.pdf',
      source: [heavy],
      limits: { memoryMb: 32 },
    });
    await expect(refused).rejects.toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(
        /^reading the file needed more than 32 MB of memory, so it was stopped/,
      ),
    });
    expect((await database.db.select().from(references)).map((r) => r.name)).toEqual(['fine.csv']);
    expect(await database.db.select().from(passageDrafts)).toEqual([]);
  });

  it('the routes still serve: a valid upload and the list work after all of that', async () => {
    const res = await upload(alice, { name: 'brief.pdf', bytes: valid }, { conversationId });
    expect(res.status).toBe(201);
    const listed = await (
      await call(list.GET, {
        client: alice,
        path: `/api/references?conversationId=${conversationId}`,
      })
    ).json();
    expect(listed.references.map((r: { name: string }) => r.name)).toEqual([
      'brief.pdf',
      'fine.csv',
    ]);
    expect(
      storedFiles()
        .map((e) => e.name)
        .sort(),
    ).toHaveLength(2);
  });
});

describe('a transaction that fails after the file was placed', () => {
  // The commit is the only step after placement; a database whose transactions fail at the end stands in for it.
  const failingDb = () =>
    new Proxy(database.db, {
      get(target, key) {
        if (key === 'transaction') {
          return (fn: (tx: unknown) => Promise<unknown>) =>
            target.transaction(async (tx) => {
              await fn(tx);
              throw new Error('commit failed');
            });
        }
        const v = Reflect.get(target, key);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  const csv = Buffer.from('sku,copy\nA1,shared bytes\n');
  const blobs = () =>
    storedFiles()
      .filter((e) => e.name.endsWith('.csv'))
      .map((e) => e.name);

  it('removes the file when no other row uses its bytes, and keeps it when one does', async () => {
    const who = {
      userId: alice.user.id,
      actor: userActor(alice.user.id),
      isAdmin: alice.user.isAdmin,
    };
    const before = blobs();
    const attempt = (conversation: string | null) =>
      ingestReference(failingDb(), who, {
        target: { workspaceId: ws, conversationId: conversation },
        name: 'shared.csv',
        source: [csv],
      });
    await expect(attempt(conversationId)).rejects.toThrow('commit failed');
    expect(blobs()).toEqual(before);
    const kept = await ingestReference(database.db, who, {
      target: { workspaceId: ws, conversationId: null },
      name: 'shared.csv',
      source: [csv],
    });
    const name = `${kept.reference.sha256}.csv`;
    expect(blobs()).toContain(name);
    await expect(attempt(conversationId)).rejects.toThrow('commit failed');
    expect(blobs()).toContain(name);
    expect(
      (await database.db.select().from(references)).filter(
        (r) => r.sha256 === kept.reference.sha256,
      ),
    ).toHaveLength(1);
    expect(await database.db.select().from(passageDrafts)).toEqual([]);
  });
});
