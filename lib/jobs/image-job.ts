import { z } from 'zod';
import type { Db } from '../../db/client';
import { PROFILES, type Profile } from '../../engine/models/family';
import type { GenerationRequest } from '../../engine/pipelines/types';
import { randomSeed } from '../../engine/pipelines/validate';
import { batchKeyOf } from './batch-key';
import { PromptProvenance } from './provenance';
import { enqueueJob } from './queue';
import type { RenderedImage } from './render';
import type { RoutingRecord } from './routing-record';
import { jobSystem } from './system';
import { type JobUpdate, waitForJob } from './wait';

/** The engine's request fields, with the chat's name for the negative prompt. */
export type ImageParams = Pick<
  GenerationRequest,
  'prompt' | 'width' | 'height' | 'steps' | 'guidance' | 'seed' | 'count' | 'scheduler'
> & { negative?: string };

export type ImageJob = {
  workspaceId: string;
  conversationId: string | null;
  messageId: string | null;
  actor: string;
  modelId?: string;
  profile: Profile;
  params: ImageParams;
  /** The reference passages and search citations the prompt was written from (none given: none). */
  provenance?: PromptProvenance;
};

/** An ImageJob as a worker reads it back from the jobs row (possibly written by another version). */
export const ImageJobPayload = z.object({
  workspaceId: z.uuid(),
  conversationId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
  actor: z.string().min(1),
  modelId: z.string().optional(),
  profile: z.enum(PROFILES),
  params: z.object({
    prompt: z.string(),
    negative: z.string().optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    steps: z.number().int().optional(),
    guidance: z.number().optional(),
    seed: z.number().int().min(0).optional(),
    count: z.number().int().optional(),
    scheduler: z.string().optional(),
  }),
  provenance: PromptProvenance.optional(),
}) satisfies z.ZodType<ImageJob>;

export type JobImage = {
  artifactId: string;
  sha256: string;
  seed: number;
  width: number;
  height: number;
  scores?: RenderedImage['scores'];
  stages?: RenderedImage['stages'];
  cell?: RenderedImage['cell'];
};

export type ImageJobResult = {
  generationId: string;
  model: { id: string; label: string };
  ep: string;
  fallbackReason?: string;
  images: JobImage[];
  params: Record<string, unknown>;
  routing: RoutingRecord;
  timings: Record<string, unknown>;
};

/**
 * Queues an image request (see lib/jobs/queue.ts for the per-person cap). The seed is fixed now,
 * so an attempt run again after its worker died renders the same bytes.
 */
export async function queueImageJob(
  db: Db,
  job: ImageJob,
  opts: { timeLimitMs?: number } = {},
): Promise<{ id: string; position: number }> {
  const { dispatch, config } = await jobSystem();
  const payload: ImageJob = {
    ...job,
    params: { ...job.params, seed: job.params.seed ?? randomSeed() },
  };
  return enqueueJob(db, dispatch, config, {
    kind: 'image',
    workspaceId: job.workspaceId,
    conversationId: job.conversationId,
    messageId: job.messageId,
    actor: job.actor,
    payload,
    batchKey: batchKeyOf(payload),
    timeLimitMs: opts.timeLimitMs,
  });
}

/** The job's result as its worker stored it. */
export async function waitForImageJob(
  db: Db,
  jobId: string,
  opts: Parameters<typeof waitForJob>[2] = {},
): Promise<ImageJobResult> {
  return (await waitForJob(db, jobId, opts)) as ImageJobResult;
}

/**
 * Queues the request and waits for it: routed by its profile, rendered by a worker, its
 * generation (routing decision, each image's scores), PNGs and audit events recorded.
 */
export async function runImageJob(
  db: Db,
  job: ImageJob,
  hooks: { onUpdate?: (u: JobUpdate) => void; signal?: AbortSignal } = {},
): Promise<ImageJobResult> {
  const { id } = await queueImageJob(db, job);
  return waitForImageJob(db, id, hooks);
}
