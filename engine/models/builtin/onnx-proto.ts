// The subset of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto) that the built-in model
// writes and the loader reads, declared by reflection with the real field numbers.
import protobuf from 'protobufjs';

type FieldSpec = [name: string, id: number, type: string, repeated?: 'repeated'];

const root = new protobuf.Root();

function message(name: string, fields: FieldSpec[]): protobuf.Type {
  const type = new protobuf.Type(name);
  for (const [fieldName, id, fieldType, rule] of fields)
    type.add(new protobuf.Field(fieldName, id, fieldType, rule));
  root.add(type);
  return type;
}

message('StringStringEntryProto', [
  ['key', 1, 'string'],
  ['value', 2, 'string'],
]);
message('OperatorSetIdProto', [
  ['domain', 1, 'string'],
  ['version', 2, 'int64'],
]);
message('TensorProto', [
  ['dims', 1, 'int64', 'repeated'],
  ['data_type', 2, 'int32'],
  ['float_data', 4, 'float', 'repeated'],
  ['int32_data', 5, 'int32', 'repeated'],
  ['int64_data', 7, 'int64', 'repeated'],
  ['name', 8, 'string'],
  ['raw_data', 9, 'bytes'],
  ['doc_string', 12, 'string'],
  ['external_data', 13, 'StringStringEntryProto', 'repeated'],
  ['data_location', 14, 'int32'],
]);
message('Dimension', [
  ['dim_value', 1, 'int64'],
  ['dim_param', 2, 'string'],
]);
message('TensorShapeProto', [['dim', 1, 'Dimension', 'repeated']]);
message('TensorTypeProto', [
  ['elem_type', 1, 'int32'],
  ['shape', 2, 'TensorShapeProto'],
]);
message('TypeProto', [['tensor_type', 1, 'TensorTypeProto']]);
message('ValueInfoProto', [
  ['name', 1, 'string'],
  ['type', 2, 'TypeProto'],
  ['doc_string', 3, 'string'],
]);
message('AttributeProto', [
  ['name', 1, 'string'],
  ['f', 2, 'float'],
  ['i', 3, 'int64'],
  ['s', 4, 'bytes'],
  ['t', 5, 'TensorProto'],
  ['floats', 7, 'float', 'repeated'],
  ['ints', 8, 'int64', 'repeated'],
  ['type', 20, 'int32'],
]);
message('NodeProto', [
  ['input', 1, 'string', 'repeated'],
  ['output', 2, 'string', 'repeated'],
  ['name', 3, 'string'],
  ['op_type', 4, 'string'],
  ['attribute', 5, 'AttributeProto', 'repeated'],
  ['domain', 7, 'string'],
]);
message('GraphProto', [
  ['node', 1, 'NodeProto', 'repeated'],
  ['name', 2, 'string'],
  ['initializer', 5, 'TensorProto', 'repeated'],
  ['doc_string', 10, 'string'],
  ['input', 11, 'ValueInfoProto', 'repeated'],
  ['output', 12, 'ValueInfoProto', 'repeated'],
]);
const ModelType = message('ModelProto', [
  ['ir_version', 1, 'int64'],
  ['producer_name', 2, 'string'],
  ['producer_version', 3, 'string'],
  ['doc_string', 6, 'string'],
  ['graph', 7, 'GraphProto'],
  ['opset_import', 8, 'OperatorSetIdProto', 'repeated'],
  ['metadata_props', 14, 'StringStringEntryProto', 'repeated'],
]);
root.resolveAll();

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, UINT8: 2, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10 } as const;
export type DataTypeId = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values used here. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
} as const;

/** TensorProto.DataLocation.EXTERNAL */
export const EXTERNAL = 1;

export interface TensorMessage {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  external_data?: Array<{ key: string; value: string }>;
  data_location?: number;
}

export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorMessage;
  floats?: number[];
  ints?: number[];
}

export interface NodeMessage {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeMessage[];
}

export interface ValueInfoMessage {
  name: string;
  type: {
    tensor_type: {
      elem_type: number;
      shape: { dim: Array<{ dim_value?: number; dim_param?: string }> };
    };
  };
}

export interface ModelMessage {
  ir_version: number;
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  opset_import: Array<{ domain: string; version: number }>;
  graph: {
    name: string;
    node: NodeMessage[];
    initializer: TensorMessage[];
    input: ValueInfoMessage[];
    output: ValueInfoMessage[];
  };
}

export function encodeModel(model: ModelMessage): Uint8Array {
  return ModelType.encode(ModelType.fromObject(model)).finish();
}

export function decodeModel(bytes: Uint8Array): ModelMessage {
  const decoded = ModelType.decode(bytes);
  return ModelType.toObject(decoded, {
    longs: Number,
    defaults: false,
    arrays: true,
  }) as ModelMessage;
}
