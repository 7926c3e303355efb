// HD in the chat: "HD banner with the headline "SPRING SALE"" renders through the hires pass, the
// ESRGAN upscaler and the exact text layer, its headline read back by OCR, with the router's
// reasons and the image's scores on the tool result and the generation row; the same request as a
// draft is a different, smaller picture with none of those stages.
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as artifact from '@/app/api/artifacts/[id]/route';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { generations } from '@/db/schema';
import { readTextChunks } from '@/engine/png';
import { type ImageMetadata, readMetadataJson } from '@/engine/png/metadata';
import type { GenerateImageOutput } from '@/lib/assistant/tools/generate-image';
import '@/lib/assistant/tools';
import { closeParsers } from '@/lib/ingest/runner';
import { closeEngine } from '@/lib/jobs/engine';
import { GenerationRecord } from '@/lib/jobs/generation-record';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { stripesPng } from '../helpers/png';
import { upload } from '../helpers/references';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('hd');
let database: Database;
let alice: Client;
let conversationId: string;

type Done = Extract<GenerateImageOutput, { status: 'complete' }>;

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  const ws = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
  conversationId = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId: ws } })).json()
  ).conversation.id;
});
afterAll(async () => {
  await closeEngine();
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function turn(
  text: string,
  profile: 'draft' | 'hd' | 'diagnostics',
  parentId: string | null = null,
) {
  const res = await call(chat.POST, {
    client: alice,
    body: { conversationId, parentId, message: { text }, model: 'offline', profile },
  });
  expect(res.status).toBe(200);
  const chunks = await readUIStream(res);
  const outputs = chunks.filter((c) => c.type === 'tool-output-available');
  const final = outputs.at(-1)?.output as Done;
  expect(final?.status).toBe('complete');
  const stages = outputs
    .map((c) => (c.output as { stage?: string }).stage)
    .filter((s): s is string => !!s);
  const said = chunks
    .filter((c) => c.type === 'text-delta')
    .map((c) => c.delta)
    .join('');
  return { final, stages: new Set(stages), said };
}

async function pngOf(artifactId: string): Promise<Buffer> {
  const res = await call(artifact.GET, { client: alice, params: { id: artifactId } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('HD banner with the headline "SPRING SALE"', () => {
  it('renders hires + upscaler + exact text in the brand colour, read back by OCR, and says why', async () => {
    // A logo in brand colours: the text layer takes its colour from this palette.
    const logo = await stripesPng([
      { rgb: [20, 24, 64], share: 0.7 },
      { rgb: [250, 240, 215], share: 0.3 },
    ]);
    expect(
      (await upload(alice, { name: 'logo.png', bytes: logo }, { conversationId })).status,
    ).toBe(201);
    const request = 'HD banner with the headline "SPRING SALE"';
    const draft = await turn(request, 'draft');
    const hd = await turn(request, 'hd');

    // Sizes: the draft at the base size, HD through hires ×1.5 and the ×2 upscaler.
    expect(draft.final.images[0]).toMatchObject({ width: 512, height: 512 });
    expect(hd.final.images[0]).toMatchObject({ width: 1536, height: 1536 });
    expect(hd.stages).toEqual(new Set(['hires', 'upscale', 'text', 'score']));
    expect(draft.stages.has('hires')).toBe(false);

    // The headline, set as vector type in the brand colour, read back exactly.
    const image = hd.final.images[0];
    expect(image.scores?.ocr?.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(image.scores?.ocr?.expected).toBe('SPRING SALE');
    const attempt = image.stages!.text!.attempts.at(-1)!;
    expect(attempt.params.colour).toMatchObject({ source: 'palette' });
    expect(['#141840', '#faf0d7']).toContain((attempt.params.colour as { fill: string }).fill);
    expect(image.stages!.hires).toMatchObject({
      from: [512, 512],
      to: [768, 768],
      upscaler: 'esrgan-slim-x2',
    });
    expect(image.stages!.upscaler).toMatchObject({ id: 'esrgan-slim-x2', scale: 2 });

    // Why: the router's reasons, on the tool result and in what the assistant says.
    const reasons = hd.final.routing.reasons.join('\n');
    expect(reasons).toMatch(/no installed model has the hd role/);
    expect(reasons).toMatch(/hires pass: 512×512 → 768×768/);
    expect(reasons).toMatch(/"SPRING SALE" quoted in the prompt/);
    expect(hd.said).toMatch(/hires pass 512×512 → 768×768/);
    expect(hd.said).toMatch(/text "SPRING SALE" set as vector type and read back by OCR at 1\.00/);

    // The stored PNG records every stage; the draft is a different picture.
    const hdPng = await pngOf(image.artifactId);
    const meta = readMetadataJson(readTextChunks(hdPng).get('atelier')!) as ImageMetadata;
    expect(meta?.stages?.text?.attempts.at(-1)?.params).toMatchObject({ fonts: expect.any(Array) });
    const draftPng = await pngOf(draft.final.images[0].artifactId);
    expect(draft.final.images[0].sha256).not.toBe(image.sha256);
    const small = await sharp(hdPng).resize(512, 512).raw().toBuffer();
    const base = await sharp(draftPng).raw().toBuffer();
    let differ = 0;
    for (let i = 0; i < small.length; i++) if (Math.abs(small[i] - base[i]) > 32) differ++;
    expect(differ / small.length).toBeGreaterThan(0.01);

    // The generation row keeps the routing decision and the scores.
    const [row] = await database.db
      .select()
      .from(generations)
      .where(eq(generations.id, hd.final.generationId));
    expect(row.profile).toBe('hd');
    expect((row.routing as { reasons: string[] }).reasons).toEqual(hd.final.routing.reasons);
    expect((row.scores as Array<{ ocr: { accuracy: number } }>)[0].ocr.accuracy).toBe(
      image.scores!.ocr!.accuracy,
    );
  }, 240_000);

  it('diagnostics renders the request under each cell of the grid, one seed for all, each scored', async () => {
    const { final, said } = await turn('a red circle on a blue background', 'diagnostics');
    expect(final.profile).toBe('diagnostics');
    expect(final.images.map((i) => i.cell)).toEqual([
      { scheduler: 'euler', steps: 12, guidance: 1.75 },
      { scheduler: 'euler', steps: 30, guidance: 1.75 },
      { scheduler: 'dpmpp-2m', steps: 12, guidance: 1.75 },
      { scheduler: 'dpmpp-2m', steps: 30, guidance: 1.75 },
      { scheduler: 'ddim', steps: 12, guidance: 1.75 },
      { scheduler: 'ddim', steps: 30, guidance: 1.75 },
    ]);
    expect(new Set(final.images.map((i) => i.seed)).size).toBe(1);
    expect(new Set(final.images.map((i) => i.sha256)).size).toBe(6);
    for (const image of final.images) {
      expect(image).toMatchObject({ width: 384, height: 384 });
      expect(image.scores?.sharpness?.laplacianVariance).toBeGreaterThan(0);
    }
    expect(said).toMatch(/6 images rendered .*sharpest cell: \w/);
    // The record names the scheduler each cell ran, each resolved with its own defaults.
    const [row] = await database.db
      .select()
      .from(generations)
      .where(eq(generations.id, final.generationId));
    const record = GenerationRecord.parse(row.record);
    expect(record.images.map((i) => i.scheduler?.name)).toEqual(
      final.images.map((i) => i.cell?.scheduler),
    );
    expect(record.images.map((i) => i.cell)).toEqual(final.images.map((i) => i.cell));
    expect(record.scheduler).toEqual(record.images[0].scheduler);
    expect(record.images[4].scheduler?.resolved).toHaveProperty('setAlphaToOne');
  }, 120_000);
});
