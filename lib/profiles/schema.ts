import { z } from 'zod';
import { MODEL_FAMILIES, MODEL_ROLES, PROFILES } from '../../engine/models/family';
import { SCHEDULER_NAMES } from '../../engine/schedulers';
import raw from './profiles.json';

const SchedulerName = z
  .string()
  .refine((n) => SCHEDULER_NAMES.includes(n), { message: `one of ${SCHEDULER_NAMES.join(', ')}` });

const Steps = z.union([
  z.object({ fixed: z.number().int().min(1).max(150) }).strict(),
  z
    .object({
      factor: z.number().positive().max(10),
      min: z.number().int().min(1).max(150).optional(),
    })
    .strict(),
]);

const Hires = z
  .object({
    scale: z.number().min(1).max(2),
    strength: z.number().min(0).max(1),
    upscale: z.enum(['model', 'lanczos']),
  })
  .strict();

const Upscaler = z
  .object({
    model: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'an upscaler id'),
    tile: z.number().int().min(32).max(1024),
    overlap: z.number().int().min(0).max(128),
  })
  .strict();

const TextLayer = z
  .object({
    placement: z.enum(['top', 'centre', 'bottom']),
    minOcrAccuracy: z.number().min(0).max(1),
    retry: z.boolean(),
  })
  .strict();

const Grid = z
  .object({
    schedulers: z.array(SchedulerName).min(1).max(6),
    steps: z.array(z.number().int().min(1).max(150)).min(1).max(4),
    guidance: z.array(z.number().min(0).max(30)).min(1).max(4),
    cellSize: z.number().int().min(64).max(1024).multipleOf(8),
  })
  .strict();

/** What a profile may set; a family block overrides any of these for models of that family. */
const Settings = z
  .object({
    steps: Steps.optional(),
    guidance: z.number().min(0).max(30).optional(),
    scheduler: SchedulerName.optional(),
    width: z.number().int().min(64).max(2048).multipleOf(8).optional(),
    height: z.number().int().min(64).max(2048).multipleOf(8).optional(),
    hires: Hires.nullable().optional(),
    upscaler: Upscaler.nullable().optional(),
    textLayer: TextLayer.nullable().optional(),
    grid: Grid.nullable().optional(),
  })
  .strict();

const Profile = Settings.extend({
  label: z.string().min(1).max(40),
  description: z.string().max(200),
  modelRole: z.enum(MODEL_ROLES),
  families: z.partialRecord(z.enum(MODEL_FAMILIES), Settings).optional(),
}).strict();

export const ProfilesFile = z.record(z.enum(PROFILES), Profile);
export type ProfileSpec = z.infer<typeof Profile>;
export type ProfileSettings = z.infer<typeof Settings>;

let parsed: z.infer<typeof ProfilesFile> | undefined;

/** lib/profiles/profiles.json, checked once; a broken file names its first problem. */
export function profileSpecs(): z.infer<typeof ProfilesFile> {
  if (parsed) return parsed;
  const result = ProfilesFile.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`lib/profiles/profiles.json: ${issue.path.join('.')}: ${issue.message}`);
  }
  parsed = result.data;
  return parsed;
}
