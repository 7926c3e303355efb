// With a PostgreSQL server, pg-boss carries each queued job's id to whichever worker process polls
// first. The message is sent in the transaction that queues the job, so neither exists without the
// other; the jobs row stays the record, and a message for a job that is no longer queued is
// dropped by the claim.
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Tx } from '../../db/client';
import type { JobConfig } from './config';
import type { Dispatch } from './dispatch';

const QUEUE = 'atelier-jobs';
const Message = z.object({ jobId: z.uuid() });

type Queryable = { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * pg-boss's SQL run on the connection of one of our drizzle transactions. Its statements use a
 * parameter more than once with different inferred types, so they must go to the driver as they
 * are; drizzle has no public handle on a transaction's connection, hence its session's client.
 */
function inTransaction(tx: Tx): PgBoss.Db {
  const client = (tx as unknown as { session?: { client?: Queryable } }).session?.client;
  if (typeof client?.query !== 'function')
    throw new Error('pg-boss messages need a node-postgres transaction');
  return { executeSql: (text, values) => client.query(text, values) };
}

export class PgBossDispatch implements Dispatch {
  private readonly workers = new Set<string>();

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: PgBoss.SendOptions,
  ) {}

  /**
   * Installs or migrates pg-boss's schema on the server (once), then its queue. pg-boss's own
   * install is not safe against a second process installing at the same moment (two workers
   * started together; a CREATE SCHEMA raced), so starters take turns on a session lock.
   */
  static async start(pool: pg.Pool, config: JobConfig): Promise<PgBossDispatch> {
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schedule: false,
    });
    boss.on('error', (err) => console.error('[atelier] job queue:', err.message));
    // A message outlives its worker by the time limit and two leases: by then the jobs row has
    // been re-queued by the lease check, and pg-boss's own retry is only a backstop.
    const options = {
      retryLimit: config.maxAttempts,
      retryDelay: Math.max(1, Math.round(config.retryDelayMs / 1000)),
      retryBackoff: true,
      expireInSeconds: Math.ceil((config.timeLimitMs + 2 * config.leaseMs) / 1000) + 60,
    };
    const lock = await pool.connect();
    try {
      await lock.query(`select pg_advisory_lock(hashtext('atelier.pg-boss'))`);
      await boss.start();
      await boss.createQueue(QUEUE, { name: QUEUE, ...options });
    } finally {
      await lock
        .query(`select pg_advisory_unlock(hashtext('atelier.pg-boss'))`)
        .catch(() => undefined);
      lock.release();
    }
    return new PgBossDispatch(boss, options);
  }

  async send(tx: Tx, jobId: string, delayMs: number): Promise<void> {
    await this.boss.send(QUEUE, { jobId } satisfies z.infer<typeof Message>, {
      ...this.options,
      ...(delayMs > 0 ? { startAfter: Math.ceil(delayMs / 1000) } : {}),
      db: inTransaction(tx),
    });
  }

  nudge(): void {
    for (const id of this.workers) this.boss.notifyWorker(id);
  }

  /** Hands each delivered job id to `take`, one at a time in this process. */
  async work(take: (jobId: string) => Promise<unknown>): Promise<void> {
    const id = await this.boss.work<unknown>(
      QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([message]) => {
        const parsed = Message.safeParse(message.data);
        if (parsed.success) await take(parsed.data.jobId);
      },
    );
    this.workers.add(id);
  }

  /** Stops polling; the job in hand is the runner's to finish or give back. */
  async stop(): Promise<void> {
    this.workers.clear();
    await this.boss.stop({ graceful: false, close: false, wait: true, timeout: 1000 });
  }
}
