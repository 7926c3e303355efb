import type { GalleryImage, ImageFacts } from './types';

type Unpaired = ImageFacts;
type Paired = Omit<GalleryImage, 'recipe'>;

const OTHER = { draft: 'hd', hd: 'draft' } as const;

/** The same request: same conversation, the same words asked (a regenerate asks them again). */
const requestKey = (i: Unpaired) =>
  i.conversation && i.request
    ? `${i.conversation.id}\n${i.request.toLowerCase().replace(/\s+/g, ' ')}`
    : null;

/** Each image's place in its batch: by seed, since image i of a request has seed + i. */
function batchPositions(images: Unpaired[]): Map<string, number> {
  const byGeneration = new Map<string, Unpaired[]>();
  for (const i of images)
    byGeneration.set(i.generationId, [...(byGeneration.get(i.generationId) ?? []), i]);
  const at = new Map<string, number>();
  for (const batch of byGeneration.values())
    batch.toSorted((a, b) => (a.seed ?? 0) - (b.seed ?? 0)).forEach((img, n) => at.set(img.id, n));
  return at;
}

/**
 * Pairs draft and HD renders of the same request: an image's counterpart is the image at its batch
 * place (else the first) in the latest generation of the other profile. `candidates` are every
 * draft and HD image of the conversations concerned, newest first.
 */
export function withCounterparts(images: Unpaired[], candidates: Unpaired[]): Paired[] {
  const at = batchPositions(candidates);
  const latest = new Map<string, Unpaired[]>();
  for (const c of candidates) {
    const key = requestKey(c);
    if (!key || c.profile === 'diagnostics') continue;
    const slot = `${c.profile}\n${key}`;
    const batch = latest.get(slot);
    if (!batch) latest.set(slot, [c]);
    else if (batch[0].generationId === c.generationId) batch.push(c);
  }
  return images.map((img) => {
    const key = requestKey(img);
    const other = img.profile === 'diagnostics' ? undefined : OTHER[img.profile];
    const batch = key && other ? latest.get(`${other}\n${key}`) : undefined;
    const match = batch?.find((c) => at.get(c.id) === at.get(img.id)) ?? batch?.[0];
    return { ...img, counterpart: match ? { id: match.id, profile: match.profile } : null };
  });
}
