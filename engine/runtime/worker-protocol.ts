// Messages between a server thread and the inference worker.
import type { EngineErrorCode } from '../errors';
import type { GenerateJob, GenerateResult } from '../pipelines/generate';
import type { StepProgress } from '../pipelines/types';

/** One request of a message: its id for the replies, and its own cancel flag. */
export type WorkerRequest = { id: number; job: GenerateJob; cancel: SharedArrayBuffer };

/** Requests rendered together (engine/pipelines/batch.ts); one request is a batch of one. */
export type ToWorker = {
  type: 'generate';
  requests: WorkerRequest[];
  previewEvery: number;
};

export type FromWorker =
  | { type: 'progress'; id: number; progress: StepProgress }
  | { type: 'done'; id: number; result: GenerateResult }
  | { type: 'error'; id: number; error: { code: EngineErrorCode; message: string } };
