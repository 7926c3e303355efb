// A TF.js "layers-model" model.json (Keras 2 functional topology plus weightsManifest), validated
// down to the layer classes and configurations the ONNX converter can translate exactly. Anything
// else is refused by name rather than converted approximately.
import { z } from 'zod';
import { EngineError } from '../errors';

const int = z.number().int();
const pair = z.array(int.positive()).length(2);
const exactly = (value: number[], what: string) =>
  z
    .array(z.number())
    .refine((v) => v.length === value.length && v.every((x, i) => x === value[i]), {
      message: `only ${what} [${value.join(', ')}] is supported`,
    });

const layerConfigs = {
  InputLayer: z.object({
    batch_input_shape: z.tuple([
      z.null(),
      int.positive().nullable(),
      int.positive().nullable(),
      int.positive(),
    ]),
    dtype: z.literal('float32').optional(),
  }),
  Conv2D: z.object({
    filters: int.positive(),
    kernel_size: pair,
    strides: exactly([1, 1], 'strides'),
    padding: z.enum(['same', 'valid']),
    data_format: z.literal('channels_last').optional(),
    dilation_rate: exactly([1, 1], 'dilation_rate').optional(),
    groups: z.literal(1).optional(),
    activation: z.enum(['linear', 'relu']),
    use_bias: z.boolean(),
  }),
  Activation: z.object({ activation: z.enum(['linear', 'relu']) }),
  Concatenate: z.object({
    axis: z.number().refine((a) => a === 3 || a === -1, 'only the channel axis (3) is supported'),
  }),
  Add: z.object({}),
  UpSampling2D: z.object({
    size: pair,
    data_format: z.literal('channels_last').optional(),
    interpolation: z.literal('nearest').optional(),
  }),
} as const;

export type LayerClass = keyof typeof layerConfigs;
export const LAYER_CLASSES = Object.keys(layerConfigs) as LayerClass[];

export type Layer = {
  [K in LayerClass]: {
    className: K;
    name: string;
    inputs: string[];
    config: z.infer<(typeof layerConfigs)[K]>;
  };
}[LayerClass];

const tensorRef = z.tuple([z.string(), z.literal(0), z.literal(0)]);
// Keras 2 serialises each call as [layer, node index, tensor index, kwargs].
const inboundRef = z
  .tuple([z.string(), z.number(), z.number()])
  .rest(z.unknown())
  .refine(
    (r) =>
      r[1] === 0 &&
      r[2] === 0 &&
      r.length <= 4 &&
      (r.length < 4 || (typeof r[3] === 'object' && r[3] !== null && !Object.keys(r[3]).length)),
    'only layers called once, on one tensor, without call arguments are supported',
  );

const rawLayer = z.object({
  class_name: z.string(),
  name: z.string().min(1),
  config: z.record(z.string(), z.unknown()),
  inbound_nodes: z.array(z.array(z.unknown())).max(1, 'shared layers are not supported'),
});

const modelConfig = z.object({
  class_name: z.enum(['Functional', 'Model']),
  config: z.object({
    layers: z.array(rawLayer).min(2),
    input_layers: z.array(tensorRef).length(1),
    output_layers: z.array(tensorRef).length(1),
  }),
});

const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a plain file name');

const weightEntry = z
  .object({
    name: z.string().min(1),
    shape: z.array(int.nonnegative()),
    dtype: z.literal('float32'),
    quantization: z.undefined({ error: 'quantized weights are not supported' }).optional(),
  })
  .strict();

export const weightsManifest = z
  .array(z.object({ paths: z.array(fileName).min(1), weights: z.array(weightEntry) }).strict())
  .min(1);
export type WeightsManifest = z.infer<typeof weightsManifest>;

const modelJson = z.object({
  format: z.literal('layers-model').optional(),
  // Either Keras' {keras_version, backend, model_config} or the model config itself.
  modelTopology: z.preprocess(
    (t) => (t && typeof t === 'object' && 'model_config' in t ? t.model_config : t),
    modelConfig,
  ),
  weightsManifest,
});

export interface LayersModel {
  layers: Layer[];
  input: string;
  output: string;
  weightsManifest: WeightsManifest;
}

function issueLine(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('');
  return `${where.replace(/^\./, '') || '(top level)'}: ${issue.message}`;
}

function refuse(label: string, detail: string): EngineError {
  return new EngineError('model_corrupt', `${label}: ${detail}`);
}

function parseLayer(label: string, raw: z.infer<typeof rawLayer>): Layer {
  const className = raw.class_name as LayerClass;
  if (!LAYER_CLASSES.includes(className))
    throw refuse(
      label,
      `layer "${raw.name}" is a ${raw.class_name}, which the converter does not support (supported: ${LAYER_CLASSES.join(', ')})`,
    );
  const parsed = layerConfigs[className].safeParse(raw.config);
  if (!parsed.success)
    throw refuse(label, `layer "${raw.name}" (${className}): config.${issueLine(parsed.error)}`);
  const refs = z.array(inboundRef).safeParse(raw.inbound_nodes[0] ?? []);
  if (!refs.success)
    throw refuse(label, `layer "${raw.name}": inbound_nodes${issueLine(refs.error)}`);
  const inputs = refs.data.map((ref) => ref[0]);
  return { className, name: raw.name, inputs, config: parsed.data } as Layer;
}

/** Validate a model.json; `label` names the file in errors. */
export function parseLayersModel(label: string, json: unknown): LayersModel {
  const parsed = modelJson.safeParse(json);
  if (!parsed.success)
    throw refuse(label, `not a supported TF.js layers model (${issueLine(parsed.error)})`);
  const config = parsed.data.modelTopology.config;
  const layers = config.layers.map((raw) => parseLayer(label, raw));
  return {
    layers,
    input: config.input_layers[0][0],
    output: config.output_layers[0][0],
    weightsManifest: parsed.data.weightsManifest,
  };
}
