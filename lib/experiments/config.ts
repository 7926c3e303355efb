import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PROFILES } from '../../engine/models/family';
import { SCHEDULER_NAMES } from '../../engine/schedulers';
import { AppError } from '../errors';

const Variant = z
  .object({
    label: z.string().min(1).max(60),
    profile: z.enum(PROFILES).default('hd'),
    steps: z.number().int().min(1).max(150).optional(),
    guidance: z.number().min(0).max(30).optional(),
    scheduler: z
      .string()
      .refine((s) => SCHEDULER_NAMES.includes(s), {
        message: `one of ${SCHEDULER_NAMES.join(', ')}`,
      })
      .optional(),
    /** Switch a stage of the profile off. */
    hires: z.literal(false).optional(),
    upscaler: z.literal(false).optional(),
    textLayer: z.literal(false).optional(),
  })
  .strict();

const Experiment = z
  .object({
    name: z.string().min(1).max(80),
    /** What the comparison is about; the report says it beside the table. */
    question: z.string().max(200).optional(),
    variants: z.array(Variant).min(2).max(8),
  })
  .strict();

export const ExperimentConfig = z
  .object({
    title: z.string().min(1).max(120),
    prompt: z.string().min(1).max(2000),
    negative: z.string().max(1000).optional(),
    seed: z.number().int().min(0).max(0xffffffff).default(42),
    model: z.string().optional(),
    palette: z
      .array(z.string().regex(/^#[0-9a-f]{6}$/i))
      .max(8)
      .default([]),
    experiments: z.array(Experiment).min(1).max(10),
  })
  .strict();

export type ExperimentConfig = z.infer<typeof ExperimentConfig>;
export type VariantSpec = z.infer<typeof Variant>;

export async function readExperimentConfig(file: string): Promise<ExperimentConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new AppError('bad_request', `cannot read ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('bad_request', `${file} is not JSON (${(err as Error).message})`);
  }
  const parsed = ExperimentConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'bad_request',
      `${file}: ${issue.path.join('.') || 'the file'}: ${issue.message}`,
    );
  }
  return parsed.data;
}
