import type { Routing } from '../profiles/route';

/** What the router decided, as stored on the generation and shown under the image. */
export type RoutingRecord = ReturnType<typeof routingRecord>;

export function routingRecord(r: Routing) {
  const { hires, upscaler, text } = r.stages;
  return {
    profile: r.profile,
    model: { id: r.model.id, label: r.model.label, family: r.model.family },
    request: r.request,
    reasons: r.reasons,
    stages: {
      ...(hires ? { hires } : {}),
      ...(upscaler
        ? { upscaler: { id: upscaler.id, tile: upscaler.tile, overlap: upscaler.overlap } }
        : {}),
      ...(text ? { text } : {}),
    },
    ...(r.grid ? { grid: r.grid } : {}),
  };
}
