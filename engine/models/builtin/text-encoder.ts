// Text encoder of the built-in model: input_ids int32 [batch, 77] → last_hidden_state
// [batch, 77, HIDDEN]. It reads the prompt as a list of objects plus a background:
//  - a colour, size or orientation word belongs to the next noun (shape or "background");
//  - a placement word belongs to the latest shape before it (or to the first shape);
//  - position 0 holds the background colour, positions 1..MAX_OBJECTS one shape each, in order;
//  - a lexicon word counts only as a whole word: its token must follow the end of a word ("spring"
//    is s, p, ring</w>, and means no ring);
//  - a prompt without a background colour gets a default backdrop at position 0 (lexicon.ts,
//    BACKDROP): from its stray colour words, else from the tints of all its tokens.
import { type ElemType, GraphBuilder, int } from './graph-builder';
import {
  BACKDROP,
  BACKGROUND,
  colourLatent,
  DEFAULT_OBJECT_COLOUR,
  HIDDEN,
  HUE_AXES,
  LEXICON_WIDTH,
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
  const raw = g.op(
    'Gather',
    [g.f32(opts.table, [opts.vocabSize, RAW_WIDTH]), o.cast(ids, DataType.INT64)],
    { axis: int(0) },
  );
  // A token starts a word when the one before it ends one (position 0 is the start token).
  const ends = o.col(raw, RAW.endsWord, 2); // [B, L]
  const first = o.add(o.mul(o.slice(ends, 0, 1, 1), o.c(0)), o.c(1)); // ones [B, 1]
  const startsWord = o.concat([first, o.slice(ends, 0, -1, 1)], 1);
  const emb = o.mul(o.slice(raw, 0, LEXICON_WIDTH, 2), o.unsqueeze(startsWord, [2]));
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
  const backdrop = defaultBackdrop(o, raw, emb, same);
  const fields = o.concat([bgColour, o.min(bgCount, o.c(1)), backdrop], 2);
  const bgRow = g.op('Pad', [fields, g.i64([0, 0, 0, 0, 0, HIDDEN - BACKGROUND.content - 1])]);
  const atZero = o.equalF(positions, o.c(0), F);
  let hidden = o.add(objects, o.mul(bgRow, atZero));
  if (opts.output === 'float16') hidden = o.cast(hidden, DataType.FLOAT16);
  g.output(hidden, 'last_hidden_state', opts.output, ['batch', 'sequence', HIDDEN]);
  return g;
}

/**
 * [B, 1, 5]: the backdrop colour (4) of a prompt without a background colour, and whether the
 * prompt has any text at all. Stray colours are colour words in a segment without a noun.
 */
function defaultBackdrop(o: Ops, raw: string, emb: string, same: string): string {
  const g = o.g;
  const column = (c: number) => o.col(emb, c, 2); // [B, L]
  const content = o.unsqueeze(o.min(o.sum(o.col(raw, RAW.content, 2), [1]), o.c(1)), [2]); // [B, 1, 1]
  const nouns = o.add(column(RAW.isShape), column(RAW.isBackground));
  const segmentHasNoun = o.min(o.sum(o.mul(same, o.unsqueeze(nouns, [1])), [2], false), o.c(1));
  const stray = o.mul(column(RAW.isColour), o.sub(o.c(1), segmentHasNoun)); // [B, L]
  const strayCount = o.unsqueeze(o.sum(stray, [1]), [2]); // [B, 1, 1]
  const colours = o.slice(emb, RAW.colour, RAW.colour + 4, 2);
  const strayColour = o.div(o.matmul(o.unsqueeze(stray, [1]), colours), o.max(strayCount, o.c(1))); // [B, 1, 4]
  const light = g.f32([BACKDROP.light, BACKDROP.light, BACKDROP.light, 0]);
  const fromStray = o.add(light, o.mul(o.sub(strayColour, light), o.c(BACKDROP.strayMix)));
  // The tokens' hue directions added up, then made a unit vector (none when they cancel).
  const hue = o.sum(o.slice(raw, RAW.tint, RAW.tint + 2, 2), [1]); // [B, 1, 2]
  const length = o.sqrt(o.sum(o.mul(hue, hue), [2]));
  const direction = o.div(hue, o.max(length, o.c(1e-6)));
  const tint = o.matmul(direction, g.f32(HUE_AXES.flat(), [2, 4]));
  const fromWords = o.add(light, o.mul(tint, o.c(BACKDROP.tint)));
  const hasStray = o.min(strayCount, o.c(1));
  const backdrop = o.add(o.mul(hasStray, fromStray), o.mul(o.sub(o.c(1), hasStray), fromWords));
  return o.concat([o.mul(backdrop, content), content], 2);
}
