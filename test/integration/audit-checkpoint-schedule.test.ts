import fs from 'node:fs';
import path from 'node:path';
import { desc, eq, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import { appendAudit } from '@/lib/audit/chain';
import { checkpointIfDue, startCheckpoints } from '@/lib/audit/checkpoint-schedule';
import { signCheckpoint } from '@/lib/audit/checkpoints';
import { loadSigningKey, type SigningKey } from '@/lib/audit/signing-key';
import { verifyAudit } from '@/lib/audit/verify';
import { tempDataDir } from '../helpers/data-dir';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let root: string;
let key: SigningKey;

const POLICY = { everyEvents: 5, everyMs: 60_000 };

async function append(n: number) {
  for (let i = 0; i < n; i++)
    await database.db.transaction((tx) =>
      appendAudit(tx, { actor: 'system', action: 'test.event', subject: `s:${i}` }),
    );
}
const latestSeq = async () =>
  (
    await database.db
      .select({ seq: auditCheckpoints.seq })
      .from(auditCheckpoints)
      .orderBy(desc(auditCheckpoints.seq))
      .limit(1)
  )[0]?.seq ?? null;

/** What the database owner can do: switch off the append-only triggers, change rows, switch back. */
async function asOwner(change: () => Promise<unknown>) {
  const { db } = database;
  await db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
  try {
    await change();
  } finally {
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
  }
}

beforeAll(async () => {
  root = tempDataDir('checkpoint-schedule');
  database = await freshDatabase();
  key = loadSigningKey(path.join(root, '.atelier'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('checkpoints at intervals', () => {
  it('signs nothing for an empty log, then the first head once enough events follow', async () => {
    expect(await checkpointIfDue(database.db, key, POLICY)).toEqual({ status: 'not_due' });
    await append(4);
    expect(await checkpointIfDue(database.db, key, POLICY)).toEqual({ status: 'not_due' });
    await append(1);
    expect(await checkpointIfDue(database.db, key, POLICY)).toEqual({ status: 'signed', seq: 5 });
    expect(await checkpointIfDue(database.db, key, { everyEvents: 1, everyMs: 0 })).toEqual({
      status: 'not_due',
    });
    expect(await verifyAudit(database.db, key)).toMatchObject({ ok: true, checkpointsChecked: 1 });
  });

  it('after a checkpoint, once N events follow it or it is T old', async () => {
    await append(1);
    expect(await checkpointIfDue(database.db, key, POLICY)).toEqual({ status: 'not_due' });
    const later = Date.now() + POLICY.everyMs + 1000;
    expect(await checkpointIfDue(database.db, key, POLICY, later)).toEqual({
      status: 'signed',
      seq: 6,
    });
    await append(5);
    expect(await checkpointIfDue(database.db, key, POLICY)).toEqual({ status: 'signed', seq: 11 });
  });

  it('refuses to sign over a tail rewritten since the last checkpoint', async () => {
    await append(2); // seq 12, 13
    const [row] = await database.db.select().from(auditEvents).where(eq(auditEvents.seq, 12));
    await asOwner(() =>
      database.db
        .update(auditEvents)
        .set({ payload: { forged: true } })
        .where(eq(auditEvents.seq, 12)),
    );
    expect(await checkpointIfDue(database.db, key, { everyEvents: 1, everyMs: 0 })).toEqual({
      status: 'refused',
      problem: 'seq 12: hash: hash does not match the stored event',
    });
    expect(await latestSeq()).toBe(11);
    await asOwner(() =>
      database.db.update(auditEvents).set({ payload: row.payload }).where(eq(auditEvents.seq, 12)),
    );
  });

  it("refuses when the last checkpoint is not this installation's, or no longer holds", async () => {
    const [head] = await database.db.select().from(auditEvents).where(eq(auditEvents.seq, 13));
    const other = loadSigningKey(path.join(root, 'elsewhere'));
    await signCheckpoint(database.db, other, { seq: 13, hash: head.hash });
    await append(1);
    expect(await checkpointIfDue(database.db, key, { everyEvents: 1, everyMs: 0 })).toEqual({
      status: 'refused',
      problem: "the checkpoint at seq 13 is not signed with this installation's key",
    });
    await database.db.delete(auditCheckpoints).where(eq(auditCheckpoints.seq, 13));

    // The owner cuts the chain below the last checkpoint (11) and appends anew.
    const tail = await database.db.select().from(auditEvents).where(gt(auditEvents.seq, 10));
    await asOwner(() => database.db.delete(auditEvents).where(gt(auditEvents.seq, 10)));
    await append(4);
    expect(await checkpointIfDue(database.db, key, { everyEvents: 1, everyMs: 0 })).toEqual({
      status: 'refused',
      problem: 'the chain no longer holds the head signed at seq 11',
    });
    await asOwner(() => database.db.delete(auditEvents).where(gt(auditEvents.seq, 10)));
    await database.db.insert(auditEvents).values(tail);
    expect(await checkpointIfDue(database.db, key, { everyEvents: 1, everyMs: 0 })).toEqual({
      status: 'signed',
      seq: 14,
    });
    expect((await verifyAudit(database.db, key)).ok).toBe(true);
  });

  it('the timer signs when due; stop waits for a run in progress', async () => {
    await append(2);
    const timer = startCheckpoints(database.db, key, {
      tickMs: 20,
      policy: { everyEvents: 2, everyMs: 3_600_000 },
    });
    try {
      await expect.poll(latestSeq, { timeout: 5_000 }).toBe(16);
      await append(2);
      await expect.poll(latestSeq, { timeout: 5_000 }).toBe(18);
    } finally {
      await timer.stop();
    }
    await append(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(await latestSeq()).toBe(18);
  });
});
