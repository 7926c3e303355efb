// The synthesis sections a run stores (`search_runs.synthesis`), read back through zod: a row
// written by an older version, or by hand, must not reach the prompt composer unchecked.
import { z } from 'zod';
import type { Section } from '../synthesis';

const StoredSections = z.object({
  sections: z.array(
    z.object({
      key: z.enum(['style', 'subject', 'typography']),
      title: z.string(),
      items: z.array(z.object({ text: z.string(), cite: z.array(z.number().int().positive()) })),
    }),
  ),
});

/** The run's sections, or none when the stored value does not have their shape. */
export function storedSections(synthesis: unknown): Section[] {
  const parsed = StoredSections.safeParse(synthesis);
  return parsed.success ? parsed.data.sections : [];
}
