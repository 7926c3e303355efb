// Text encoder of the built-in model: input_ids int32 [batch, 77] → last_hidden_state
// [batch, 77, HIDDEN]. It reads the prompt as a list of objects plus a background:
//  - a colour, size or orientation word belongs to the next noun (shape or "background");
//  - a placement word belongs to the latest shape before it (or to the first shape);
//  - position 0 holds the background colour, positions 1..MAX_OBJECTS one shape each, in order.
import { type ElemType, GraphBuilder, int } from './graph-builder';
import {
  colourLatent,
  DEFAULT_OBJECT_COLOUR,
  HIDDEN,
  MAX_OBJECTS,
  RAW,
  RAW_WIDTH,
  SHAPE_KINDS,
} from './lexicon';
import { DataType } from './onnx-proto';
import { Ops } from './ops';

export interface TextEncoderOptions {
  /** Raw feature rows, [vocabSize, RAW_WIDTH] row-major. */
  table: Float32Array;
  vocabSize: number;
  output: ElemType;
}

const F = DataType.FLOAT;

export function buildTextEncoder(opts: TextEncoderOptions): GraphBuilder {
  const g = new GraphBuilder('builtin_text_encoder');
  const o = new Ops(g);
  const ids = g.input('input_ids', 'int32', ['batch', 'sequence']);
  const emb = g.op(
    'Gather',
    [g.f32(opts.table, [opts.vocabSize, RAW_WIDTH]), o.cast(ids, DataType.INT64)],
    { axis: int(0) },
  );
  const column = (c: number) => o.col(emb, c, 2); // [B, L]
  const isShape = column(RAW.isShape);

  // Nouns split the prompt into segments; a modifier joins the noun that closes its segment.
  const segment = o.cumsum(o.add(isShape, column(RAW.isBackground)), 1, true);
  const same = o.equalF(o.unsqueeze(segment, [2]), o.unsqueeze(segment, [1]), F); // [B, L, L]
  const attach = (flag: string, values: string) => {
    const w = o.mul(same, o.unsqueeze(flag, [1]));
    return { total: o.matmul(w, values), count: o.sum(w, [2]) };
  };
  const colour = attach(column(RAW.isColour), o.slice(emb, RAW.colour, RAW.colour + 4, 2));
  const hasColour = o.min(colour.count, o.c(1));
  const nounColour = o.div(colour.total, o.max(colour.count, o.c(1)));
  const objectColour = o.add(
    nounColour,
    o.mul(o.sub(o.c(1), hasColour), g.f32(colourLatent(DEFAULT_OBJECT_COLOUR))),
  );
  const scale = g.op('Exp', [
    attach(column(RAW.isSize), o.unsqueeze(column(RAW.sizeLog), [2])).total,
  ]);
  const horizontal = o.min(
    attach(column(RAW.isOrient), o.unsqueeze(column(RAW.horizontal), [2])).total,
    o.c(1),
  );

  // Placement words go to the latest shape at or before them, or to the first shape.
  const ordinal = o.cumsum(isShape, 1);
  const target = o.max(ordinal, o.c(1));
  const placeW = o.mul(
    o.equalF(o.unsqueeze(ordinal, [2]), o.unsqueeze(target, [1]), F),
    o.unsqueeze(column(RAW.isPlacement), [1]),
  );
  const place = o.clip(o.matmul(placeW, o.slice(emb, RAW.dx, RAW.dy + 1, 2)), -1, 1);

  const objectRow = o.concat(
    [
      objectColour,
      o.unsqueeze(isShape, [2]),
      o.slice(emb, RAW.shape, RAW.shape + SHAPE_KINDS.length, 2),
      place,
      scale,
      horizontal,
    ],
    2,
  ); // [B, L, HIDDEN]

  // Shape number i (1-based) goes to position i.
  const length = g.op('Gather', [g.op('Shape', [ids]), g.i64([1], [])], { axis: int(0) });
  const positions = o.unsqueeze(
    o.cast(g.op('Range', [g.i64([0], []), length, g.i64([1], [])]), F),
    [1],
  ); // [L, 1]
  const inRange = o.cast(g.op('Less', [positions, o.c(MAX_OBJECTS + 0.5)]), F);
  const pick = o.mul(
    o.mul(o.equalF(positions, o.unsqueeze(ordinal, [1]), F), o.unsqueeze(isShape, [1])),
    inRange,
  );
  const objects = o.matmul(pick, objectRow);

  // Background: the colours given to background nouns, averaged; grey (zeros) without one.
  const bgWeight = o.mul(column(RAW.isBackground), o.col(hasColour, 0, 2)); // [B, L]
  const bgCount = o.unsqueeze(o.sum(bgWeight, [1]), [2]); // [B, 1, 1]
  const bgColour = o.div(o.matmul(o.unsqueeze(bgWeight, [1]), nounColour), o.max(bgCount, o.c(1))); // [B, 1, 4]
  const bgRow = g.op('Pad', [
    o.concat([bgColour, o.min(bgCount, o.c(1))], 2),
    g.i64([0, 0, 0, 0, 0, HIDDEN - 5]),
  ]);
  const atZero = o.equalF(positions, o.c(0), F);
  let hidden = o.add(objects, o.mul(bgRow, atZero));
  if (opts.output === 'float16') hidden = o.cast(hidden, DataType.FLOAT16);
  g.output(hidden, 'last_hidden_state', opts.output, ['batch', 'sequence', HIDDEN]);
  return g;
}
