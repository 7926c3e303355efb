// Attempts at claimed image jobs on this process's inference worker, one job or a batch of them.
// A job's generation row is made on its first attempt and reused by later ones; its PNGs and
// artifact rows are committed in the transaction that marks it complete, and only while this
// worker still holds its lease.
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { artifacts, generations, jobs } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { fromEngineError } from '../engine-errors';
import { AppError } from '../errors';
import { type Routing, routeGeneration } from '../profiles/route';
import { conversationPalette } from '../references/palette';
import { removeIfUnreferenced } from '../references/store';
import { lockBlob } from '../storage/blob-lock';
import { ensureBlob, putBlob, type StoredBlob } from '../storage/blobs';
import { engine } from './engine';
import { generationRecord } from './generation-record';
import { type ImageJob, ImageJobPayload, type ImageJobResult, type JobImage } from './image-job';
import { type JobRow, lockLease } from './lease';
import { completeJob } from './outcome';
import { previewEvery } from './preview';
import { NO_PROVENANCE } from './provenance';
import { type Rendered, type RenderProgress, renderTogether } from './render';
import { type RoutingRecord, routingRecord } from './routing-record';

type Hooks = { onProgress?: (p: RenderProgress) => void; signal?: AbortSignal };

/** The job's generation, running again: made on its first attempt (audited), reused after a retry. */
async function startGeneration(
  tx: Tx,
  held: JobRow,
  job: ImageJob,
  routing: { modelId: string; files: unknown; record: RoutingRecord },
): Promise<string> {
  const values = {
    modelId: routing.modelId,
    params: job.params,
    routing: routing.record,
    status: 'running' as const,
  };
  if (held.generationId) {
    const [again] = await tx
      .update(generations)
      .set(values)
      .where(eq(generations.id, held.generationId))
      .returning({ id: generations.id });
    if (again) return again.id;
  }
  const [gen] = await tx
    .insert(generations)
    .values({
      ...values,
      workspaceId: job.workspaceId,
      conversationId: job.conversationId,
      messageId: job.messageId,
      actor: job.actor,
      profile: job.profile,
      provenance: job.provenance ?? NO_PROVENANCE,
    })
    .returning({ id: generations.id });
  await tx.update(jobs).set({ generationId: gen.id }).where(eq(jobs.id, held.id));
  await appendAudit(tx, {
    actor: job.actor,
    action: 'generation.started',
    subject: `generation:${gen.id}`,
    workspaceId: job.workspaceId,
    conversationId: job.conversationId,
    payload: { model: routing.modelId, files: routing.files, profile: job.profile, job: held.id },
  });
  return gen.id;
}

/** A claimed job routed, its generation row started: ready to render. */
export interface PreparedAttempt {
  claimed: JobRow;
  job: ImageJob;
  routing: Routing;
  record: RoutingRecord;
  generationId: string;
}

/** Parses the claimed job, routes it by its profile and starts (or restarts) its generation row. */
async function prepareAttempt(db: Db, claimed: JobRow, owner: string): Promise<PreparedAttempt> {
  const parsed = ImageJobPayload.safeParse(claimed.payload);
  if (!parsed.success) throw new AppError('bad_request', 'the queued image request is malformed');
  const job = parsed.data;
  const { registry } = engine();
  const { params } = job;
  const palette = job.conversationId ? await conversationPalette(db, job.conversationId) : [];
  const routing = await routeGeneration(registry, {
    profile: job.profile,
    prompt: params.prompt,
    palette,
    explicit: {
      modelId: job.modelId,
      steps: params.steps,
      guidance: params.guidance,
      scheduler: params.scheduler,
      width: params.width,
      height: params.height,
    },
  }).catch((e) => {
    throw fromEngineError(e);
  });
  const record = routingRecord(routing);
  const generationId = await held(db, claimed.id, owner, (tx, row) =>
    startGeneration(tx, row, job, {
      modelId: routing.model.id,
      files: routing.model.files,
      record,
    }),
  );
  return { claimed, job, routing, record, generationId };
}

const held = <T>(db: Db, jobId: string, owner: string, fn: (tx: Tx, row: JobRow) => Promise<T>) =>
  db.transaction(async (tx) => fn(tx, await lockLease(tx, jobId, owner)));

/**
 * Claimed jobs attempted together: each routed by its profile, all rendered at once (compatible
 * drafts as one UNet batch, lib/jobs/render.ts), each stored as soon as its images are ready
 * (content-addressed under uploads/). Each job's outcome is its own: a LeaseLost when it stopped
 * being this worker's, having removed any file no committed row names.
 */
