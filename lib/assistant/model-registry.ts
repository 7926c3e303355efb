import type { LanguageModel } from 'ai';

export type RegisteredModel = { label: string; create: () => LanguageModel };

const KEY = Symbol.for('atelier.models');
type Holder = { [KEY]?: Map<string, RegisteredModel> };
const models = (): Map<string, RegisteredModel> => ((globalThis as Holder)[KEY] ??= new Map());

/** Any AI SDK language model can be plugged in by code (a hosted provider, a fixed-delay model for benchmarks). */
export function registerModel(id: string, model: RegisteredModel): () => void {
  models().set(id, model);
  return () => models().delete(id);
}

export const registeredModels = () => [...models()].map(([id, m]) => ({ id, ...m }));
export const findRegisteredModel = (id: string) => models().get(id);
