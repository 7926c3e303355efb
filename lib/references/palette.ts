import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { references } from '../../db/schema';
import { PngSummary } from '../ingest/types';

const MAX_COLOURS = 8;

/**
 * The brand colours a conversation's PNG references carry (logos, moodboards), most used first,
 * oldest reference first; what the text layer picks its colour from and scores compare against.
 */
export async function conversationPalette(db: DbOrTx, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ summary: references.summary })
    .from(references)
    .where(and(eq(references.conversationId, conversationId), eq(references.kind, 'png')))
    .orderBy(asc(references.createdAt));
  const colours: string[] = [];
  for (const row of rows) {
    const parsed = PngSummary.safeParse(row.summary);
    if (!parsed.success) continue;
    const swatches = [...parsed.data.palette].sort((a, b) => b.share - a.share);
    for (const s of swatches) if (!colours.includes(s.hex)) colours.push(s.hex);
  }
  return colours.slice(0, MAX_COLOURS);
}
