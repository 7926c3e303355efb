// The inference worker thread: it owns the onnxruntime sessions and runs whole generations,
// posting step progress back, so that session.run never blocks a server's event loop.
import { parentPort } from 'node:worker_threads';
import { Generator } from '../pipelines/generate';
import { serveGenerations } from './worker-serve';

if (!parentPort) throw new Error('engine/runtime/worker.ts must run in a worker thread');
serveGenerations(parentPort, new Generator());
