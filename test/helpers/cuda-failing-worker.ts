// An inference worker entry whose CUDA provider cannot load, as on a machine without cuDNN: every
// session asked for on 'cuda' fails with onnxruntime's own kind of message, CPU sessions open.
import { parentPort } from 'node:worker_threads';
import { Generator } from '../../engine/pipelines/generate';
import { ortSessionFactory, type SessionFactory } from '../../engine/runtime/sessions';
import { serveGenerations } from '../../engine/runtime/worker-serve';

export const CUDA_LOAD_ERROR =
  'Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.9: cannot open shared object file: No such file or directory';

const cudaFails: SessionFactory = (file, options) =>
  (options.executionProviders ?? []).includes('cuda')
    ? Promise.reject(new Error(`${CUDA_LOAD_ERROR}\n    at onnxruntime::ProviderLibrary::Get()`))
    : ortSessionFactory(file, options);

if (parentPort) serveGenerations(parentPort, new Generator(cudaFails));
