// The expected wait of a queued job, from the jobs running and queued ahead of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { type JobProgressRow, jobs, workspaces } from '@/db/schema';
import type { ImageJob } from '@/lib/jobs/image-job';
import { expectedWaitMs } from '@/lib/jobs/queue-wait';
import { recordStages, timingKind } from '@/lib/jobs/stage-times';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let workspaceId: string;

beforeAll(async () => {
  database = await freshDatabase();
  [{ id: workspaceId }] = await database.db
    .insert(workspaces)
    .values({ name: 'queue' })
    .returning();
});
afterAll(() => database.close());

const payload = (width: number): ImageJob => ({
  workspaceId,
  conversationId: null,
  messageId: null,
  actor: 'user:a',
  profile: 'hd',
  params: { prompt: 'a banner', width, height: 512, steps: 30 },
});

let clock = Date.UTC(2026, 0, 1);
async function add(
  status: 'queued' | 'running',
  width: number,
  run?: { owner: string; progress: Partial<JobProgressRow> },
) {
  const [row] = await database.db
    .insert(jobs)
    .values({
      kind: 'image',
      workspaceId,
      actor: 'user:a',
      status,
      payload: payload(width),
      maxAttempts: 3,
      timeLimitMs: 600_000,
      createdAt: new Date((clock += 1000)),
      ...(run
        ? { leaseOwner: run.owner, progress: { step: 1, steps: 30, at: 1, ...run.progress } }
        : {}),
    })
    .returning({ id: jobs.id });
  return row.id;
}

describe('the wait before a queued job starts', () => {
  it('adds each worker’s longest running job and the jobs queued ahead, shared by the workers', async () => {
    recordStages(timingKind(payload(640)), [
      { stage: 'base', ms: 3000 },
      { stage: 'hires', ms: 1000 },
    ]);
    // Worker w1 renders two jobs as one batch: the longer one counts.
    await add('running', 640, { owner: 'w1', progress: { etaMs: 5000, etaScope: 'job' } });
    await add('running', 640, { owner: 'w1', progress: { etaMs: 4500, etaScope: 'job' } });
    const ahead = await add('queued', 640);
    const mine = await add('queued', 640);
    expect(await expectedWaitMs(database.db, ahead)).toBe(5000);
    expect(await expectedWaitMs(database.db, mine)).toBe(5000 + 4000);
    // A second worker busy for 7 s: 16 s of work shared by two.
    await add('running', 640, { owner: 'w2', progress: { etaMs: 7000, etaScope: 'job' } });
    expect(await expectedWaitMs(database.db, mine)).toBe(8000);
    // A job queued after it changes nothing.
    await add('queued', 640);
    expect(await expectedWaitMs(database.db, mine)).toBe(8000);
  });

  it('says nothing while a job ahead has no estimate', async () => {
    await add('queued', 896); // a kind no job of has completed here
    const mine = await add('queued', 640);
    expect(await expectedWaitMs(database.db, mine)).toBeNull();
    await database.db.delete(jobs);
    await add('running', 896, { owner: 'w1', progress: { etaMs: 2000, etaScope: 'stage' } });
    expect(await expectedWaitMs(database.db, await add('queued', 640))).toBeNull();
  });

  it('counts a running job its worker has not estimated yet as a whole render of its kind', async () => {
    await database.db.delete(jobs);
    await add('running', 640, { owner: 'w1', progress: { etaMs: 2000, etaScope: 'stage' } });
    expect(await expectedWaitMs(database.db, await add('queued', 640))).toBe(4000);
  });
});
