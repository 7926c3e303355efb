// onnxruntime sessions: the execution provider per request, with an explicit CPU retry (a
// providers list such as ['cuda', 'cpu'] does not fall back when CUDA cannot load), and a cache
// that keeps one model's sessions open at a time.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EngineError, firstLine } from '../errors';
import { ort } from './ort';

export type ExecutionProvider = 'cpu' | 'cuda';

export interface RuntimeOptions {
  /** The provider asked for; CPU when absent. */
  ep?: ExecutionProvider;
  /** Threads inside one operator (onnxruntime's default when absent: one per physical core). */
  intraOpThreads?: number;
  interOpThreads?: number;
}

export interface SessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.OnnxValue>>;
  release(): Promise<void>;
}

export type SessionFactory = (
  modelPath: string,
  options: ort.InferenceSession.SessionOptions,
) => Promise<SessionLike>;

export const ortSessionFactory: SessionFactory = (modelPath, options) =>
  ort.InferenceSession.create(modelPath, options);

export interface OpenedSession {
  session: SessionLike;
  ep: ExecutionProvider;
  /** Why the asked provider was not used. */
  fallbackReason?: string;
}

export function sessionOptions(
  ep: ExecutionProvider,
  opts: RuntimeOptions,
): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [ep],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    logSeverityLevel: 3,
    ...(opts.intraOpThreads ? { intraOpNumThreads: opts.intraOpThreads } : {}),
    ...(opts.interOpThreads ? { interOpNumThreads: opts.interOpThreads } : {}),
  };
}

/**
 * Why onnxruntime-node cannot have a CUDA provider here, found without trying (a failed try
 * prints onnxruntime's own error line); undefined when the provider library is installed.
 */
export function cudaUnavailableReason(): string | undefined {
  if (process.platform !== 'linux' && process.platform !== 'win32')
    return `no CUDA build of onnxruntime for ${process.platform}`;
  const lib =
    process.platform === 'win32'
      ? 'onnxruntime_providers_cuda.dll'
      : 'libonnxruntime_providers_cuda.so';
  const bin = path.join(
    path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node')),
    '..',
    'bin',
  );
  const dirs = existsSync(bin)
    ? readdirSync(bin).map((napi) => path.join(bin, napi, process.platform, process.arch))
    : [];
  return dirs.some((d) => existsSync(path.join(d, lib)))
    ? undefined
    : `onnxruntime-node was installed without its CUDA provider (${lib})`;
}

/** Open `file` on the asked provider, or on CPU with the reason recorded. `label` names it in errors. */
export async function openSession(
  file: string,
  label: string,
  opts: RuntimeOptions,
  factory: SessionFactory = ortSessionFactory,
): Promise<OpenedSession> {
  let fallbackReason: string | undefined;
  if (opts.ep === 'cuda' && factory === ortSessionFactory) fallbackReason = cudaUnavailableReason();
  if (opts.ep === 'cuda' && !fallbackReason) {
    try {
      return { session: await factory(file, sessionOptions('cuda', opts)), ep: 'cuda' };
    } catch (err) {
      fallbackReason = firstLine(err);
    }
  }
  try {
    const reason = fallbackReason && `cuda could not be used: ${fallbackReason}`;
    return {
      session: await factory(file, sessionOptions('cpu', opts)),
      ep: 'cpu',
      fallbackReason: reason,
    };
  } catch (err) {
    throw new EngineError(
      'model_corrupt',
      `${label} is not a valid ONNX model (${firstLine(err)})`,
    );
  }
}

/** Open sessions by file, for one model folder at a time (models are large). */
export class SessionCache {
  private group: string | undefined;
  private readonly sessions = new Map<string, Promise<OpenedSession>>();

  constructor(private readonly factory: SessionFactory = ortSessionFactory) {}

  async get(
    group: string,
    file: string,
    label: string,
    opts: RuntimeOptions,
  ): Promise<OpenedSession> {
    if (group !== this.group) {
      await this.clear();
      this.group = group;
    }
    const key = `${file}|${opts.ep ?? 'cpu'}|${opts.intraOpThreads ?? 0}|${opts.interOpThreads ?? 0}`;
    let entry = this.sessions.get(key);
    if (!entry) {
      entry = openSession(file, label, opts, this.factory);
      this.sessions.set(key, entry);
      entry.catch(() => this.sessions.delete(key));
    }
    return entry;
  }

  async clear(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    this.group = undefined;
    for (const s of open) await s.then((o) => o.session.release()).catch(() => undefined);
  }
}
