import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as preview from '@/app/api/artifacts/[id]/preview/route';
import * as review from '@/app/api/artifacts/[id]/review/route';
import * as conversations from '@/app/api/conversations/route';
import * as download from '@/app/api/images/[id]/download/route';
import * as detail from '@/app/api/images/[id]/route';
import * as images from '@/app/api/images/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import type { GalleryImage, GalleryPage } from '@/lib/gallery/types';
import { tempDataDir } from '../helpers/data-dir';
import { seedGeneration } from '../helpers/gallery-fixture';
import { type Client, call, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('gallery');
let database: Database;
let alice: Client;
let stranger: Client;
let team: string;
let conv: string;
let other: string;
let draft: Awaited<ReturnType<typeof seedGeneration>>;
let hd: Awaited<ReturnType<typeof seedGeneration>>;
let grid: Awaited<ReturnType<typeof seedGeneration>>;
let imported: Awaited<ReturnType<typeof seedGeneration>>;

const REQUEST = 'A spring sale banner in our brand colours';
const minutes = (m: number) => new Date(Date.UTC(2025, 3, 1, 9, m));

const list = (who: Client | undefined, query: string) =>
  call(images.GET, { client: who, path: `/api/images${query}` });
async function page(query: string): Promise<GalleryPage> {
  const res = await list(alice, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}
const errorOf = async (res: Response) => ({ status: res.status, ...(await res.json()).error });
const byId = (p: GalleryPage, id: string) => p.images.find((i) => i.id === id) as GalleryImage;

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  stranger = await signUpClient('stranger@example.com');
  team = (await (await call(workspaces.POST, { client: alice, body: { name: 'Studio' } })).json())
    .workspace.id;
  const open = async (title: string) =>
    (
      await (
        await call(conversations.POST, { client: alice, body: { workspaceId: team, title } })
      ).json()
    ).conversation.id as string;
  conv = await open('Spring sale — banners');
  other = await open('Autumn');
  const db = database.db;
  draft = await seedGeneration(db, {
    workspaceId: team,
    conversationId: conv,
    request: REQUEST,
    profile: 'draft',
    seed: 10,
    count: 2,
    at: minutes(1),
  });
  hd = await seedGeneration(db, {
    workspaceId: team,
    conversationId: conv,
    request: `  a spring sale banner in our  brand colours`,
    profile: 'hd',
    modelId: 'sd-turbo',
    seed: 10,
    at: minutes(2),
  });
  grid = await seedGeneration(db, {
    workspaceId: team,
    conversationId: conv,
    request: REQUEST,
    profile: 'diagnostics',
    seed: 7,
    cells: [
      { scheduler: 'euler', steps: 12, guidance: 1.75 },
      { scheduler: 'ddim', steps: 30, guidance: 1.75 },
    ],
    at: minutes(3),
  });
  imported = await seedGeneration(db, {
    workspaceId: team,
    conversationId: other,
    request: 'autumn leaves poster',
    profile: 'draft',
    seed: 500,
    count: 2,
    withoutJob: true,
    at: minutes(4),
  });
}, 120_000);

