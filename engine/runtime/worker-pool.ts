// Several inference workers behind one interface: each call goes to the worker with the fewest
// calls in hand. Each worker opens its own sessions (the model's memory once per worker), so a
// pool pays off on many cores, where one onnxruntime session stops scaling with threads.
import { EngineWorker, type EngineWorkerOptions, type Renderer } from './worker-client';

export class EnginePool implements Renderer {
  private readonly workers: Array<{ worker: EngineWorker; inHand: number }>;

  constructor(size: number, options: EngineWorkerOptions = {}) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error('an engine pool needs 1 or more workers');
    this.workers = Array.from({ length: size }, () => ({
      worker: new EngineWorker(options),
      inHand: 0,
    }));
  }

  get size(): number {
    return this.workers.length;
  }

  generate(...args: Parameters<Renderer['generate']>): ReturnType<Renderer['generate']> {
    return this.generateBatch([{ job: args[0], hooks: args[1] }])[0];
  }

  generateBatch(
    members: Parameters<Renderer['generateBatch']>[0],
  ): ReturnType<Renderer['generateBatch']> {
    const least = this.workers.reduce((a, b) => (b.inHand < a.inHand ? b : a));
    least.inHand++;
    const runs = least.worker.generateBatch(members);
    void Promise.allSettled(runs).then(() => least.inHand--);
    return runs;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.close()));
  }
}
