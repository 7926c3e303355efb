import { z } from 'zod';

const seconds = (min: number, max: number, fallback: number) =>
  z.coerce.number().min(min).max(max).default(fallback);

const schema = z.object({
  ATELIER_IN_PROCESS_WORKER: z.enum(['0', '1']).default('1'),
  ATELIER_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  ATELIER_JOB_RETRY_DELAY_S: seconds(0.01, 600, 5),
  ATELIER_JOB_LEASE_S: seconds(0.5, 600, 30),
  ATELIER_JOB_TIME_LIMIT_S: seconds(1, 24 * 3600, 900),
  ATELIER_JOBS_PER_USER: z.coerce.number().int().min(1).max(100).default(2),
  ATELIER_JOB_STRANDED_S: seconds(0.2, 3600, 30),
  ATELIER_BATCH_IMAGES: z.coerce.number().int().min(1).max(64).default(8),
});

export type JobConfig = {
  /** Whether the server (or CLI) process renders jobs itself; always on with embedded PGlite. */
  inProcessWorker: boolean;
  maxAttempts: number;
  /** The first retry's delay; each later one doubles it (at most 64×). */
  retryDelayMs: number;
  /** A worker that has not renewed its lease for this long is taken for dead. */
  leaseMs: number;
  timeLimitMs: number;
  /** Jobs one person may have queued or running at once. */
  perUser: number;
  /**
   * With pg-boss: a due job no message brought to a worker for this long (pg-boss gave up on it,
   * or it was lost) is taken from the jobs table directly.
   */
  strandedMs: number;
  /** The most images compatible queued drafts render in one UNet batch (1: each alone). */
  batchImages: number;
};

/** Job settings from the environment (README, "Configuration"). */
export function readJobConfig(source: NodeJS.ProcessEnv = process.env): JobConfig {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '' && v !== undefined)),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    inProcessWorker: e.ATELIER_IN_PROCESS_WORKER === '1',
    maxAttempts: e.ATELIER_JOB_ATTEMPTS,
    retryDelayMs: Math.round(e.ATELIER_JOB_RETRY_DELAY_S * 1000),
    leaseMs: Math.round(e.ATELIER_JOB_LEASE_S * 1000),
    timeLimitMs: Math.round(e.ATELIER_JOB_TIME_LIMIT_S * 1000),
    perUser: e.ATELIER_JOBS_PER_USER,
    strandedMs: Math.round(e.ATELIER_JOB_STRANDED_S * 1000),
    batchImages: e.ATELIER_BATCH_IMAGES,
  };
}

/** Backoff before attempt `attempt + 1`, after `attempt` attempts failed. */
export const retryDelay = (config: JobConfig, attempt: number) =>
  config.retryDelayMs * 2 ** Math.min(6, Math.max(0, attempt - 1));
