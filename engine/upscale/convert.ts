// TF.js layers model → ONNX, layer by layer, through the deterministic GraphBuilder: the same
// model.json and weights always give the same bytes. The graph takes [N, 3, H, W] RGB in 0..1 and
// returns [N, 3, sH, sW] in 0..1 (the I/O of a Real-ESRGAN ONNX export); the Keras model's own
// 0..255 range is applied inside.
import { EngineError } from '../errors';
import { GraphBuilder, int, ints, str } from '../models/builtin/graph-builder';
import type { Layer, LayersModel } from './tfjs-layers';
import type { Weight } from './tfjs-weights';

export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'output';
const RANGE = 255;

export interface ConvertedModel {
  onnx: Uint8Array;
  scale: number;
  /**
   * How far, in input pixels, an output pixel may look from the input pixel it comes from (with
   * zero padding at the image edges): tiles with at least this much context reproduce a whole-image
   * run.
   */
  receptiveRadius: number;
}

interface Value {
  name: string;
  channels: number;
  /** Upsampling so far, [height, width]. */
  factor: [number, number];
  radius: number;
}

class Converter {
  readonly g: GraphBuilder;
  private readonly values = new Map<string, Value>();
  private readonly used = new Set<string>();

  constructor(
    private readonly label: string,
    private readonly weights: Map<string, Weight>,
    graphName: string,
  ) {
    this.g = new GraphBuilder(graphName);
  }

  fail(detail: string): EngineError {
    return new EngineError('model_corrupt', `${this.label}: ${detail}`);
  }

  weight(name: string, shape: number[]): Float32Array {
    const w = this.weights.get(name);
    if (!w) throw this.fail(`weight "${name}" is missing`);
    if (w.shape.join() !== shape.join())
      throw this.fail(`weight "${name}" has shape [${w.shape}], expected [${shape}]`);
    this.used.add(name);
    return w.values;
  }

  unusedWeight(): string | undefined {
    return [...this.weights.keys()].find((name) => !this.used.has(name));
  }

  value(name: string): Value | undefined {
    return this.values.get(name);
  }

  add(layer: Layer, inputs: Value[], given?: Value): void {
    if (this.values.has(layer.name)) throw this.fail(`layer name "${layer.name}" is used twice`);
    this.values.set(layer.name, given ?? this.layer(layer, inputs));
  }

  private layer(layer: Layer, inputs: Value[]): Value {
    const arity = (min: number, max = min) => {
      if (inputs.length < min || inputs.length > max)
        throw this.fail(`layer "${layer.name}" (${layer.className}) has ${inputs.length} inputs`);
    };
    switch (layer.className) {
      case 'InputLayer':
        throw this.fail(`layer "${layer.name}" is a second input`);
      case 'Conv2D':
        arity(1);
        return this.conv(layer, inputs[0]);
      case 'Activation':
        arity(1);
        return layer.config.activation === 'relu'
          ? { ...inputs[0], name: this.g.op('Relu', [inputs[0].name]) }
          : inputs[0];
      case 'Concatenate': {
        arity(2, Infinity);
        this.sameFactor(layer, inputs);
        const channels = inputs.reduce((n, v) => n + v.channels, 0);
        const name = this.g.op(
          'Concat',
          inputs.map((v) => v.name),
          { axis: int(1) },
        );
        return { name, channels, factor: inputs[0].factor, radius: maxRadius(inputs) };
      }
      case 'Add': {
        arity(2, Infinity);
        this.sameFactor(layer, inputs);
        if (inputs.some((v) => v.channels !== inputs[0].channels))
          throw this.fail(`layer "${layer.name}" (Add) adds tensors of different depths`);
        // Left to right, as Keras sums.
        const name = inputs.map((v) => v.name).reduce((acc, v) => this.g.op('Add', [acc, v]));
        return { ...inputs[0], name, radius: maxRadius(inputs) };
      }
      case 'UpSampling2D': {
        arity(1);
        const [sh, sw] = layer.config.size;
        const x = inputs[0];
        // out[i] = in[floor(i / s)], exactly Keras' nearest upsampling.
        const name = this.g.op('Resize', [x.name, '', this.g.f32([1, 1, sh, sw])], {
          coordinate_transformation_mode: str('asymmetric'),
          mode: str('nearest'),
          nearest_mode: str('floor'),
        });
        return { ...x, name, factor: [x.factor[0] * sh, x.factor[1] * sw] };
      }
    }
  }

