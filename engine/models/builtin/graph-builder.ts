// A small, deterministic ONNX graph writer: nodes and constants get sequential names, so the
// same build calls always give the same bytes.
import {
  type AttributeMessage,
  AttributeType,
  DataType,
  type DataTypeId,
  EXTERNAL,
  encodeModel,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from './onnx-proto';

export type Attr = { int: number } | { float: number } | { ints: number[] } | { str: string };
export type ElemType = 'float32' | 'float16' | 'int32' | 'int64';
export type Dim = number | string;

const ELEM: Record<ElemType, DataTypeId> = {
  float32: DataType.FLOAT,
  float16: DataType.FLOAT16,
  int32: DataType.INT32,
  int64: DataType.INT64,
};

export const OPSET = 17;
const IR_VERSION = 8;

export interface ExternalDataOptions {
  /** File name beside model.onnx, e.g. "model.onnx_data". */
  location: string;
  /** Initializers of at least this many bytes go to the file. */
  minBytes: number;
}

export interface BuiltGraph {
  onnx: Uint8Array;
  /** The external data file, when external data was asked for. */
  data?: Uint8Array;
}

function toAttribute(name: string, a: Attr): AttributeMessage {
  if ('int' in a) return { name, type: AttributeType.INT, i: a.int };
  if ('float' in a) return { name, type: AttributeType.FLOAT, f: a.float };
  if ('ints' in a) return { name, type: AttributeType.INTS, ints: a.ints };
  return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.str) };
}

function valueInfo(name: string, elem: ElemType, dims: Dim[]): ValueInfoMessage {
  const dim = dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
  return { name, type: { tensor_type: { elem_type: ELEM[elem], shape: { dim } } } };
}

function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

function int64Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i]), true);
  return out;
}

export class GraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private readonly inputs: ValueInfoMessage[] = [];
  private readonly outputs: ValueInfoMessage[] = [];
  private readonly constants = new Map<string, string>();
  private count = 0;

  constructor(private readonly name: string) {}

  input(name: string, elem: ElemType, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elem, dims));
    return name;
  }

  /** Expose `value` as graph output `name`. */
  output(value: string, name: string, elem: ElemType, dims: Dim[]): void {
    this.nodes.push({
      name: `n${this.count++}`,
      op_type: 'Identity',
      input: [value],
      output: [name],
      attribute: [],
    });
    this.outputs.push(valueInfo(name, elem, dims));
  }

  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    return this.opN(opType, inputs, 1, attrs)[0];
  }

  opN(
    opType: string,
    inputs: string[],
    outputs: number,
    attrs: Record<string, Attr> = {},
  ): string[] {
    const id = this.count++;
    const names = Array.from({ length: outputs }, (_, k) => `v${id}_${k}`);
    const attribute = Object.keys(attrs)
      .sort()
      .map((k) => toAttribute(k, attrs[k]));
    this.nodes.push({ name: `n${id}`, op_type: opType, input: inputs, output: names, attribute });
    return names;
  }

  /** A float32 constant (an initializer); identical constants are shared. */
  f32(values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant(DataType.FLOAT, dims, float32Bytes(values));
  }

  i64(values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant(DataType.INT64, dims, int64Bytes(values));
  }

  scalar(x: number): string {
    return this.f32([x], []);
  }

  private constant(dataType: DataTypeId, dims: number[], raw: Uint8Array): string {
    const key = `${dataType}|${dims.join(',')}|${Buffer.from(raw).toString('base64')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = `c${this.initializers.length}`;
    this.initializers.push({ name, dims, data_type: dataType, raw_data: raw });
    this.constants.set(key, name);
    return name;
  }

  build(docString: string, external?: ExternalDataOptions): BuiltGraph {
    const { initializer, data } = external
      ? this.externalise(external)
      : { initializer: this.initializers, data: undefined };
    const onnx = encodeModel({
      ir_version: IR_VERSION,
      producer_name: 'atelier-builtin',
      producer_version: '1',
      doc_string: docString,
      opset_import: [{ domain: '', version: OPSET }],
      graph: {
        name: this.name,
        node: this.nodes,
        initializer,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return { onnx, data };
  }

  /** Move large initializers to one file, each at a 4096-byte aligned offset (mmap-friendly). */
  private externalise(opts: ExternalDataOptions): {
    initializer: TensorMessage[];
    data: Uint8Array;
  } {
    const chunks: Uint8Array[] = [];
    let offset = 0;
    const initializer = this.initializers.map((t) => {
      const raw = t.raw_data!;
      if (raw.length < opts.minBytes) return t;
      const padded = Math.ceil(offset / 4096) * 4096;
      if (padded > offset) chunks.push(new Uint8Array(padded - offset));
      chunks.push(raw);
      const entry: TensorMessage = {
        name: t.name,
        dims: t.dims,
        data_type: t.data_type,
        data_location: EXTERNAL,
        external_data: [
          { key: 'location', value: opts.location },
          { key: 'offset', value: String(padded) },
          { key: 'length', value: String(raw.length) },
        ],
      };
      offset = padded + raw.length;
      return entry;
    });
    return { initializer, data: Buffer.concat(chunks) };
  }
}

/** Attribute shorthands. */
export const int = (v: number): Attr => ({ int: v });
export const float = (v: number): Attr => ({ float: v });
export const ints = (v: number[]): Attr => ({ ints: v });
export const str = (v: string): Attr => ({ str: v });
