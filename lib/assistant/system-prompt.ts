import type { DbOrTx } from '../../db/client';
import { listConversationReferences } from '../references/store';
import { SYSTEM_PROMPT } from './prompts';
import { referencesNote } from './references-note';

/** A turn's system prompt: the fixed instructions, then the conversation's references (oldest first). */
export async function systemPrompt(db: DbOrTx, conversationId: string): Promise<string> {
  const refs = await listConversationReferences(db, conversationId);
  return refs.length ? [SYSTEM_PROMPT, '', referencesNote(refs.reverse())].join('\n') : SYSTEM_PROMPT;
}
