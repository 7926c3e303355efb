import type { ModelInfo } from './types';

export const OFFLINE_MODEL_ID = 'offline';

export const isOffline = (id: string | null | undefined, provider?: string) =>
  provider === 'offline' ||
  id === OFFLINE_MODEL_ID ||
  (id ?? '').startsWith(`${OFFLINE_MODEL_ID}:`);

/** Label in the model picker. */
export function pickerLabel(m: ModelInfo): string {
  return isOffline(m.id, m.provider) ? 'Offline composer (no LLM)' : m.label || m.id;
}

/** Short label on a message badge. */
export function badgeLabel(modelId: string | null | undefined, models: ModelInfo[]): string {
  if (!modelId) return 'Unknown model';
  const m = models.find((x) => x.id === modelId);
  if (isOffline(modelId, m?.provider)) return 'Offline composer';
  return m?.label || modelId;
}

const PROFILE_LABELS: Record<string, string> = {
  draft: 'Draft',
  hd: 'HD',
  diagnostics: 'Diagnostics',
};

export const profileLabel = (p: string | null | undefined) =>
  p ? (PROFILE_LABELS[p] ?? p) : 'Draft';
