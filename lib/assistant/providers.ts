import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../errors';
import { readSetting, writeSetting } from '../settings/store';
import { findRegisteredModel, registeredModels } from './model-registry';
import { OFFLINE_MODEL_ID, OfflineComposer } from './offline/composer-model';

export const ProviderConfig = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'provider id: lowercase letters, digits and dashes'),
  name: z.string().trim().min(1).max(80),
  baseURL: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().max(500).optional(),
  models: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;
const Providers = z.array(ProviderConfig);

export type ModelInfo = { id: string; label: string; provider: string };

/** An OpenAI-compatible endpoint configured by environment, beside the admin-configured ones. */
function envProvider(env = process.env): ProviderConfig | null {
  if (!env.ATELIER_LLM_BASE_URL || !env.ATELIER_LLM_MODELS) return null;
  const parsed = ProviderConfig.safeParse({
    id: 'env',
    name: env.ATELIER_LLM_NAME ?? 'Configured endpoint',
    baseURL: env.ATELIER_LLM_BASE_URL,
    apiKey: env.ATELIER_LLM_API_KEY,
    models: env.ATELIER_LLM_MODELS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  });
  return parsed.success ? parsed.data : null;
}

export async function loadProviders(db: DbOrTx): Promise<ProviderConfig[]> {
  const stored = await readSetting(db, 'providers', Providers, []);
  const env = envProvider();
  return env ? [env, ...stored.filter((p) => p.id !== 'env')] : stored;
}

/**
 * Admin only (checked by the caller). An omitted key keeps the stored one, but only for the same
 * endpoint: a key is never sent to a base URL it was not entered for. Keys never leave the server.
 */
export async function saveProviders(db: DbOrTx, next: ProviderConfig[]): Promise<void> {
  const stored = await readSetting(db, 'providers', Providers, []);
  const kept = (p: ProviderConfig) =>
    stored.find((s) => s.id === p.id && s.baseURL === p.baseURL)?.apiKey;
  const merged = next.map((p) => ({ ...p, apiKey: p.apiKey ?? kept(p) }));
  await writeSetting(db, 'providers', merged);
}

export const publicProviders = (ps: ProviderConfig[]) =>
  ps.map(({ apiKey, ...rest }) => ({ ...rest, hasKey: Boolean(apiKey) }));

/** What GET /api/models answers: the models to choose from and the one chosen by default. */
export async function modelChoices(db: DbOrTx) {
  return { models: await listModels(db), defaultModel: OFFLINE_MODEL_ID };
}

export async function listModels(db: DbOrTx): Promise<ModelInfo[]> {
  const offline: ModelInfo = {
    id: OFFLINE_MODEL_ID,
    label: 'Offline composer (no LLM)',
    provider: 'offline',
  };
  const providers = await loadProviders(db);
  const code = registeredModels().map((m) => ({ id: m.id, label: m.label, provider: 'code' }));
  return [
    offline,
    ...code,
    ...providers.flatMap((p) =>
      p.models.map((m) => ({ id: `${p.id}:${m}`, label: `${m} · ${p.name}`, provider: p.id })),
    ),
  ];
}

export async function resolveModel(db: DbOrTx, modelId: string): Promise<LanguageModel> {
  if (modelId === OFFLINE_MODEL_ID) return new OfflineComposer({ chunkDelayMs: offlineDelayMs() });
  const registered = findRegisteredModel(modelId);
  if (registered) return registered.create();
  const sep = modelId.indexOf(':');
  const provider =
    sep > 0 ? (await loadProviders(db)).find((p) => p.id === modelId.slice(0, sep)) : undefined;
  const model = modelId.slice(sep + 1);
  if (!provider || !provider.models.includes(model))
    throw new AppError('bad_request', `unknown model "${modelId}"`);
  return createOpenAICompatible({
    name: provider.id,
    baseURL: provider.baseURL,
    apiKey: provider.apiKey,
  }).chatModel(model);
}

/** Pause between the offline composer's streamed words; raise it to watch streaming (or to test interruption). */
function offlineDelayMs(): number {
  const v = Number(process.env.ATELIER_OFFLINE_DELAY_MS ?? 8);
  return Number.isFinite(v) && v >= 0 && v <= 10_000 ? v : 8;
}
