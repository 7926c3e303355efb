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

/** One onnxruntime session keeps this many cores busy before more threads stop paying. */
const CORES_PER_ENGINE = 8;

/**
 * Inference workers (each a thread with its own sessions, so the model's memory once per worker):
 * one per 8 cores on CPU, one on CUDA (a second would only share the one device).
 */
export const engineWorkers = (ep: 'cpu' | 'cuda') =>
  readEnv().engineWorkers ??
  (ep === 'cuda' ? 1 : Math.max(1, Math.floor(cores() / CORES_PER_ENGINE)));

/** onnxruntime's intra-op threads per worker: the cores shared out when there are several, else its own choice. */
export const engineThreads = (workers: number): number | undefined =>
  readEnv().threads ?? (workers > 1 ? Math.max(1, Math.floor(cores() / workers)) : undefined);