  private sameFactor(layer: Layer, inputs: Value[]): void {
    if (inputs.some((v) => v.factor.join() !== inputs[0].factor.join()))
      throw this.fail(`layer "${layer.name}" joins tensors of different sizes`);
  }

  private conv(layer: Extract<Layer, { className: 'Conv2D' }>, x: Value): Value {
    const { filters, kernel_size, padding, activation, use_bias } = layer.config;
    const [kh, kw] = kernel_size;
    if (padding === 'valid' && (kh > 1 || kw > 1))
      throw this.fail(`layer "${layer.name}" (Conv2D): padding "valid" would shrink the image`);
    const cin = x.channels;
    const kernel = this.weight(`${layer.name}/kernel`, [kh, kw, cin, filters]);
    // TF [kh, kw, in, out] → ONNX [out, in, kh, kw].
    const w = new Float32Array(kernel.length);
    for (let o = 0; o < filters; o++)
      for (let i = 0; i < cin; i++)
        for (let y = 0; y < kh; y++)
          for (let xx = 0; xx < kw; xx++)
            w[((o * cin + i) * kh + y) * kw + xx] = kernel[((y * kw + xx) * cin + i) * filters + o];
    const inputs = [x.name, this.g.f32(w, [filters, cin, kh, kw])];
    if (use_bias) inputs.push(this.g.f32(this.weight(`${layer.name}/bias`, [filters])));
    // 'same' with stride 1: TensorFlow pads (k - 1) / 2 rounded down before, the rest after.
    const top = (kh - 1) >> 1;
    const left = (kw - 1) >> 1;
    const pads = [top, left, kh - 1 - top, kw - 1 - left];
    let name = this.g.op('Conv', inputs, {
      dilations: ints([1, 1]),
      group: int(1),
      kernel_shape: ints([kh, kw]),
      pads: ints(pads),
      strides: ints([1, 1]),
    });
    if (activation === 'relu') name = this.g.op('Relu', [name]);
    const reach = Math.max(
      Math.ceil((kh - 1 - top) / x.factor[0]),
      Math.ceil((kw - 1 - left) / x.factor[1]),
    );
    return { name, channels: filters, factor: x.factor, radius: x.radius + reach };
  }
}

const maxRadius = (values: Value[]) => Math.max(...values.map((v) => v.radius));

/** Convert a validated layers model; `label` names it in errors, `description` goes in the file. */
export function convertLayersModel(
  label: string,
  model: LayersModel,
  weights: Map<string, Weight>,
  graphName: string,
  description: string,
): ConvertedModel {
  const c = new Converter(label, weights, graphName);
  const g = c.g;
  const inputLayer = model.layers.find((l) => l.name === model.input);
  if (inputLayer?.className !== 'InputLayer')
    throw c.fail(`input "${model.input}" is not an InputLayer`);
  if (inputLayer.config.batch_input_shape[3] !== 3)
    throw c.fail(`the input has ${inputLayer.config.batch_input_shape[3]} channels, not RGB`);
  if (inputLayer.inputs.length > 0) throw c.fail(`input "${inputLayer.name}" has inputs`);
  const input = g.input(INPUT_NAME, 'float32', ['batch', 3, 'height', 'width']);
  const scaled = g.op('Mul', [input, g.scalar(RANGE)]);
  for (const layer of model.layers) {
    const inputs = layer.inputs.map((name) => {
      const v = c.value(name);
      if (!v) throw c.fail(`layer "${layer.name}" uses "${name}" before it is defined`);
      return v;
    });
    const given: Value | undefined =
      layer === inputLayer ? { name: scaled, channels: 3, factor: [1, 1], radius: 0 } : undefined;
    c.add(layer, inputs, given);
  }
  const out = c.value(model.output);
  if (!out) throw c.fail(`output "${model.output}" is not a layer`);
  if (out.channels !== 3) throw c.fail(`the output has ${out.channels} channels, not RGB`);
  const [sh, sw] = out.factor;
  if (sh !== sw) throw c.fail(`the output is scaled ${sh}× in height but ${sw}× in width`);
  const unused = c.unusedWeight();
  if (unused) throw c.fail(`weight "${unused}" belongs to no layer`);
  const result = g.op('Clip', [g.op('Div', [out.name, g.scalar(RANGE)]), g.scalar(0), g.scalar(1)]);
  g.output(result, OUTPUT_NAME, 'float32', ['batch', 3, 'out_height', 'out_width']);
  return { onnx: g.build(description).onnx, scale: sh, receptiveRadius: out.radius };
}
