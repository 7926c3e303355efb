// An inference worker entry whose device fails once: the first render of each prompt that holds
// "[flaky]" fails as onnxruntime failing mid-run would (a fault of the server, not the request);
// the next render of that prompt, and every other, runs as usual.
import { parentPort } from 'node:worker_threads';
import { EngineError } from '../../engine/errors';
import { type GenerateJob, Generator } from '../../engine/pipelines/generate';
import { serveGenerations } from '../../engine/runtime/worker-serve';

export const FLAKY_ERROR = 'onnxruntime: the device was reset during the run';

class FailsOnce extends Generator {
  private readonly failed = new Set<string>();

  override async generate(job: GenerateJob, hooks: Parameters<Generator['generate']>[1] = {}) {
    const { prompt } = job.request;
    if (prompt.includes('[flaky]') && !this.failed.has(prompt)) {
      this.failed.add(prompt);
      throw new EngineError('runtime_failure', FLAKY_ERROR);
    }
    return super.generate(job, hooks);
  }
}

if (parentPort) serveGenerations(parentPort, new FailsOnce());
