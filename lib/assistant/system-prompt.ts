import type { ReferenceRow } from '../references/access';
import { SYSTEM_PROMPT } from './prompts';
import { referencesNote } from './references-note';

/** A turn's system prompt: the fixed instructions, then the conversation's references (given newest first, listed oldest first). */
export function systemPrompt(refs: ReferenceRow[]): string {
  return refs.length
    ? [SYSTEM_PROMPT, '', referencesNote([...refs].reverse())].join('\n')
    : SYSTEM_PROMPT;
}
