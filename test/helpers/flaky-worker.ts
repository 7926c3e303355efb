// An inference worker entry whose device fails once: the first render of each prompt that holds
// "[flaky]" fails as onnxruntime failing mid-run would (a fault of the server, not the request);
// the next render of that prompt, and every other, runs as usual.
import { parentPort } from 'node:worker_threads';
import { EngineError } from '../../engine/errors';
import { Generator } from '../../engine/pipelines/generate';
import { serveGenerations } from '../../engine/runtime/worker-serve';

export const FLAKY_ERROR = 'onnxruntime: the device was reset during the run';

type Members = Parameters<Generator['generateBatch']>[0];

class FailsOnce extends Generator {
  private readonly failed = new Set<string>();

  override async generateBatch(members: Members) {
    const fails = members.map(({ job }) => {
      const { prompt } = job.request;
      if (!prompt.includes('[flaky]') || this.failed.has(prompt)) return false;
      this.failed.add(prompt);
      return true;
    });
    const rest = await super.generateBatch(members.filter((_, i) => !fails[i]));
    return fails.map((fail) =>
      fail ? new EngineError('runtime_failure', FLAKY_ERROR) : rest.shift()!,
    );
  }
}

if (parentPort) serveGenerations(parentPort, new FailsOnce());
