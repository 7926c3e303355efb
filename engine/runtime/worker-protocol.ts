// Messages between a server thread and the inference worker.
import type { EngineErrorCode } from '../errors';
import type { GenerateJob, GenerateResult } from '../pipelines/generate';
import type { StepProgress } from '../pipelines/types';

export type ToWorker = {
  type: 'generate';
  id: number;
  job: GenerateJob;
  cancel: SharedArrayBuffer;
  previewEvery: number;
};

export type FromWorker =
  | { type: 'progress'; id: number; progress: StepProgress }
  | { type: 'done'; id: number; result: GenerateResult }
  | { type: 'error'; id: number; error: { code: EngineErrorCode; message: string } };
