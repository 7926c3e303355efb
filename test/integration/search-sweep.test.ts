import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditEvents, conversations, searchRuns, workspaces } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/chain';
import { startRun } from '@/lib/search/store/runs';
import { sweepUnfinishedSearchRuns } from '@/lib/search/store/sweep';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let ws: string;
let conversationId: string;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const run = (query: string) =>
  startRun(database.db, {
    workspaceId: ws,
    actor: 'operator:local',
    conversationId,
    query,
    mode: 'quick',
    params: {},
  });
const rowOf = async (id: string) =>
  (await database.db.select().from(searchRuns).where(eq(searchRuns.id, id)))[0];

beforeAll(async () => {
  database = await freshDatabase();
  [{ id: ws }] = await database.db.insert(workspaces).values({ name: 'sweep' }).returning();
  [{ id: conversationId }] = await database.db
    .insert(conversations)
    .values({ workspaceId: ws, title: 'sweep' })
    .returning();
});
afterAll(() => database.close());

describe('search runs a dead process left running', () => {
  it('are marked failed with a search.failed event carrying the digest of the stored error', async () => {
    const left = await run('left running');
    expect((await rowOf(left)).status).toBe('running');
    expect(await sweepUnfinishedSearchRuns(database.db, 0)).toBe(1);
    const row = await rowOf(left);
    expect(row).toMatchObject({ status: 'error', error: 'the process ended during the search' });
    expect(row.finishedAt).not.toBeNull();
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subject, `search_run:${left}`));
    expect(events).toEqual([
      expect.objectContaining({
        action: 'search.failed',
        actor: 'system',
        workspaceId: ws,
        payload: {
          reason: 'process ended during the search',
          errorSha256: sha256(row.error!),
          conversationId,
        },
      }),
    ]);
    expect(await sweepUnfinishedSearchRuns(database.db, 0)).toBe(0);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('on a shared server, only runs older than the limit; finished runs are left alone', async () => {
    const fresh = await run('still running elsewhere');
    const done = await run('finished');
    await database.db
      .update(searchRuns)
      .set({ status: 'complete', finishedAt: new Date() })
      .where(eq(searchRuns.id, done));
    expect(await sweepUnfinishedSearchRuns(database.db, 60 * 60_000)).toBe(0);
    await database.db
      .update(searchRuns)
      .set({ createdAt: new Date(Date.now() - 2 * 60 * 60_000) })
      .where(inArray(searchRuns.id, [fresh, done]));
    expect(await sweepUnfinishedSearchRuns(database.db, 60 * 60_000)).toBe(1);
    expect((await rowOf(fresh)).status).toBe('error');
    expect((await rowOf(done)).status).toBe('complete');
  });
});
