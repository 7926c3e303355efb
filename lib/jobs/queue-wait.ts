// About how long a queued job waits before a worker takes it, for the chat's "starts in about …".
import { and, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { jobs } from '../../db/schema';
import { ImageJobPayload } from './image-job';
import { expectedMs, timingKind } from './stage-times';

/**
 * The time left in the jobs rendering now (each worker's longest: the jobs of one worker run
 * together as a batch) and the expected time of each job queued ahead, shared among the workers
 * rendering now. Null when any of them has no estimate: a job of a kind neither its worker nor
 * this process has seen complete.
 */
export async function expectedWaitMs(db: DbOrTx, jobId: string): Promise<number | null> {
  const key = db
    .select({ createdAt: jobs.createdAt, id: jobs.id })
    .from(jobs)
    .where(eq(jobs.id, jobId));
  const rows = await db
    .select({
      status: jobs.status,
      payload: jobs.payload,
      progress: jobs.progress,
      owner: jobs.leaseOwner,
    })
    .from(jobs)
    .where(
      or(
        eq(jobs.status, 'running'),
        and(eq(jobs.status, 'queued'), sql`(${jobs.createdAt}, ${jobs.id}) < (${key})`),
      ),
    );
  const running = new Map<string, number>();
  let queued = 0;
  for (const r of rows) {
    const job = ImageJobPayload.safeParse(r.payload);
    const whole = job.success ? expectedMs(timingKind(job.data)) : null;
    if (r.status === 'running') {
      // Its worker's whole-render estimate; before one, all of a render of its kind.
      const p = r.progress;
      const left = p?.etaScope === 'job' && p.etaMs !== undefined ? p.etaMs : whole;
      if (left === null) return null;
      const owner = r.owner ?? '';
      running.set(owner, Math.max(running.get(owner) ?? 0, left));
    } else if (whole === null) return null;
    else queued += whole;
  }
  const busy = [...running.values()].reduce((a, ms) => a + ms, 0);
  return Math.round((busy + queued) / Math.max(1, running.size));
}
