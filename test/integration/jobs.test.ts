// Durable image jobs with the worker in this process: the states a chat turn's job goes through,
// cancel, a retried transient failure, a job whose worker died, the time limit and the per-person
// cap. On PGlite and again on the PostgreSQL server (there through pg-boss).
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as stopRoute from '@/app/api/chat/[id]/stop/route';
import * as chat from '@/app/api/chat/route';
import * as auditRoute from '@/app/api/conversations/[id]/audit/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { artifacts, auditEvents, generations, jobs } from '@/db/schema';
import '@/lib/assistant/tools';
import { verifyAudit } from '@/lib/audit/verify';
import { sha256Hex } from '@/lib/auth/tokens';
import { closeEngine, startEngine } from '@/lib/jobs/engine';
import { type ImageJob, queueImageJob, waitForImageJob } from '@/lib/jobs/image-job';
import { claimJob, LeaseLost, lockLease, renewLease } from '@/lib/jobs/lease';
import { NO_DISPATCH } from '@/lib/jobs/local-dispatch';
import { cancelJob, recoverExpiredJobs } from '@/lib/jobs/outcome';
import { enqueueJob } from '@/lib/jobs/queue';
import { jobSystem } from '@/lib/jobs/system';
import type { JobUpdate } from '@/lib/jobs/wait';
import { tempDataDir } from '../helpers/data-dir';
import { FLAKY_ERROR } from '../helpers/flaky-worker';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('jobs');
Object.assign(process.env, { ATELIER_JOB_RETRY_DELAY_S: '0.05', ATELIER_JOBS_PER_USER: '2' });
let database: Database;
let alice: Client;
let bob: Client;
let workspaceId: string;

const actorOf = (c: Client) => `user:${c.user.id}`;
const jobRow = async (id: string) =>
  (await database.db.select().from(jobs).where(eq(jobs.id, id)))[0];
const eventsOf = async (subject: string) =>
  (
    await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subject, subject))
      .orderBy(auditEvents.seq)
  ).map((e) => ({ action: e.action, actor: e.actor, payload: e.payload }));
const artifactsOf = (generationId: string) =>
  database.db.select().from(artifacts).where(eq(artifacts.generationId, generationId));
/** The PNG files under uploads/ (not derived images). */
const pngFiles = () =>
  fs
    .readdirSync(path.join(dataDir, 'uploads'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.png') && !f.includes('derived'));
const until = async (check: () => Promise<boolean>, what: string, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const imageJob = (params: ImageJob['params'], who = alice): ImageJob => ({
  workspaceId,
  conversationId: null,
  messageId: null,
  actor: actorOf(who),
  profile: 'draft',
  params,
});
/** A new conversation of Alice's and the response of its first turn (still streaming). */
async function chatTurn(text: string, profile: 'draft' | 'hd') {
  const id: string = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId } })).json()
  ).conversation.id;
  const body = { conversationId: id, parentId: null, message: { text }, model: 'offline', profile };
  return { id, res: await call(chat.POST, { client: alice, body }) };
}
/** Long enough on the built-in model to still be rendering when the test acts on it. */
const SLOW = { width: 1024, height: 1024, steps: 150, count: 4 };

