import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditEvents, workspaces } from '@/db/schema';
import { appendAudit, GENESIS_HASH, hashAuditRow, verifyAuditChain } from '@/lib/audit/chain';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe('audit hash chain', () => {
  it('runs on the database this suite run targets', () => {
    expect(database.kind).toBe(inject('dbTarget').kind);
  });

  it('chains rows: seq, prev_hash and hash over the canonical row', async () => {
    const { db } = database;
    await db.transaction((tx) =>
      appendAudit(tx, {
        actor: 'system',
        action: 'test.one',
        subject: 's:1',
        payload: { b: 2, a: 1 },
      }),
    );
    await db.transaction((tx) =>
      appendAudit(tx, { actor: 'system', action: 'test.two', subject: 's:2' }),
    );
    const rows = await db.select().from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    expect(rows[0].prevHash).toBe(GENESIS_HASH);
    expect(rows[1].prevHash).toBe(rows[0].hash);
    const { prevHash, hash, ...fields } = rows[1];
    expect(hashAuditRow(fields, prevHash)).toBe(hash);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2, problems: [] });
  });

  it('serialises concurrent writers into one unbroken chain', async () => {
    const { db } = database;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction((tx) =>
          appendAudit(tx, { actor: 'system', action: 'test.concurrent', subject: `s:${i}` }),
        ),
      ),
    );
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(true);
    expect(report.count).toBe(14);
  });

  it('hashes a workspace id as the column gives it back, whatever its case on the way in', async () => {
    const { db } = database;
    const [{ id }] = await db.insert(workspaces).values({ name: 'case' }).returning();
    await db.transaction((tx) =>
      appendAudit(tx, {
        actor: 'system',
        action: 'test.case',
        subject: 's:case',
        workspaceId: id.toUpperCase(),
      }),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 15 });
  });

  it('rolls back with the change it records', async () => {
    const { db } = database;
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, { actor: 'system', action: 'test.rollback', subject: 's:x' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect((await verifyAuditChain(db)).count).toBe(15);
  });

  it.each([
    ['UPDATE', sql`update audit_events set action = 'forged' where seq = 1`],
    ['DELETE', sql`delete from audit_events where seq = 1`],
    ['TRUNCATE', sql`truncate audit_events`],
  ])('rejects %s', async (_op, statement) => {
    const err = await database.db.execute(statement).then(
      () => null,
      (e: Error & { cause?: Error }) => e,
    );
    expect(err?.cause?.message ?? err?.message).toMatch(/append-only/);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('detects a forged row', async () => {
    const rows = await database.db.select().from(auditEvents).orderBy(auditEvents.seq);
    const { prevHash, hash, ...fields } = rows[3];
    expect(hashAuditRow({ ...fields, action: 'forged' }, prevHash)).not.toBe(hash);
  });
});
