import path from 'node:path';
import { z } from 'zod';

// Search settings (providers, crawl seeds, fetch limits) are read by lib/search/config.ts.
const schema = z.object({
  ATELIER_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  ATELIER_MODELS_DIR: z.string().min(1).optional(),
  ATELIER_HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ATELIER_FETCH_ALLOW: z.string().default(''),
  ATELIER_EP: z.enum(['cpu', 'cuda'], 'ATELIER_EP must be cpu or cuda').optional(),
  ATELIER_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  ATELIER_PARSE_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  ATELIER_RENDER_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  ATELIER_ENGINE_WORKERS: z.coerce.number().int().min(1).max(16).optional(),
  ATELIER_C2PA_CERT: z.string().min(1).optional(),
  ATELIER_C2PA_KEY: z.string().min(1).optional(),
  ATELIER_MAX_UPLOAD_MB: z.coerce
    .number('ATELIER_MAX_UPLOAD_MB must be a number of megabytes')
    .positive()
    .max(4096)
    .default(50),
  ATELIER_MAX_IMPORT_MB: z.coerce
    .number('ATELIER_MAX_IMPORT_MB must be a number of megabytes')
    .positive()
    .max(4096)
    .default(256),
});

const checked = schema.refine((e) => !e.ATELIER_C2PA_CERT === !e.ATELIER_C2PA_KEY, {
  message: 'ATELIER_C2PA_CERT and ATELIER_C2PA_KEY go together: set both or neither',
  path: ['ATELIER_C2PA_KEY'],
});

export type AtelierEnv = {
  dataDir: string;
  stateDir: string;
  databaseUrl: string | undefined;
  modelsDir: string;
  host: string;
  port: number;
  fetchAllow: string[];
  /** Execution provider asked for; unset means CUDA when its provider library is installed. */
  ep: 'cpu' | 'cuda' | undefined;
  threads: number | undefined;
  /** Parse workers for uploads, and workers drawing page images and thumbnails; unset, from the cores. */
  parseWorkers: number | undefined;
  renderWorkers: number | undefined;
  /** Inference workers of a process that renders images; unset, from the cores and the provider. */
  engineWorkers: number | undefined;
  /** PEM files that sign a C2PA copy of each exported image; unset, packages carry none. */
  c2pa: { certPath: string; keyPath: string } | undefined;
  /** The largest reference upload accepted, in bytes. */
  maxUploadBytes: number;
  /** The largest publish package an import accepts, in bytes. */
  maxImportBytes: number;
};

export function readEnv(source: NodeJS.ProcessEnv = process.env): AtelierEnv {
  const parsed = checked.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  // npm scripts run in the repository folder, which is the default data root.
  const dataDir = path.resolve(e.ATELIER_DATA_DIR ?? process.cwd());
  const stateDir = path.join(dataDir, '.atelier');
  return {
    dataDir,
    stateDir,
    databaseUrl: e.DATABASE_URL,
    modelsDir: path.resolve(e.ATELIER_MODELS_DIR ?? path.join(stateDir, 'models')),
    host: e.ATELIER_HOST,
    port: e.PORT,
    fetchAllow: e.ATELIER_FETCH_ALLOW.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ep: e.ATELIER_EP,
    threads: e.ATELIER_THREADS,
    parseWorkers: e.ATELIER_PARSE_WORKERS,
    renderWorkers: e.ATELIER_RENDER_WORKERS,
    engineWorkers: e.ATELIER_ENGINE_WORKERS,
    c2pa:
      e.ATELIER_C2PA_CERT && e.ATELIER_C2PA_KEY
        ? { certPath: path.resolve(e.ATELIER_C2PA_CERT), keyPath: path.resolve(e.ATELIER_C2PA_KEY) }
        : undefined,
    maxUploadBytes: Math.floor(e.ATELIER_MAX_UPLOAD_MB * 1024 * 1024),
    maxImportBytes: Math.floor(e.ATELIER_MAX_IMPORT_MB * 1024 * 1024),
  };
}
