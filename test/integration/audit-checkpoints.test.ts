import fs from 'node:fs';
import path from 'node:path';
import { eq, gte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import { appendAudit, hashAuditRow } from '@/lib/audit/chain';
import { signCheckpoint } from '@/lib/audit/checkpoints';
import { loadSigningKey, type SigningKey } from '@/lib/audit/signing-key';
import { verifyAudit } from '@/lib/audit/verify';
import { tempDataDir } from '../helpers/data-dir';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let root: string;
let key: SigningKey;

const append = (n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      database.db.transaction((tx) =>
        appendAudit(tx, { actor: 'system', action: 'test.event', subject: `s:${i}` }),
      ),
    ),
  );

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

const checkpointAt = async (seq: number) =>
  (await database.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.seq, seq)))[0];

beforeAll(async () => {
  root = tempDataDir('checkpoints');
  database = await freshDatabase();
  key = loadSigningKey(path.join(root, '.atelier'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('signed audit checkpoints', () => {
  it('keeps the key in the data root with mode 0600 and out of the database', async () => {
    const file = path.join(root, '.atelier', 'keys', 'audit-ed25519.pem');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSigningKey(path.join(root, '.atelier')).keyId).toBe(key.keyId);
    await append(3);
    expect(await verifyAudit(database.db, key)).toMatchObject({
      ok: true,
      checkpoint: { seq: 3, created: true },
    });
    const row = await checkpointAt(3);
    const pem = fs.readFileSync(file, 'utf8').replace(/-----[A-Z ]+-----|\s/g, '');
    expect(JSON.stringify(row)).not.toContain(pem.slice(-40));
  });

  it('a valid checkpoint verifies, and is not signed twice for one head', async () => {
    await append(2);
    expect(await verifyAudit(database.db, key)).toMatchObject({
      ok: true,
      checkpointsChecked: 1,
      checkpoint: { seq: 5, created: true },
    });
    expect(await verifyAudit(database.db, key)).toMatchObject({
      ok: true,
      checkpointsChecked: 2,
      checkpoint: { seq: 5, created: false },
    });
  });

  it('a flipped signature byte fails, naming the checkpoint', async () => {
    const row = await checkpointAt(3);
    const bytes = Buffer.from(row.signature, 'base64');
    bytes[10] ^= 0x01;
    await database.db
      .update(auditCheckpoints)
      .set({ signature: bytes.toString('base64') })
      .where(eq(auditCheckpoints.seq, 3));
    const report = await verifyAudit(database.db, key);
    expect(report.ok).toBe(false);
    expect(report.checkpoint).toBeNull();
    expect(report.problems).toEqual([
      {
        seq: 3,
        kind: 'checkpoint_signature',
        detail: `checkpoint of ${row.signedAt}: bad signature`,
      },
    ]);
    await database.db
      .update(auditCheckpoints)
      .set({ signature: row.signature })
      .where(eq(auditCheckpoints.seq, 3));
    expect((await verifyAudit(database.db, key)).ok).toBe(true);
  });

  it("a checkpoint re-signed with another key is not this installation's", async () => {
    const row = await checkpointAt(5);
    const other = loadSigningKey(path.join(root, 'elsewhere'));
    await database.db.delete(auditCheckpoints).where(eq(auditCheckpoints.seq, 5));
    await signCheckpoint(database.db, other, { seq: 5, hash: row.headHash });
    const report = await verifyAudit(database.db, key);
    expect(report.problems).toEqual([
      {
        seq: 5,
        kind: 'checkpoint_signature',
        detail: expect.stringMatching(/not this installation's key$/),
      },
    ]);
    await database.db.delete(auditCheckpoints).where(eq(auditCheckpoints.seq, 5));
    await database.db.insert(auditCheckpoints).values(row);
  });

  it('a chain cut below the last checkpoint fails, naming it; a cut above it is unseen', async () => {
    await append(2); // seq 6, 7: past the last checkpoint (5)
    const tail = await database.db.select().from(auditEvents).where(gte(auditEvents.seq, 5));
    await asOwner(() => database.db.delete(auditEvents).where(gte(auditEvents.seq, 6)));
    expect(await verifyAudit(database.db, key)).toMatchObject({
      problems: [],
      checkpoint: { seq: 5, created: false },
    });
    await asOwner(() => database.db.delete(auditEvents).where(gte(auditEvents.seq, 5)));
    const signedAt = (await checkpointAt(5)).signedAt;
    expect((await verifyAudit(database.db, key)).problems).toEqual([
      {
        seq: 5,
        kind: 'checkpoint_head',
        detail: `checkpoint of ${signedAt}: the chain no longer has the signed event (cut below it)`,
      },
    ]);
    await database.db.insert(auditEvents).values(tail.filter((e) => e.seq < 7));
  });

  it('a chain rewritten and re-hashed consistently below a checkpoint fails at it', async () => {
    const rows = await database.db.select().from(auditEvents).orderBy(auditEvents.seq);
    // The owner forges seq 2 and re-hashes everything after it, so every link holds again.
    await asOwner(async () => {
      let prev = rows[0].hash;
      for (const r of rows.slice(1)) {
        const { prevHash: _p, hash: _h, ...fields } = r;
        const forged = r.seq === 2 ? { ...fields, payload: { forged: true } } : fields;
        const hash = hashAuditRow(forged, prev);
        await database.db
          .update(auditEvents)
          .set({ payload: forged.payload, prevHash: prev, hash })
          .where(eq(auditEvents.seq, r.seq));
        prev = hash;
      }
    });
    const report = await verifyAudit(database.db, key);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([
      [3, 'checkpoint_head'],
      [5, 'checkpoint_head'],
    ]);
    expect(report.problems[0].detail).toMatch(/chain rewritten/);
  });
});
