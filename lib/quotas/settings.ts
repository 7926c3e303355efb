// The admin's limits on how much one person and one workspace may ask of this installation.
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { readSetting, writeSetting } from '../settings/store';

const Count = z.number().int().min(1).max(1_000_000);

/** How many of one kind of request a person, and a whole workspace, may make in a sliding window. */
export const QuotaLimit = z
  .object({
    perUser: Count,
    perWorkspace: Count,
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  })
  .strict();
export type QuotaLimit = z.infer<typeof QuotaLimit>;

export const QUOTA_KINDS = ['turns', 'generations', 'searches', 'uploads'] as const;
export type QuotaKind = (typeof QUOTA_KINDS)[number];

export const QuotaSettings = z
  .object({
    turns: QuotaLimit,
    generations: QuotaLimit,
    searches: QuotaLimit,
    uploads: QuotaLimit,
    /**
     * The largest single generation, in megapixel-steps: denoising steps × pixels × images, with the
     * hires pass, the upscaler (counted as steps) and diagnostics cells, so the worst request one
     * person can queue is bounded in time.
     */
    maxGenerationMegapixelSteps: z.number().min(1).max(10_000),
    /** PDF page images and thumbnails drawn for one person: at once, and per minute. */
    renders: z
      .object({
        perUserConcurrent: z.number().int().min(1).max(16),
        perUserPerMinute: Count,
      })
      .strict(),
  })
  .strict();
export type QuotaSettings = z.infer<typeof QuotaSettings>;

export const DEFAULT_QUOTAS: QuotaSettings = {
  turns: { perUser: 200, perWorkspace: 1000, windowMinutes: 60 },
  generations: { perUser: 60, perWorkspace: 300, windowMinutes: 60 },
  searches: { perUser: 60, perWorkspace: 300, windowMinutes: 60 },
  uploads: { perUser: 100, perWorkspace: 500, windowMinutes: 60 },
  maxGenerationMegapixelSteps: 200,
  renders: { perUserConcurrent: 2, perUserPerMinute: 120 },
};

const KEY = 'quotas';

export const readQuotas = (db: DbOrTx) => readSetting(db, KEY, QuotaSettings, DEFAULT_QUOTAS);
export const writeQuotas = (db: DbOrTx, q: QuotaSettings) => writeSetting(db, KEY, q);
