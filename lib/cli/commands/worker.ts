import { jobSystem, stopJobs } from '../../jobs/system';
import { closeDatabase, getDatabase } from '../../runtime/database';
import { parse } from '../args';
import { CliError, log } from '../output';

/**
 * `atelier worker`: renders queued image jobs for the server that shares its PostgreSQL database
 * and its uploads/ folder (ATELIER_DATA_DIR on shared storage), until SIGTERM or SIGINT. A stop
 * gives the job in hand back to the queue; a second signal exits at once (its lease then expires
 * and another worker runs it again).
 */
export async function workerCommand(args: string[]): Promise<'keep-running'> {
  parse(args, {}, false);
  const database = await getDatabase();
  if (database.kind !== 'postgres')
    throw new CliError(
      'usage',
      'atelier worker needs DATABASE_URL (a PostgreSQL server); with the embedded database the server renders its own jobs',
    );
  const { runner } = await jobSystem({ worker: true });
  log(`atelier worker: ready (worker ${runner!.owner}, pid ${process.pid})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`atelier worker: ${signal}, giving back the job in hand and stopping`);
    await stopJobs();
    await closeDatabase();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return 'keep-running';
}
