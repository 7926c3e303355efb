// The generation record: beside what each PNG holds, what decided its bytes, as the engine reports
// it used them (model files, scheduler, RNG, runtime, encoder versions) and every HD stage. Stored
// on the generation row; `GenerationRecord` is what an exporter validates it with.
import { z } from 'zod';
import type { StageRecord } from '../../engine/pipelines/hd';
import { nonFiniteAsString } from '../../engine/png';
import type { Rendered } from './render';

export const RECORD_FORMAT = 'atelier-generation-record/1';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const int = z.number().int();
const size = z.tuple([int.positive(), int.positive()]);
/** Files by their path in the model (or upscaler) folder, to their sha256. */
const Files = z.record(z.string(), sha256);
/**
 * A scheduler config as JSON: non-finite numbers are the strings "Infinity", "-Infinity" and "NaN",
 * as in the PNG's own metadata (engine/png/metadata.ts).
 */
const Config = z.record(z.string(), z.unknown());

export const SchedulerRecord = z.object({
  name: z.string(),
  /** What it was created from: the model folder's scheduler_config.json and the name's keys. */
  config: Config,
  /** Every setting it ran with, diffusers' defaults included (camelCase). */
  resolved: Config,
});

export const StageRecordSchema = z.object({
  hires: z
    .object({
      from: size,
      to: size,
      upscale: z.enum(['model', 'lanczos']),
      upscaler: z.string().optional(),
      strength: z.number(),
      steps: int.nonnegative(),
    })
    .optional(),
  upscaler: z
    .object({
      id: z.string(),
      files: Files,
      scale: z.number(),
      tile: int.nonnegative(),
      overlap: int.nonnegative(),
      tiles: int.nonnegative(),
    })
    .optional(),
  text: z
    .object({
      lines: z.array(z.string()),
      attempts: z.array(
        z.object({
          boost: z.boolean(),
          params: z.record(z.string(), z.unknown()),
          ocr: z.object({ accuracy: z.number(), recognised: z.string(), confidence: z.number() }),
        }),
      ),
      retried: z.boolean(),
      passed: z.boolean(),
      fonts: z.array(z.object({ file: z.string(), sha256, package: z.string() })).min(1),
    })
    .optional(),
});

// The schema and the engine's type must describe the same record: tsc fails here when one changes alone.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const stagesMatch: Same<z.infer<typeof StageRecordSchema>, StageRecord> = true;
void stagesMatch;

export const GenerationRecord = z.object({
  format: z.literal(RECORD_FORMAT),
  model: z.object({ id: z.string(), family: z.string(), files: Files }),
  scheduler: SchedulerRecord,
  /** The seeded noise generator (engine/rng). */
  rng: z.string(),
  onnxruntime: z.string(),
  ep: z.enum(['cpu', 'cuda']),
  /** Why the asked provider was not used. */
  fallbackReason: z.string().optional(),
  /** Given to onnxruntime; null when it chose its own (one per physical core). */
  intraOpThreads: int.positive().nullable(),
  /** What encoded the PNGs: Node and its zlib (chunk CRCs), sharp, libvips, libpng, zlib-ng. */
  versions: z.object({
    node: z.string(),
    zlib: z.string(),
    sharp: z.string(),
    libvips: z.string(),
    libpng: z.string().nullable(),
    zlibNg: z.string().nullable(),
    platform: z.string(),
    arch: z.string(),
  }),
  images: z
    .array(
      z.object({
        seed: int.nonnegative(),
        /** Of the PNG file. */
        sha256,
        width: int.positive(),
        height: int.positive(),
        stages: StageRecordSchema.optional(),
        /** A diagnostics cell: its settings, and the scheduler it ran (the record's is the first cell's). */
        cell: z
          .object({ scheduler: z.string(), steps: int.positive(), guidance: z.number() })
          .optional(),
        scheduler: SchedulerRecord.optional(),
      }),
    )
    .min(1),
});
export type GenerationRecord = z.infer<typeof GenerationRecord>;

/** The record of a finished render, in its stored JSON form (checked against the schema). */
export function generationRecord(r: Rendered): GenerationRecord {
  const record = {
    format: RECORD_FORMAT,
    model: r.model,
    scheduler: r.scheduler,
    rng: r.rng,
    onnxruntime: r.onnxruntime,
    ep: r.ep,
    ...(r.fallbackReason ? { fallbackReason: r.fallbackReason } : {}),
    intraOpThreads: r.intraOpThreads,
    versions: r.versions,
    images: r.images.map((img) => ({
      seed: img.seed,
      sha256: img.sha256,
      width: img.width,
      height: img.height,
      ...(img.stages ? { stages: img.stages } : {}),
      ...(img.cell ? { cell: img.cell, scheduler: img.scheduler } : {}),
    })),
  };
  return GenerationRecord.parse(JSON.parse(JSON.stringify(record, nonFiniteAsString)));
}