afterAll(async () => {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /api/images', () => {
  it("lists a conversation's images newest first, with what the filters offer", async () => {
    const p = await page(`?conversationId=${conv}`);
    expect(p.images.map((i) => i.id)).toEqual([
      ...grid.images
        .map((i) => i.id)
        .sort()
        .reverse(),
      hd.images[0].id,
      ...draft.images
        .map((i) => i.id)
        .sort()
        .reverse(),
    ]);
    expect(p.nextCursor).toBeNull();
    expect(p.facets).toEqual({
      profiles: ['diagnostics', 'draft', 'hd'],
      models: [
        { id: 'builtin-exact', label: 'Label of builtin-exact' },
        { id: 'sd-turbo', label: 'Label of sd-turbo' },
      ],
    });
    const first = byId(p, hd.images[0].id);
    expect(first).toMatchObject({
      url: `/api/artifacts/${hd.images[0].id}`,
      profile: 'hd',
      model: { id: 'sd-turbo', label: 'Label of sd-turbo' },
      request: 'a spring sale banner in our  brand colours',
      prompt: 'a spring sale banner in our  brand colours, studio light',
      negative: 'blurry',
      params: { steps: 30, guidance: 1.75, scheduler: 'euler', width: 512, height: 512 },
      palette: ['#ff8800', '#112233'],
      reasons: ['hd profile chose sd-turbo'],
      conversation: { id: conv, title: 'Spring sale — banners' },
      seed: 10,
      width: 64,
      height: 64,
    });
  });

  it('spans every conversation of the workspace', async () => {
    const p = await page(`?workspaceId=${team}`);
    expect(p.images).toHaveLength(7);
    expect(p.images[0].conversation?.title).toBe('Autumn');
  });

  it('filters by profile and by model', async () => {
    const hdOnly = await page(`?workspaceId=${team}&profile=hd`);
    expect(hdOnly.images.map((i) => i.id)).toEqual([hd.images[0].id]);
    const builtin = await page(`?conversationId=${conv}&model=builtin-exact`);
    expect(builtin.images.every((i) => i.model.id === 'builtin-exact')).toBe(true);
    expect(builtin.images).toHaveLength(4);
    // The facets stay those of the whole scope, so a filter can be changed back.
    expect(builtin.facets.models).toHaveLength(2);
  });

  it('filters by review, shows each image its review and whether the caller may review', async () => {
    const [a, b] = draft.images.map((i) => i.id);
    const put = (id: string, verdict: string) =>
      call(review.PUT, { client: alice, method: 'PUT', params: { id }, body: { verdict } });
    expect((await put(a, 'approved')).status).toBe(200);
    expect((await put(b, 'rejected')).status).toBe(200);
    const approved = await page(`?workspaceId=${team}&review=approved`);
    expect(approved.images.map((i) => i.id)).toEqual([a]);
    expect(approved.images[0].review).toMatchObject({ verdict: 'approved', comment: '' });
    expect(approved.canReview).toBe(true);
    const unreviewed = await page(`?workspaceId=${team}&review=unreviewed`);
    expect(unreviewed.images).toHaveLength(5);
    expect(unreviewed.images.every((i) => i.review === null)).toBe(true);
    const bad = await list(alice, `?workspaceId=${team}&review=maybe`);
    expect(await errorOf(bad)).toMatchObject({ status: 400 });
    // Cleared again, so the other tests see the images unreviewed.
    for (const id of [a, b])
      await call(review.DELETE, { client: alice, method: 'DELETE', params: { id } });
  });

  it('pages on with the cursor, no image twice or left out', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let n = 0; n < 5; n++) {
      const p = await page(`?workspaceId=${team}&limit=3${cursor}`);
      seen.push(...p.images.map((i) => i.id));
      if (!p.nextCursor) break;
      cursor = `&cursor=${p.nextCursor}`;
    }
    expect(seen).toEqual((await page(`?workspaceId=${team}`)).images.map((i) => i.id));
  });

  it('pairs draft and HD renders of the same request, image by batch place', async () => {
    const p = await page(`?conversationId=${conv}`);
    const [d10, d11] = draft.images;
    expect(byId(p, d10.id).counterpart).toEqual({ id: hd.images[0].id, profile: 'hd' });
    // The HD batch has one image: the second draft is set beside it too.
    expect(byId(p, d11.id).counterpart).toEqual({ id: hd.images[0].id, profile: 'hd' });
    expect(byId(p, hd.images[0].id).counterpart).toEqual({ id: d10.id, profile: 'draft' });
    expect(byId(p, grid.images[0].id).counterpart).toBeNull();
    const autumn = await page(`?conversationId=${other}`);
    expect(autumn.images.every((i) => i.counterpart === null)).toBe(true);
  });

  it("places each image's scores and grid cell: by the job's result, else by seed", async () => {
    const p = await page(`?workspaceId=${team}`);
    expect(byId(p, draft.images[1].id).scores).toMatchObject({
      sharpness: { laplacianVariance: 101 },
      ocr: { accuracy: 0.99 },
    });
    expect(byId(p, grid.images[1].id).cell).toEqual({
      scheduler: 'ddim',
      steps: 30,
      guidance: 1.75,
    });
    // No job (an imported conversation): image i of the batch has seed + i.
    const [first, second] = imported.images;
    expect(byId(p, first.id).scores).toEqual({
      sharpness: { laplacianVariance: 100 },
      palette: { deltaE: 2.5 },
    });
    expect(byId(p, second.id).scores).toEqual({
      sharpness: { laplacianVariance: 101 },
      palette: { deltaE: 3.5 },
    });
  });

  it('refuses a malformed query with a clear 400', async () => {
    for (const [query, message] of [
      ['', 'give either workspaceId or conversationId'],
      [`?workspaceId=${team}&conversationId=${conv}`, 'give either workspaceId or conversationId'],
      [
        `?workspaceId=${team}&profile=poster`,
        'profile: profile must be one of draft, hd, diagnostics',
      ],
      [`?workspaceId=${team}&limit=0`, 'limit: limit must be at least 1'],
      [`?workspaceId=${team}&limit=x`, 'limit: limit must be a number'],
      [`?workspaceId=${team}&cursor=42`, 'cursor: not a valid cursor'],
      ['?workspaceId=nope', 'workspaceId: not a valid id'],
    ])
      expect(await errorOf(await list(alice, query)), query).toEqual({
        status: 400,
        code: 'bad_request',
        message,
      });
  });

  it('shows strangers nothing: 404 as for an id that names nothing; 401 signed out', async () => {
    for (const query of [`?workspaceId=${team}`, `?conversationId=${conv}`])
      expect((await errorOf(await list(stranger, query))).status).toBe(404);
    expect((await errorOf(await list(undefined, `?workspaceId=${team}`))).status).toBe(401);
  });
});

