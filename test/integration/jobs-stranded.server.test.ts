// With pg-boss, a queued job whose message never reaches a worker (pg-boss gave up on it, or it
// was lost) is still rendered: a worker with a free slot takes it from the jobs table once it has
// waited ATELIER_JOB_STRANDED_S. PostgreSQL only (pg-boss needs a server).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import type { Database } from '@/db/client';
import { closeEngine } from '@/lib/jobs/engine';
import { waitForImageJob } from '@/lib/jobs/image-job';
import { NO_DISPATCH } from '@/lib/jobs/local-dispatch';
import { enqueueJob } from '@/lib/jobs/queue';
import { jobSystem } from '@/lib/jobs/system';
import { tempDataDir } from '../helpers/data-dir';
import { call, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

if (inject('dbTarget').kind !== 'postgres') throw new Error('this file needs a PostgreSQL server');
const dataDir = tempDataDir('stranded');
Object.assign(process.env, { ATELIER_JOB_STRANDED_S: '1', ATELIER_IN_PROCESS_WORKER: '1' });
let database: Database;

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
  await closeEngine();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a job no message brings to a worker', () => {
  it('is taken from the table once it has waited, and completes', async () => {
    const alice = await signUpClient('alice@example.com');
    const workspaceId = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
    const { config } = await jobSystem();
    // Queued with no pg-boss message at all: only the table knows of it.
    const queued = await enqueueJob(database.db, NO_DISPATCH, config, {
      kind: 'image',
      workspaceId,
      conversationId: null,
      messageId: null,
      actor: `user:${alice.user.id}`,
      payload: {
        workspaceId,
        conversationId: null,
        messageId: null,
        actor: `user:${alice.user.id}`,
        profile: 'draft',
        params: { prompt: 'a red circle nobody sent', seed: 3, width: 128, height: 128 },
      },
    });
    const started = Date.now();
    const result = await waitForImageJob(database.db, queued.id);
    expect(result.images).toHaveLength(1);
    // Not before it had waited the stranded time.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
