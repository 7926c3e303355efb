// One ONNX component of a model. The host side is always float32 (and plain numbers for ids and
// timesteps); tensors are converted to the types the session declares: float16 halves, int64 or
// int32 ids, int64 timesteps truncated toward zero as diffusers' numpy cast does.
import { EngineError, firstLine } from '../errors';
import { float16ToFloat32, float32ToFloat16 } from './float16';
import { ort } from './ort';
import type { OpenedSession } from './sessions';

export interface HostTensor {
  data: Float32Array | readonly number[];
  dims: readonly number[];
}

export interface HostOutput {
  data: Float32Array;
  dims: number[];
}

function toTensor(type: string, t: HostTensor): ort.Tensor {
  const dims = [...t.dims];
  switch (type) {
    case 'float32':
      return new ort.Tensor(
        'float32',
        t.data instanceof Float32Array ? t.data : Float32Array.from(t.data),
        dims,
      );
    case 'float16':
      return new ort.Tensor('float16', float32ToFloat16(t.data), dims);
    case 'int64':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(t.data, (v) => BigInt(Math.trunc(v))),
        dims,
      );
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(t.data, Math.trunc), dims);
    case 'float64':
      return new ort.Tensor('float64', Float64Array.from(t.data), dims);
    default:
      throw new EngineError('model_corrupt', `unsupported input type ${type}`);
  }
}

function toHost(value: ort.OnnxValue, label: string): HostOutput {
  const t = value as ort.Tensor;
  const dims = [...t.dims];
  if (t.type === 'float32') return { data: t.data as Float32Array, dims };
  if (t.type === 'float16') return { data: float16ToFloat32(t.data as Uint16Array), dims };
  throw new EngineError('model_corrupt', `${label}: unsupported output type ${t.type}`);
}

export class OnnxComponent {
  /** Milliseconds spent inside session.run, summed over calls. */
  runMs = 0;
  /** Milliseconds of the latest call. */
  lastMs = 0;
  calls = 0;
  private readonly types = new Map<string, string>();

  constructor(
    readonly label: string,
    readonly opened: OpenedSession,
  ) {
    for (const m of opened.session.inputMetadata) if (m.isTensor) this.types.set(m.name, m.type);
  }

  inputType(name: string): string {
    return this.types.get(name) ?? 'float32';
  }

  hasInput(name: string): boolean {
    return this.opened.session.inputNames.includes(name);
  }

  async run(feeds: Record<string, HostTensor>): Promise<Record<string, HostOutput>> {
    const tensors: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      if (!this.hasInput(name))
        throw new EngineError('model_corrupt', `${this.label} has no input "${name}"`);
      tensors[name] = toTensor(this.inputType(name), t);
    }
    const started = performance.now();
    let out: Record<string, ort.OnnxValue>;
    try {
      out = await this.opened.session.run(tensors);
    } catch (err) {
      throw new EngineError('runtime_failure', `${this.label} failed: ${firstLine(err)}`);
    }
    this.lastMs = performance.now() - started;
    this.runMs += this.lastMs;
    this.calls += 1;
    const host: Record<string, HostOutput> = {};
    for (const [name, value] of Object.entries(out)) host[name] = toHost(value, this.label);
    return host;
  }

  /** The first output, for components with one. */
  async runFirst(feeds: Record<string, HostTensor>): Promise<HostOutput> {
    const out = await this.run(feeds);
    return out[this.opened.session.outputNames[0]];
  }
}