beforeAll(async () => {
  startEngine({ entry: new URL('../helpers/flaky-worker.ts', import.meta.url) });
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  bob = await signUpClient('bob@example.com');
  workspaceId = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
});
afterAll(async () => {
  await database.close();
  await closeEngine();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('image jobs', () => {
  it('a chat image turn goes queued → running → complete, with its job row and audit events in the timeline', async () => {
    const { id, res } = await chatTurn('a red circle on a blue background', 'draft');
    const outputs = (await readUIStream(res))
      .filter((c) => c.type === 'tool-output-available')
      .map((c) => c.output as { status: string; position?: number; generationId?: string });
    const statuses = outputs.map((o) => o.status).filter((s, i, all) => s !== all[i - 1]);
    expect(statuses).toEqual(['queued', 'running', 'complete']);
    expect(outputs[0]).toEqual({ status: 'queued', position: 1 });
    const final = outputs.at(-1)!;

    const [job] = await database.db.select().from(jobs).where(eq(jobs.conversationId, id));
    expect(job).toMatchObject({
      kind: 'image',
      status: 'complete',
      attempts: 1,
      generationId: final.generationId,
      actor: actorOf(alice),
      error: null,
    });
    expect(job.startedAt!.getTime()).toBeGreaterThanOrEqual(job.createdAt.getTime());
    expect(job.finishedAt!.getTime()).toBeGreaterThanOrEqual(job.startedAt!.getTime());
    expect(job.result).toMatchObject({ generationId: final.generationId });
    expect((await eventsOf(`job:${job.id}`)).map((e) => e.action)).toEqual([
      'job.queued',
      'job.started',
      'job.completed',
    ]);
    const timeline = await (
      await call(auditRoute.GET, { client: alice, params: { id }, path: '/?limit=200' })
    ).json();
    const actions = timeline.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'job.queued',
        'job.started',
        'generation.started',
        'generation.completed',
        'job.completed',
      ]),
    );
    expect(actions.indexOf('job.completed')).toBeLessThan(actions.indexOf('message.completed'));
  });

  it('Stop cancels the job mid-render: cancelled, audited for whoever stopped it, and no artifact', async () => {
    const before = pngFiles().length;
    const { id, res } = await chatTurn('an HD banner of a red circle on a blue background', 'hd');
    const reading = readUIStream(res);
    let job!: typeof jobs.$inferSelect;
    await until(async () => {
      [job] = await database.db.select().from(jobs).where(eq(jobs.conversationId, id));
      return job?.status === 'running' && job.progress !== null;
    }, 'the job to render');
    const stopped = await call(stopRoute.POST, { client: alice, method: 'POST', params: { id } });
    expect(stopped.status).toBe(204);
    await reading;
    await until(async () => (await jobRow(job.id)).leaseExpiresAt === null, 'the cancel');
    const after = await jobRow(job.id);
    expect(after).toMatchObject({ status: 'cancelled', error: 'generation cancelled' });
    const [gen] = await database.db
      .select()
      .from(generations)
      .where(eq(generations.id, after.generationId!));
    expect(gen.status).toBe('cancelled');
    expect(await artifactsOf(gen.id)).toEqual([]);
    // The worker has let go of it: it takes the next job.
    await waitForImageJob(
      database.db,
      (await queueImageJob(database.db, imageJob({ prompt: 'a dot', seed: 1 }))).id,
    );
    expect(pngFiles().length).toBe(before + 1);
    const events = await eventsOf(`job:${job.id}`);
    expect(events.at(-1)).toMatchObject({
      action: 'job.cancelled',
      actor: actorOf(alice),
      payload: {
        conversationId: id,
        was: 'running',
        errorSha256: sha256Hex('generation cancelled'),
      },
    });
  });

  it('progress carries the time left in the stage and a small latent preview of each image', async () => {
    const seen: Array<NonNullable<Extract<JobUpdate, { status: 'running' }>['progress']>> = [];
    const queued = await queueImageJob(
      database.db,
      imageJob({ prompt: 'a yellow star on navy', seed: 5, steps: 32, count: 2 }),
    );
    await waitForImageJob(database.db, queued.id, {
      onUpdate: (u) => u.status === 'running' && u.progress && seen.push(u.progress),
    });
    const withPreviews = seen.filter((p) => p.previews);
    // Every 4th of 32 steps, as the engine makes them; each a WebP of the 64² latent grid.
    expect(withPreviews.length).toBeGreaterThanOrEqual(2);
    for (const p of withPreviews) {
      expect(p.previews).toHaveLength(2);
      for (const url of p.previews!) {
        expect(url).toMatch(/^data:image\/webp;base64,/);
        expect(url.length).toBeLessThan(8000);
      }
    }
    expect(seen.some((p) => typeof p.etaMs === 'number' && p.etaMs > 0)).toBe(true);
    expect(seen.some((p) => (p.stage ?? 'base') === 'base' && p.step === 32)).toBe(true);
  });

  it('after one render of a kind completes, the next of that kind says the whole render’s time left', async () => {
    const params = { prompt: 'a white moon on teal', steps: 11 };
    const scopes = async (seed: number) => {
      const seen: Array<string | undefined> = [];
      const queued = await queueImageJob(database.db, imageJob({ ...params, seed }));
      await waitForImageJob(database.db, queued.id, {
        onUpdate: (u) => u.status === 'running' && u.progress && seen.push(u.progress.etaScope),
      });
      return seen.filter(Boolean);
    };
    expect(await scopes(1)).not.toContain('job');
    const second = await scopes(2);
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((s) => s === 'job')).toBe(true);
  });

  it('a transient failure is retried after a backoff and then succeeds, its images stored once', async () => {
    const queued = await queueImageJob(
      database.db,
      imageJob({ prompt: 'a green triangle [flaky]', seed: 7, count: 2 }),
    );
    const result = await waitForImageJob(database.db, queued.id);
    const row = await jobRow(queued.id);
    expect(row).toMatchObject({ status: 'complete', attempts: 2, error: FLAKY_ERROR });
    const events = await eventsOf(`job:${queued.id}`);
    expect(events.map((e) => e.action)).toEqual([
      'job.queued',
      'job.started',
      'job.retried',
      'job.started',
      'job.completed',
    ]);
    expect(events[2].payload).toMatchObject({ attempt: 1, errorSha256: sha256Hex(FLAKY_ERROR) });
    expect(await artifactsOf(result.generationId)).toHaveLength(2);
    expect(
      await database.db
        .select()
        .from(generations)
        .where(sql`${generations.params}->>'prompt' = 'a green triangle [flaky]'`),
    ).toHaveLength(1);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true });
  });

  it('a request the engine refuses is not retried', async () => {
    const queued = await queueImageJob(database.db, imageJob({ prompt: 'x', width: 100 }));
    await expect(waitForImageJob(database.db, queued.id)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('width must be a multiple of 8'),
    });
    expect(await jobRow(queued.id)).toMatchObject({ status: 'error', attempts: 1 });
  });

  it('a job whose worker died (its lease expired) runs again once, its artifacts not duplicated', async () => {
    const { dispatch, config } = await jobSystem();
    const before = pngFiles().length;
    // Queued without waking this process's worker, then taken by a worker that dies at once.
    const queued = await enqueueJob(database.db, NO_DISPATCH, config, {
      kind: 'image',
      workspaceId,
      conversationId: null,
      messageId: null,
      actor: actorOf(bob),
      payload: imageJob({ prompt: 'a blue square for the dead worker', seed: 11 }, bob),
    });
    const dead = await claimJob(database.db, 'dead-host:1:abcdef', 1, queued.id);
    expect(dead).toMatchObject({ status: 'running', attempts: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(await recoverExpiredJobs(database.db, dispatch, config, { all: false })).toBe(1);
    const result = await waitForImageJob(database.db, queued.id);
    const row = await jobRow(queued.id);
    expect(row).toMatchObject({ status: 'complete', attempts: 2 });
    expect(row.leaseOwner).not.toBe('dead-host:1:abcdef');
    expect((await eventsOf(`job:${queued.id}`)).map((e) => [e.action, e.payload.worker])).toEqual([
      ['job.queued', undefined],
      ['job.started', 'dead-host:1:abcdef'],
      ['job.retried', 'dead-host:1:abcdef'],
      ['job.started', row.leaseOwner],
      ['job.completed', row.leaseOwner],
    ]);
    expect(await artifactsOf(result.generationId)).toHaveLength(1);
    expect(pngFiles().length).toBe(before + 1);
    // The dead worker coming back can neither renew nor commit.
    expect(await renewLease(database.db, queued.id, 'dead-host:1:abcdef', 1000, null)).toBe('lost');
    await expect(
      database.db.transaction((tx) => lockLease(tx, queued.id, 'dead-host:1:abcdef')),
    ).rejects.toBeInstanceOf(LeaseLost);
  });

  it('a job running past its time limit is cancelled and fails without retrying or storing anything', async () => {
    const before = pngFiles().length;
    const queued = await queueImageJob(database.db, imageJob({ prompt: 'a slow one', ...SLOW }), {
      timeLimitMs: 400,
    });
    await expect(waitForImageJob(database.db, queued.id)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('took longer than the 0.4 s one job may take'),
    });
    const row = await jobRow(queued.id);
    expect(row).toMatchObject({ status: 'error', attempts: 1 });
    expect(row.finishedAt!.getTime() - row.startedAt!.getTime()).toBeLessThan(5000);
    const [gen] = await database.db
      .select()
      .from(generations)
      .where(eq(generations.id, row.generationId!));
    expect(gen).toMatchObject({ status: 'error', error: row.error });
    expect(await artifactsOf(gen.id)).toEqual([]);
    expect(pngFiles().length).toBe(before);
  });

  it('jobs wait their turn with their position; one person may hold two at once', async () => {
    const slow = await queueImageJob(database.db, imageJob({ prompt: 'hold the worker', ...SLOW }));
    await until(async () => (await jobRow(slow.id)).status === 'running', 'the first job to start');
    const second = await queueImageJob(
      database.db,
      imageJob({ prompt: 'second', seed: 2, steps: 40 }),
    );
    const third = await queueImageJob(database.db, imageJob({ prompt: 'third', seed: 3 }, bob));
    expect([second.position, third.position]).toEqual([1, 2]);
    await expect(
      queueImageJob(database.db, imageJob({ prompt: 'one too many', seed: 4 })),
    ).rejects.toMatchObject({
      code: 'rate_limited',
      message:
        'at most 2 image jobs may be queued or rendering at once per person; wait for one to finish',
    });
    const positions: number[] = [];
    const waiting = waitForImageJob(database.db, third.id, {
      onUpdate: (u) => u.status === 'queued' && positions.push(u.position),
    });
    await until(async () => positions.length > 0, 'the first update');
    expect(await cancelJob(database.db, slow.id, actorOf(alice))).toBe(true);
    await waiting;
    expect(positions[0]).toBe(2);
    expect(positions).toContain(1);
    const ended = await database.db
      .select({ status: jobs.status })
      .from(jobs)
      .where(inArray(jobs.id, [slow.id, second.id, third.id]));
    expect(ended.map((r) => r.status).sort()).toEqual(['cancelled', 'complete', 'complete']);
    const stillOpen = await database.db
      .select()
      .from(jobs)
      .where(and(inArray(jobs.status, ['queued', 'running'])));
    expect(stillOpen).toEqual([]);
  });

  it('a queued job says when it should start once the kinds ahead of it have been timed here', async () => {
    // Guidance is not part of a timing kind, but it is of a batch: the two render one after the other.
    const kind = { width: 512, height: 512, steps: 60 };
    await waitForImageJob(
      database.db,
      (await queueImageJob(database.db, imageJob({ prompt: 'timed once', seed: 1, ...kind }))).id,
    );
    const first = await queueImageJob(
      database.db,
      imageJob({ prompt: 'ahead', seed: 2, guidance: 6, ...kind }),
    );
    const second = await queueImageJob(
      database.db,
      imageJob({ prompt: 'behind', seed: 3, guidance: 8, ...kind }, bob),
    );
    const waits: number[] = [];
    await waitForImageJob(database.db, second.id, {
      onUpdate: (u) => u.status === 'queued' && u.waitMs !== undefined && waits.push(u.waitMs),
    });
    await waitForImageJob(database.db, first.id);
    expect(waits.length).toBeGreaterThan(0);
    for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('compatible drafts that wait together render as one batch, up to the images a batch may hold', async () => {
    const slow = await queueImageJob(database.db, imageJob({ prompt: 'hold the worker', ...SLOW }));
    await until(async () => (await jobRow(slow.id)).status === 'running', 'the first job to start');
    const draft = { width: 128, height: 128, steps: 6, count: 3 };
    const queued = [
      await queueImageJob(
        database.db,
        imageJob({ prompt: 'a red circle', seed: 1, ...draft }, bob),
      ),
      await queueImageJob(
        database.db,
        imageJob({ prompt: 'a blue square', seed: 2, ...draft }, bob),
      ),
      await queueImageJob(database.db, imageJob({ prompt: 'green', seed: 3, ...draft })),
    ];
    expect(await cancelJob(database.db, slow.id, actorOf(alice))).toBe(true);
    const results = await Promise.all(queued.map((q) => waitForImageJob(database.db, q.id)));
    // 3 + 3 images fit in a batch of 8; the third request's 3 more would not.
    expect(results.map((r) => r.timings.batch)).toEqual([
      { requests: 2, images: 6 },
      { requests: 2, images: 6 },
      undefined,
    ]);
    expect(results.map((r) => r.images.map((i) => i.seed))).toEqual([
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ]);
    const gens = await database.db
      .select({ timings: generations.timings, status: generations.status })
      .from(generations)
      .where(
        inArray(
          generations.id,
          results.map((r) => r.generationId),
        ),
      );
    expect(gens.map((g) => g.status)).toEqual(['complete', 'complete', 'complete']);
    expect(gens.filter((g) => (g.timings as { batch?: unknown }).batch)).toHaveLength(2);
  });
});