export async function attemptImageJobs(
  db: Db,
  rows: JobRow[],
  owner: string,
  hooks: Hooks[],
): Promise<PromiseSettledResult<void>[]> {
  const prepared = await Promise.allSettled(rows.map((row) => prepareAttempt(db, row, owner)));
  const ready = prepared.flatMap((p, i) => (p.status === 'fulfilled' ? [{ p: p.value, i }] : []));
  const { worker, registry } = engine();
  const renders = renderTogether(
    worker,
    registry,
    ready.map(({ p, i }) => ({
      routing: p.routing,
      request: {
        prompt: p.job.params.prompt,
        negativePrompt: p.job.params.negative,
        seed: p.job.params.seed,
        count: p.job.params.count,
      },
      hooks: { ...hooks[i], previewEvery: previewEvery(stepsOf(p.routing)) },
    })),
  );
  const outcomes: Promise<void>[] = prepared.map((p) =>
    p.status === 'rejected' ? Promise.reject(p.reason) : Promise.resolve(),
  );
  ready.forEach(({ p, i }, k) => {
    outcomes[i] = renders[k].then((result) => storeAttempt(db, p, owner, result));
  });
  return Promise.allSettled(outcomes);
}

/** The most steps a routing's render takes (a diagnostics grid's longest cell). */
const stepsOf = (routing: Routing) =>
  routing.grid ? Math.max(...routing.grid.cells.map((c) => c.steps)) : routing.request.steps;

/**
 * Stores a rendered attempt's PNGs and completes its job and generation, while this worker still
 * holds the lease; on any failure removes the files no committed row names.
 */
async function storeAttempt(
  db: Db,
  prepared: PreparedAttempt,
  owner: string,
  result: Rendered,
): Promise<void> {
  const { claimed, job, routing, record, generationId } = prepared;
  let stored: StoredBlob[] = [];
  try {
    stored = await Promise.all(result.images.map((img) => putBlob(img.png, '.png')));
    const scores = result.images.map((img) => img.scores ?? null);
    await held(db, claimed.id, owner, async (tx, row) => {
      // Under each blob's lock, its file is there for the row (a removal of equal bytes may have run since it was written).
      for (const [i, img] of result.images.entries()) {
        await lockBlob(tx, stored[i].sha256);
        await ensureBlob(stored[i], img.png);
      }
      const [gen] = await tx
        .update(generations)
        .set({
          status: 'complete',
          ep: result.ep,
          timings: { ...result.timings },
          params: { ...result.request },
          routing: {
            ...record,
            ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
          },
          scores,
          record: generationRecord(result),
          finishedAt: new Date(),
        })
        .where(eq(generations.id, generationId))
        .returning({ id: generations.id });
      if (!gen) throw new AppError('not_found', 'the generation was deleted while it rendered');
      const rows = await tx
        .insert(artifacts)
        .values(
          result.images.map((img, i) => ({
            workspaceId: job.workspaceId,
            generationId,
            kind: 'image' as const,
            sha256: stored[i].sha256,
            mime: 'image/png',
            bytes: stored[i].bytes,
            width: img.width,
            height: img.height,
            seed: img.seed,
          })),
        )
        .returning({ id: artifacts.id });
      await appendAudit(tx, {
        actor: job.actor,
        action: 'generation.completed',
        subject: `generation:${generationId}`,
        workspaceId: job.workspaceId,
        conversationId: job.conversationId,
        payload: { ep: result.ep, images: stored.map((s) => s.sha256) },
      });
      const images = rows.map((r, i): JobImage => {
        const img = result.images[i];
        return {
          artifactId: r.id,
          sha256: stored[i].sha256,
          seed: img.seed,
          width: img.width,
          height: img.height,
          ...(img.scores ? { scores: img.scores } : {}),
          ...(img.stages ? { stages: img.stages } : {}),
          ...(img.cell ? { cell: img.cell } : {}),
        };
      });
      const out: ImageJobResult = {
        generationId,
        model: { id: routing.model.id, label: routing.model.label },
        ep: result.ep,
        ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
        images,
        params: { ...result.request },
        routing: record,
        timings: { ...result.timings },
      };
      await completeJob(tx, row, out, { generationId, images: stored.map((s) => s.sha256) });
    });
  } catch (err) {
    // Files written for rows that were never committed (the lease lost, the job or generation gone).
    for (const s of stored)
      await removeIfUnreferenced(db, s.sha256, s.relPath).catch(() => undefined);
    throw err;
  }
}