describe('GET /api/images/:id', () => {
  const get = (who: Client, id: string) =>
    call(detail.GET, { client: who, params: { id }, path: `/api/images/${id}` });

  it('gives one image with its counterpart and a recipe that renders it again', async () => {
    const res = await get(alice, hd.images[0].id);
    expect(res.status).toBe(200);
    const { image } = (await res.json()) as { image: GalleryImage };
    expect(image.counterpart).toEqual({ id: draft.images[0].id, profile: 'draft' });
    expect(image.recipe).toBe(
      [
        'npm run -s atelier -- generate',
        `--prompt 'a spring sale banner in our  brand colours, studio light'`,
        '--negative blurry',
        '--profile hd',
        '--model sd-turbo',
        '--scheduler euler',
        '--steps 30',
        '--guidance 1.75',
        '--seed 10',
        '--width 512',
        '--height 512',
        '--palette #ff8800,#112233',
        '--out out',
      ].join(' \\\n  '),
    );
  });

  it("renders a grid cell alone at its own size under the cell's settings", async () => {
    const { image } = (await (await get(alice, grid.images[1].id)).json()) as {
      image: GalleryImage;
    };
    expect(image.recipe).toContain('--profile draft \\\n  --model builtin-exact');
    expect(image.recipe).toContain('--scheduler ddim \\\n  --steps 30');
    expect(image.recipe).toContain('--width 64 \\\n  --height 64');
  });

  it("is another workspace's secret", async () => {
    expect((await errorOf(await get(stranger, hd.images[0].id))).status).toBe(404);
  });
});

describe('GET /api/images/:id/download', () => {
  it('sends the stored bytes, metadata and all, as an attachment with a telling name', async () => {
    const img = hd.images[0];
    const res = await call(download.GET, {
      client: alice,
      params: { id: img.id },
      path: `/api/images/${img.id}/download`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="atelier-spring-sale-banners-hd-seed10-${img.sha256.slice(0, 12)}.png"`,
    );
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(img.png)).toBe(true);
    expect(bytes.toString('latin1')).toContain(`seed 10`);
  });
});

describe('GET /api/artifacts/:id/preview', () => {
  const get = (who: Client, id: string, w: string) =>
    call(preview.GET, { client: who, params: { id }, path: `/api/artifacts/${id}/preview?w=${w}` });

  it('sends a WebP tile no wider than asked, drawn once and then read from the cache', async () => {
    const studio = (
      await (await call(workspaces.POST, { client: alice, body: { name: 'Tiles' } })).json()
    ).workspace.id;
    const conversation = (
      await (
        await call(conversations.POST, { client: alice, body: { workspaceId: studio } })
      ).json()
    ).conversation.id;
    const big = await seedGeneration(database.db, {
      workspaceId: studio,
      conversationId: conversation,
      request: 'a wide tile',
      profile: 'hd',
      seed: 3,
      side: 600,
      at: minutes(9),
    });
    const id = big.images[0].id;
    const first = await get(alice, id, '256');
    expect(first.status, await first.clone().text()).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/webp');
    expect(first.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(await sharp(bytes).metadata()).toMatchObject({
      format: 'webp',
      width: 256,
      height: 256,
    });
    expect(bytes.byteLength).toBeLessThan(big.images[0].png.byteLength);
    const again = Buffer.from(await (await get(alice, id, '256')).arrayBuffer());
    expect(again.equals(bytes)).toBe(true);
    // Never wider than the image itself.
    const small = Buffer.from(await (await get(alice, draft.images[0].id, '768')).arrayBuffer());
    expect((await sharp(small).metadata()).width).toBe(64);
  });

  it('refuses other widths with a 400 that lists them, and strangers with a 404', async () => {
    const id = draft.images[0].id;
    for (const w of ['300', 'big', ''])
      expect(await errorOf(await get(alice, id, w))).toMatchObject({
        status: 400,
        message: expect.stringContaining('w must be one of 256, 512, 768'),
      });
    expect((await get(stranger, id, '256')).status).toBe(404);
  });
});
