// Finished generations written straight into the tables, as a render (or an import) leaves them,
// so the gallery's routes are tested without running the engine.
import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { artifacts, generations, jobs, messages } from '@/db/schema';
import { putBlob } from '@/lib/storage/blobs';
import { stripesPng } from './png';

type Turn = {
  workspaceId: string;
  conversationId: string;
  /** What the person asked; a regenerate asks the same words again. */
  request: string;
  profile: 'draft' | 'hd' | 'diagnostics';
  modelId?: string;
  seed: number;
  count?: number;
  /** A grid of cells instead of a batch (diagnostics). */
  cells?: Array<{ scheduler: string; steps: number; guidance: number }>;
  /** No job row: how an imported conversation's images arrive. */
  withoutJob?: boolean;
  /** The images' width and height in pixels (64). */
  side?: number;
  at: Date;
};

const scoresFor = (i: number) => ({
  sharpness: { laplacianVariance: 100 + i },
  palette: { deltaE: 2.5 + i },
});

export async function seedGeneration(db: Db, t: Turn) {
  const ask = randomUUID();
  const answer = randomUUID();
  const base = { conversationId: t.conversationId, modelId: 'offline', profile: t.profile };
  await db.insert(messages).values([
    {
      ...base,
      id: ask,
      role: 'user',
      parts: [{ type: 'text', text: t.request }],
      status: 'complete',
      createdAt: t.at,
    },
    {
      ...base,
      id: answer,
      parentId: ask,
      role: 'assistant',
      parts: [],
      status: 'complete',
      createdAt: t.at,
    },
  ]);
  const n = t.cells?.length ?? t.count ?? 1;
  const seeds = Array.from({ length: n }, (_, i) => (t.cells ? t.seed : t.seed + i));
  const modelId = t.modelId ?? 'builtin-exact';
  const [gen] = await db
    .insert(generations)
    .values({
      workspaceId: t.workspaceId,
      conversationId: t.conversationId,
      messageId: answer,
      actor: 'system',
      modelId,
      profile: t.profile,
      status: 'complete',
      ep: 'cpu',
      params: {
        prompt: `${t.request.trim()}, studio light`,
        negativePrompt: 'blurry',
        seed: t.seed,
        steps: t.profile === 'hd' ? 30 : 8,
        guidance: 1.75,
        scheduler: 'euler',
        width: 512,
        height: 512,
      },
      routing: {
        profile: t.profile,
        model: { id: modelId, label: `Label of ${modelId}` },
        reasons: [`${t.profile} profile chose ${modelId}`],
        stages: t.profile === 'hd' ? { text: { palette: ['#ff8800', '#112233'] } } : {},
        ...(t.cells ? { grid: { cells: t.cells, size: 64 } } : {}),
      },
      scores: seeds.map((_, i) => scoresFor(i)),
      createdAt: t.at,
      finishedAt: t.at,
    })
    .returning({ id: generations.id });
  const images = [];
  for (const [i, seed] of seeds.entries()) {
    const png = await stripesPng(
      [{ rgb: [40 * i, 120, t.profile === 'hd' ? 200 : 60], share: 1 }],
      t.side ?? 64,
      {
        parameters: `${t.request} seed ${seed}`,
      },
    );
    const blob = await putBlob(png, '.png');
    const [a] = await db
      .insert(artifacts)
      .values({
        workspaceId: t.workspaceId,
        generationId: gen.id,
        kind: 'image',
        sha256: blob.sha256,
        mime: 'image/png',
        bytes: blob.bytes,
        width: t.side ?? 64,
        height: t.side ?? 64,
        seed,
        createdAt: t.at,
      })
      .returning({ id: artifacts.id });
    images.push({ id: a.id, sha256: blob.sha256, png, seed });
  }
  if (!t.withoutJob)
    await db.insert(jobs).values({
      kind: 'image',
      workspaceId: t.workspaceId,
      conversationId: t.conversationId,
      messageId: answer,
      actor: 'system',
      status: 'complete',
      payload: {},
      // Job results name images by artifact id; here in reverse, so order cannot place them.
      result: {
        images: images
          .map((img, i) => ({
            artifactId: img.id,
            scores: {
              ...scoresFor(i),
              ocr: { accuracy: 0.99, recognised: 'SALE', expected: 'SALE' },
            },
            ...(t.cells ? { cell: t.cells[i] } : {}),
          }))
          .reverse(),
      },
      maxAttempts: 1,
      timeLimitMs: 60_000,
      generationId: gen.id,
    });
  return { generationId: gen.id, images };
}
