// The generation record and prompt provenance a chat turn stores: what decided the PNG's bytes
// (checked against the PNG's own metadata and this process's versions), and which reference
// passages and search citations the prompt was written from, located in the stored passages.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as artifact from '@/app/api/artifacts/[id]/route';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { artifacts, chunks, generations, references } from '@/db/schema';
import { readTextChunks } from '@/engine/png';
import { type ImageMetadata, readMetadataJson } from '@/engine/png/metadata';
import type { GenerateImageOutput } from '@/lib/assistant/tools/generate-image';
import '@/lib/assistant/tools';
import { closeParsers } from '@/lib/ingest/runner';
import { closeEngine } from '@/lib/jobs/engine';
import { GenerationRecord } from '@/lib/jobs/generation-record';
import { PromptProvenance } from '@/lib/jobs/provenance';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { makePdf } from '../helpers/pdf';
import { BRIEF_PAGES, COPY_CSV, moodboardPng, upload } from '../helpers/references';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('record');
// Set before the engine starts: the record must say what the sessions were given.
process.env.ATELIER_THREADS = '2';
process.env.ATELIER_SEARCH_PROVIDERS = 'local';
let database: Database;
let alice: Client;
let workspaceId: string;

type Done = Extract<GenerateImageOutput, { status: 'complete' }>;

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  workspaceId = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
});
afterAll(async () => {
  await closeEngine();
  await closeParsers();
  await database.close();
  delete process.env.ATELIER_THREADS;
  delete process.env.ATELIER_SEARCH_PROVIDERS;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function newConversation(): Promise<string> {
  const res = await call(conversations.POST, { client: alice, body: { workspaceId } });
  return (await res.json()).conversation.id;
}

async function turn(
  conversationId: string,
  text: string,
  profile: 'draft' | 'hd',
  refs: string[] = [],
) {
  const res = await call(chat.POST, {
    client: alice,
    body: {
      conversationId,
      parentId: null,
      message: { text, ...(refs.length ? { references: refs } : {}) },
      model: 'offline',
      profile,
    },
  });
  expect(res.status).toBe(200);
  const streamed = await readUIStream(res);
  const tools = streamed
    .filter((c) => c.type === 'tool-input-available')
    .map((c) => ({ name: c.toolName as string, input: c.input as Record<string, unknown> }));
  const final = streamed.filter((c) => c.type === 'tool-output-available').at(-1)?.output as Done;
  expect(final?.status).toBe('complete');
  const [row] = await database.db
    .select()
    .from(generations)
    .where(eq(generations.id, final.generationId));
  return { final, tools, row };
}

/** The stored PNG, its metadata as written (raw JSON) and as read back. */
async function pngOf(artifactId: string) {
  const res = await call(artifact.GET, { client: alice, params: { id: artifactId } });
  expect(res.status).toBe(200);
  const png = Buffer.from(await res.arrayBuffer());
  const text = readTextChunks(png).get('atelier')!;
  return { png, raw: JSON.parse(text), meta: readMetadataJson(text) as ImageMetadata };
}

describe('the generation record', () => {
  it('keeps what decided the bytes, and the reference passages the prompt was written from', async () => {
    const conversationId = await newConversation();
    const ids: Record<string, string> = {};
    for (const [kind, name, bytes] of [
      ['pdf', 'brief.pdf', makePdf(BRIEF_PAGES)],
      ['csv', 'copy.csv', COPY_CSV],
      ['png', 'moodboard.png', await moodboardPng()],
    ] as const) {
      const res = await upload(alice, { name, bytes }, { conversationId });
      expect(res.status).toBe(201);
      ids[kind] = (await res.json()).reference.id;
    }
    const { final, tools, row } = await turn(
      conversationId,
      'Research fresh greens and make a banner using row 14 of the copy',
      'draft',
      [ids.pdf, ids.csv, ids.png],
    );
    expect(tools.map((t) => t.name)).toEqual(['read_reference', 'search_web', 'generate_image']);
    const prompt = tools[2].input.prompt as string;

    // The record: valid to the exporter's schema, and what the PNG says where both say it.
    const record = GenerationRecord.parse(row.record);
    const image = final.images[0];
    const { png, raw, meta } = await pngOf(image.artifactId);
    expect(record.format).toBe('atelier-generation-record/1');
    expect(record.model).toEqual(meta.model);
    expect(Object.keys(record.model.files)).toContain('unet/model.onnx');
    expect(record.scheduler.name).toBe(meta.scheduler.name);
    expect(record.scheduler.config).toEqual(raw.scheduler.config);
    expect(Object.keys(record.scheduler.resolved)).toEqual(
      expect.arrayContaining(['numTrainTimesteps', 'betaSchedule', 'predictionType']),
    );
    expect(record).toMatchObject({
      rng: meta.rng,
      ep: meta.ep,
      onnxruntime: meta.onnxruntime,
      intraOpThreads: 2,
      versions: {
        node: process.versions.node,
        zlib: process.versions.zlib,
        sharp: sharp.versions.sharp,
        libvips: sharp.versions.vips,
        platform: process.platform,
        arch: process.arch,
      },
    });
    // A draft is scored, so it has a stages record, with no stage in it.
    expect(raw.stages).toEqual({});
    expect(record.images).toEqual([
      { seed: meta.seed, sha256: image.sha256, width: 512, height: 512, stages: raw.stages },
    ]);
    expect(createHash('sha256').update(png).digest('hex')).toBe(image.sha256);
    const [stored] = await database.db
      .select()
      .from(artifacts)
      .where(eq(artifacts.generationId, row.id));
    expect(stored.sha256).toBe(record.images[0].sha256);

    // Provenance: the facts read_reference gave the model, located in their passages.
    const provenance = PromptProvenance.parse(row.provenance);
    const files = await database.db.select().from(references);
    const sha = (id: string) => files.find((f) => f.id === id)!.sha256;
    const headline = provenance.references.find((p) => p.fact === 'headline')!;
    expect(headline).toMatchObject({
      referenceId: ids.pdf,
      name: 'brief.pdf',
      sha256: sha(ids.pdf),
      cite: '[brief.pdf p.2]',
      at: { page: 2 },
      quoted: true,
    });
    expect(prompt).toContain('Fresh Greens Daily');
    const passage = async (id: string, ordinal: number) =>
      (
        await database.db
          .select()
          .from(chunks)
          .where(
            and(
              eq(chunks.sourceKind, 'reference'),
              eq(chunks.sourceId, id),
              eq(chunks.ordinal, ordinal),
            ),
          )
      )[0];
    const [held] = headline.chunks;
    const chunk = await passage(ids.pdf, held.ordinal);
    expect(chunk).toMatchObject({ id: held.id, charStart: held.charStart, charEnd: held.charEnd });
    expect(
      chunk.text.slice(headline.charStart! - chunk.charStart, headline.charEnd! - chunk.charStart),
    ).toBe('Fresh Greens Daily');

    const copy = provenance.references.find((p) => p.fact === 'copy')!;
    expect(copy).toMatchObject({
      referenceId: ids.csv,
      sha256: sha(ids.csv),
      at: { row: 14 },
      quoted: true,
    });
    const row14 = await passage(ids.csv, copy.chunks[0].ordinal);
    expect(
      row14.text.slice(copy.charStart! - row14.charStart, copy.charEnd! - row14.charStart),
    ).toBe('Crisp greens, delivered daily');
    expect(provenance.references.find((p) => p.fact === 'palette')).toMatchObject({
      referenceId: ids.png,
      sha256: sha(ids.png),
      quoted: true,
    });
    // Read but not carried into the prompt.
    const requirement = provenance.references.find((p) => p.fact === 'requirement')!;
    expect(requirement).toMatchObject({ referenceId: ids.pdf, quoted: false });
    expect(requirement.chunks.length).toBeGreaterThan(0);

    // The search answer it was given: each citation's run, source and the digest of its file.
    expect(provenance.citations.length).toBeGreaterThan(0);
    for (const c of provenance.citations) {
      expect(Object.values(ids)).toContain(c.sourceId);
      expect(c).toMatchObject({ sourceKind: 'reference', fileSha256: sha(c.sourceId) });
      expect(c.chunk.charStart).toBeLessThanOrEqual(c.charStart);
      expect(c.chunk.charEnd).toBeGreaterThanOrEqual(c.charEnd);
    }
  }, 180_000);

  it('searches first when the brief asks for research in a plain sentence', async () => {
    const conversationId = await newConversation();
    const brief = makePdf([
      ['Summer Sale banner', 'Headline: Sun Deals'],
      ['Research current banner typography trends before designing.', 'Use warm colours.'],
    ]);
    const res = await upload(alice, { name: 'summer.pdf', bytes: brief }, { conversationId });
    expect(res.status).toBe(201);
    const id = (await res.json()).reference.id;
    const { tools, row } = await turn(conversationId, 'Make the banner from the brief', 'draft', [
      id,
    ]);
    expect(tools.map((t) => t.name)).toEqual(['read_reference', 'search_web', 'generate_image']);
    expect(tools[1].input.query).toMatch(/banner typography trends/i);
    expect(tools[2].input.prompt).toContain('Sun Deals');
    // The generation names the answer it was given.
    const provenance = PromptProvenance.parse(row.provenance);
    expect(provenance.citations.length).toBeGreaterThan(0);
  }, 180_000);

  it('records every HD stage (hires, upscaler, text with its fonts) as the PNG does, with no provenance', async () => {
    const { final, row } = await turn(
      await newConversation(),
      'HD banner with the headline "SPRING SALE"',
      'hd',
    );
    const record = GenerationRecord.parse(row.record);
    const image = final.images[0];
    const { raw } = await pngOf(image.artifactId);
    const stages = record.images[0].stages!;
    expect(stages).toEqual(raw.stages);
    expect(stages.hires).toMatchObject({ to: [768, 768], upscaler: 'esrgan-slim-x2' });
    expect(stages.upscaler?.files['model.onnx']).toMatch(/^[0-9a-f]{64}$/);
    expect(stages.text?.fonts).toEqual([
      {
        file: 'Inter_800ExtraBold.ttf',
        sha256: '1b9fab96ffc7bca31a9d4cd4d660cce80b94695908ec7613afdece2b8cf803c2',
        package: expect.stringMatching(/^@expo-google-fonts\/inter@/),
      },
      {
        file: 'Inter_400Regular.ttf',
        sha256: 'a414b48aa577ef2c62ebb135341ddeef33ee26a4f5dc9f787f93c1aab08ebb50',
        package: expect.stringMatching(/^@expo-google-fonts\/inter@/),
      },
    ]);
    expect(record.images[0]).toMatchObject({ width: 1536, height: 1536, sha256: image.sha256 });
    expect(row.provenance).toEqual({ references: [], citations: [] });
  }, 240_000);
});
