// `atelier worker` processes against one PostgreSQL server and one uploads/ folder: they take
// disjoint jobs, and when one is killed mid-render the other finishes its job, with no artifact
// lost or stored twice. Runs in the PostgreSQL project only (PGlite admits one process).
import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import type { Database } from '@/db/client';
import { artifacts, auditEvents, generations, jobs } from '@/db/schema';
import { type ImageJob, queueImageJob } from '@/lib/jobs/image-job';
import { start, waitFor } from '../helpers/cli';
import { tempDataDir } from '../helpers/data-dir';
import { call, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

// A *.server.test.ts file runs only in the PostgreSQL pass (vitest.config.ts): worker processes
// need a database server that several processes can open.
if (inject('dbTarget').kind !== 'postgres') throw new Error('this file needs a PostgreSQL server');
const dataDir = tempDataDir('workers');
// This process only queues; the workers render.
Object.assign(process.env, { ATELIER_IN_PROCESS_WORKER: '0', ATELIER_JOBS_PER_USER: '20' });
let database: Database;
let workers: Array<ReturnType<typeof start>> = [];

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await database?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const pngFiles = () =>
  fs
    .readdirSync(path.join(dataDir, 'uploads'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.png') && !f.includes('derived'))
    .map((f) => path.basename(f, '.png'))
    .sort();
const rowsOf = (ids: string[]) => database.db.select().from(jobs).where(inArray(jobs.id, ids));

describe('atelier worker processes', () => {
  it('two workers take disjoint jobs; kill -9 of one mid-render: the other finishes it, nothing lost or doubled', async () => {
    const alice = await signUpClient('alice@example.com');
    const workspaceId = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
    const env = {
      DATABASE_URL: database.pool!.options.connectionString!,
      ATELIER_DATA_DIR: dataDir,
      ATELIER_JOB_LEASE_S: '2',
    };
    workers = [
      start('lib/cli/main.ts', ['worker'], env),
      start('lib/cli/main.ts', ['worker'], env),
    ];
    await waitFor(
      () => workers.every((w) => w.err().includes('atelier worker: ready')),
      120_000,
      'both workers',
    ).catch((err) => {
      throw new Error(
        `${err.message}\n${workers.map((w) => `pid ${w.pid}:\n${w.err()}`).join('\n')}`,
      );
    });
    const job = (params: ImageJob['params']): ImageJob => ({
      workspaceId,
      conversationId: null,
      messageId: null,
      actor: `user:${alice.user.id}`,
      profile: 'draft',
      params,
    });
    // One long render for each worker (their steps differ, so neither joins the other's batch),
    // then short ones behind them.
    const slow = { width: 1024, height: 1024, count: 4 };
    const long = [
      await queueImageJob(
        database.db,
        job({ prompt: 'a red circle, long', seed: 1, steps: 100, ...slow }),
      ),
      await queueImageJob(
        database.db,
        job({ prompt: 'a blue square, long', seed: 2, steps: 101, ...slow }),
      ),
    ].map((q) => q.id);
    const short = [];
    for (const [i, colour] of ['green', 'orange', 'purple', 'yellow'].entries())
      short.push(
        (await queueImageJob(database.db, job({ prompt: `a ${colour} dot`, seed: 10 + i }))).id,
      );
    const all = [...long, ...short];

    let running: Array<typeof jobs.$inferSelect> = [];
    const until = Date.now() + 120_000;
    // Mid-render, with the progress (and latent previews) a worker writes into the row.
    while (running.length < 2 || running.some((r) => !r.progress?.previews?.length)) {
      if (Date.now() > until) throw new Error('timed out waiting for both long jobs to render');
      await new Promise((r) => setTimeout(r, 50));
      running = (await rowsOf(long)).filter((r) => r.status === 'running');
    }
    for (const r of running)
      expect(r.progress!.previews).toEqual(
        Array(4).fill(expect.stringMatching(/^data:image\/webp;base64,/)),
      );
    const owners = running.map((r) => r.leaseOwner!);
    expect(new Set(owners).size).toBe(2);
    const pidOf = (owner: string) => Number(owner.split(':').at(-2));
    expect(owners.map(pidOf).sort()).toEqual(workers.map((w) => w.pid).sort());

    // The worker rendering the second long job dies mid-render.
    const victim = running.find((r) => r.id === long[1])!;
    const killed = workers.find((w) => w.pid === pidOf(victim.leaseOwner!))!;
    const survivor = workers.find((w) => w !== killed)!;
    killed.kill('SIGKILL');
    await new Promise((r) => killed.once('close', r));

    const end = Date.now() + 180_000;
    for (;;) {
      const rows = await rowsOf(all);
      if (rows.every((r) => r.status === 'complete')) break;
      const failed = rows.find((r) => r.status === 'error' || r.status === 'cancelled');
      if (failed) throw new Error(`job ${failed.id} ended ${failed.status}: ${failed.error}`);
      if (Date.now() > end) throw new Error(`timed out: ${rows.map((r) => r.status).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const rows = await rowsOf(all);
    const survivorOwner = owners.find((o) => pidOf(o) === survivor.pid)!;
    const victimRow = rows.find((r) => r.id === victim.id)!;
    expect(victimRow).toMatchObject({ attempts: 2, leaseOwner: survivorOwner });
    for (const r of rows.filter((r) => r.id !== victim.id)) expect(r.attempts).toBe(1);

    // Disjoint: every job but the killed one was started once, by one worker.
    const started = await database.db
      .select({ subject: auditEvents.subject, payload: auditEvents.payload })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'job.started'));
    const startsOf = (id: string) =>
      started.filter((e) => e.subject === `job:${id}`).map((e) => e.payload.worker);
    for (const id of all)
      expect(startsOf(id)).toEqual(
        id === victim.id
          ? [victim.leaseOwner, survivorOwner]
          : [rows.find((r) => r.id === id)!.leaseOwner],
      );
    const completed = await database.db
      .select({ subject: auditEvents.subject })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'job.completed'));
    expect(completed.map((e) => e.subject).sort()).toEqual(all.map((id) => `job:${id}`).sort());

    // Nothing lost or doubled: one generation per job, its images once, and exactly their files.
    const gens = await database.db
      .select()
      .from(generations)
      .where(inArray(generations.workspaceId, [workspaceId]));
    expect(gens).toHaveLength(all.length);
    const arts = await database.db.select().from(artifacts);
    expect(arts).toHaveLength(2 * 4 + short.length);
    for (const r of rows)
      expect(arts.filter((a) => a.generationId === r.generationId)).toHaveLength(
        long.includes(r.id) ? 4 : 1,
      );
    expect(pngFiles()).toEqual([...new Set(arts.map((a) => a.sha256))].sort());

    survivor.kill('SIGTERM');
    expect(await new Promise((r) => survivor.once('close', r))).toBe(0);
  }, 400_000);
});
