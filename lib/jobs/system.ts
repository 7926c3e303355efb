// The process's jobs: how it dispatches them (in-process on PGlite, pg-boss on a PostgreSQL server)
// and, unless told not to, the worker that renders them here.
import type { Database } from '../../db/client';
import { logInternal } from '../errors';
import { getDatabase } from '../runtime/database';
import { type JobConfig, readJobConfig } from './config';
import type { Dispatch } from './dispatch';
import { renderSlots } from './engine';
import { LocalDispatch } from './local-dispatch';
import { recoverExpiredJobs } from './outcome';
import { PgBossDispatch } from './pg-boss-dispatch';
import { JobRunner } from './runner';

export type JobSystem = {
  database: Database;
  config: JobConfig;
  dispatch: Dispatch;
  /** This process's worker; null when only other processes render (`ATELIER_IN_PROCESS_WORKER=0`). */
  runner: JobRunner | null;
  stop(): Promise<void>;
};

const KEY = Symbol.for('atelier.jobs');
type Holder = { [KEY]?: Promise<JobSystem> };

/** No idle wait is longer, so a retry due after a restart is not missed for long. */
const IDLE_MS = 60_000;

function startLocal(database: Database, config: JobConfig): JobSystem {
  const dispatch = new LocalDispatch();
  const runner = new JobRunner(database.db, dispatch, config);
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      try {
        if (await runner.take()) continue;
        await dispatch.idle((await runner.nextDueMs()) ?? IDLE_MS);
      } catch (err) {
        logInternal(err, 'job worker');
        await dispatch.idle(1000);
      }
    }
  };
  const loops = Promise.all(Array.from({ length: renderSlots() }, loop));
  return {
    database,
    config,
    dispatch,
    runner,
    async stop() {
      stopped = true;
      await runner.stop();
      dispatch.nudge();
      await loops;
    },
  };
}

async function startServer(
  database: Database,
  config: JobConfig,
  worker: boolean,
): Promise<JobSystem> {
  const dispatch = await PgBossDispatch.start(database.pool!, config);
  const runner = worker ? new JobRunner(database.db, dispatch, config) : null;
  let reaper: NodeJS.Timeout | undefined;
  let stranded: NodeJS.Timeout | undefined;
  if (runner) {
    // Jobs of workers that died (on any machine) are queued again by whichever worker looks first.
    const reap = () =>
      recoverExpiredJobs(database.db, dispatch, config, { all: false }).catch((err) =>
        logInternal(err, 'recovering jobs of stopped workers'),
      );
    await reap();
    reaper = setInterval(reap, Math.max(500, config.leaseMs / 2));
    reaper.unref();
    for (let i = 0; i < renderSlots(); i++) await dispatch.work((jobId) => runner.take({ jobId }));
    // A due job that no message brought here (pg-boss gave up on it, or it was lost) is taken
    // from the table once it has waited past `strandedMs`, by a worker with a free slot.
    stranded = setInterval(() => {
      if (runner.inHand >= renderSlots()) return;
      runner
        .take({ waitedMs: config.strandedMs })
        .catch((err) => logInternal(err, 'taking a stranded job'));
    }, config.strandedMs / 2);
    stranded.unref();
  }
  return {
    database,
    config,
    dispatch,
    runner,
    async stop() {
      clearInterval(reaper);
      clearInterval(stranded);
      await runner?.stop();
      await dispatch.stop();
    },
  };
}

/**
 * The jobs of the process's database, started on first use. `worker` forces this process to
 * render (`atelier worker`); otherwise ATELIER_IN_PROCESS_WORKER decides, and with embedded
 * PGlite this process is the only one that can.
 */
export function jobSystem(opts: { worker?: boolean } = {}): Promise<JobSystem> {
  const g = globalThis as Holder;
  g[KEY] ??= (async () => {
    const database = await getDatabase();
    const config = readJobConfig();
    if (database.kind === 'pglite') return startLocal(database, config);
    return startServer(database, config, opts.worker ?? config.inProcessWorker);
  })();
  g[KEY].catch(() => {
    delete g[KEY];
  });
  return g[KEY];
}

/** Stops taking jobs (the one in hand goes back to the queue) and stops the dispatch. */
export async function stopJobs(): Promise<void> {
  const g = globalThis as Holder;
  const system = g[KEY];
  delete g[KEY];
  if (system) await (await system.catch(() => null))?.stop();
}
