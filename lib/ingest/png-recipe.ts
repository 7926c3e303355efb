// Generation recipes written into PNGs by Atelier ("atelier" iTXt), AUTOMATIC1111 ("parameters") and
// ComfyUI ("prompt" graph), read into one shape that `generate` can take.
import { z } from 'zod';
import { schedulerFromA1111 } from '../../engine/png/metadata';
import { Recipe } from './types';

const AtelierDoc = z.object({
  format: z.literal('atelier-image/1'),
  prompt: z.string(),
  negativePrompt: z.string().optional(),
  model: z.object({ id: z.string() }).partial().optional(),
  scheduler: z.object({ name: z.string() }).partial().optional(),
  steps: z.number().optional(),
  guidance: z.number().optional(),
  seed: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
});

function fromAtelier(json: string): unknown {
  const doc = AtelierDoc.safeParse(parseJson(json));
  if (!doc.success) return null;
  const d = doc.data;
  return {
    source: 'atelier',
    prompt: d.prompt,
    negative: d.negativePrompt || undefined,
    steps: d.steps,
    guidance: d.guidance,
    seed: d.seed,
    width: d.width,
    height: d.height,
    scheduler: d.scheduler?.name,
    model: d.model?.id,
  };
}

// A1111's own pattern for its "Key: value" settings line (values with commas are JSON-quoted).
const SETTING = /\s*([\w ]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/g;

export function fromA1111(text: string): unknown {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const settingsAt = lines.findLastIndex((l) => /^\s*Steps:\s*\d/.test(l));
  const settings = new Map<string, string>();
  if (settingsAt >= 0) {
    for (const m of lines[settingsAt].matchAll(SETTING)) {
      let v = m[2].trim();
      if (v.startsWith('"')) v = String(parseJson(v) ?? v);
      settings.set(m[1].trim(), v);
    }
  }
  const body = settingsAt >= 0 ? lines.slice(0, settingsAt) : lines;
  const negAt = body.findIndex((l) => l.startsWith('Negative prompt:'));
  const prompt = (negAt >= 0 ? body.slice(0, negAt) : body).join('\n').trim();
  const negative =
    negAt >= 0
      ? body
          .slice(negAt)
          .join('\n')
          .replace(/^Negative prompt:\s*/, '')
          .trim()
      : undefined;
  const size = /^(\d+)x(\d+)$/.exec(settings.get('Size') ?? '');
  const num = (k: string) =>
    settings.has(k) && Number.isFinite(Number(settings.get(k)))
      ? Number(settings.get(k))
      : undefined;
  const sampler = settings.get('Sampler');
  return {
    source: 'a1111',
    prompt,
    negative: negative || undefined,
    steps: num('Steps'),
    guidance: num('CFG scale'),
    seed: num('Seed'),
    width: size ? Number(size[1]) : undefined,
    height: size ? Number(size[2]) : undefined,
    scheduler: sampler
      ? (schedulerFromA1111(sampler, settings.get('Schedule type')) ?? sampler)
      : undefined,
    model: settings.get('Model'),
  };
}

const COMFY_SAMPLERS: Record<string, string> = {
  euler: 'euler',
  euler_ancestral: 'euler-ancestral',
  dpmpp_2m: 'dpmpp-2m',
  ddim: 'ddim',
  lcm: 'lcm',
};
type Node = { class_type?: unknown; inputs?: Record<string, unknown> };

export function fromComfy(json: string): unknown {
  const graph = parseJson(json) as Record<string, Node> | null;
  if (!graph || typeof graph !== 'object') return null;
  const node = (link: unknown): Node | undefined =>
    Array.isArray(link) ? graph[String(link[0])] : undefined;
  const sampler = Object.values(graph).find(
    (n) => typeof n?.class_type === 'string' && /^KSampler/.test(n.class_type),
  );
  const inputs = sampler?.inputs;
  if (!inputs) return null;
  const textOf = (link: unknown) => {
    const t = node(link)?.inputs?.text;
    return typeof t === 'string' ? t : undefined;
  };
  const latent = node(inputs.latent_image)?.inputs;
  const ckpt = node(inputs.model)?.inputs?.ckpt_name;
  const name = String(inputs.sampler_name ?? '');
  const scheduler = COMFY_SAMPLERS[name]
    ? `${COMFY_SAMPLERS[name]}${inputs.scheduler === 'karras' && /^(euler|dpmpp-2m)$/.test(COMFY_SAMPLERS[name]) ? '-karras' : ''}`
    : name || undefined;
  return {
    source: 'comfyui',
    prompt: textOf(inputs.positive) ?? '',
    negative: textOf(inputs.negative) || undefined,
    steps: inputs.steps,
    guidance: inputs.cfg,
    seed: inputs.seed ?? inputs.noise_seed,
    width: latent?.width,
    height: latent?.height,
    scheduler,
    model: typeof ckpt === 'string' ? ckpt : undefined,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The first recipe that validates: Atelier's own, then A1111's, then ComfyUI's. */
export function recipeFrom(text: Map<string, string>): Recipe | null {
  const candidates = [
    text.has('atelier') ? fromAtelier(text.get('atelier')!) : null,
    text.has('parameters') ? fromA1111(text.get('parameters')!) : null,
    text.has('prompt') ? fromComfy(text.get('prompt')!) : null,
  ];
  for (const c of candidates) {
    const r = Recipe.safeParse(c);
    if (r.success && r.data.prompt) return r.data;
  }
  return null;
}
