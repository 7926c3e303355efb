// How many worker threads each pool runs, from the cores this process may use
// (`os.availableParallelism()`, which honours CPU affinity) unless the environment says.
import os from 'node:os';
import { readEnv } from './env';

const cores = () => os.availableParallelism();

/** Parse workers for uploads and imports: one per core, at most 8 (a PDF or large CSV is read by all of them at once). */
export const parseWorkers = () => readEnv().parseWorkers ?? Math.min(8, Math.max(1, cores()));

/**
 * Workers drawing PDF pages and thumbnails for the viewer. A pool of their own, so a viewer asking
 * for many previews never takes a worker an upload is waiting for: half the parse workers, at least 1.
 */
export const renderWorkers = () =>
  readEnv().renderWorkers ?? Math.max(1, Math.floor(parseWorkers() / 2));
