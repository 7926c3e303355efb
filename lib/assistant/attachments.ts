// References a user message attaches: stored as `data-reference` parts of the message, read by a
// model as one line naming each file (their content reaches it through read_reference, quoted).
import type { DataUIPart, TextPart } from 'ai';
import { AppError } from '../errors';
import type { ReferenceRow } from '../references/access';
import { inlineUntrusted } from '../search/untrusted';

export type AttachedReference = { id: string; name: string; kind: 'pdf' | 'csv' | 'png' };
export type ReferencePart = { type: 'data-reference'; data: AttachedReference };

/** The message's parts for `ids`, each of which must be one of the conversation's references `list`. */
export function attachmentParts(list: ReferenceRow[], ids: string[]): ReferencePart[] {
  if (!ids.length) return [];
  const refs = new Map(list.map((r) => [r.id, r]));
  return [...new Set(ids)].map((id) => {
    const r = refs.get(id);
    if (!r)
      throw new AppError(
        'bad_request',
        `reference ${id} is not attached to this conversation; upload it here first`,
      );
    return { type: 'data-reference', data: { id: r.id, name: r.name, kind: r.kind } };
  });
}

/** `convertToModelMessages`' hook: an attachment becomes a line of text; other data parts are dropped. */
export function attachmentForModel(
  part: DataUIPart<Record<string, unknown>>,
): TextPart | undefined {
  if (part.type !== 'data-reference') return undefined;
  const r = part.data as AttachedReference;
  return {
    type: 'text',
    text: `(attached reference: ${inlineUntrusted(r.name, 80)}, ${r.kind.toUpperCase()})`,
    providerOptions: { atelier: { attachment: true } },
  };
}

/** Whether a prompt's text part is an attachment line rather than the person's own words. */
export const isAttachmentText = (part: {
  providerOptions?: Record<string, Record<string, unknown> | undefined>;
}) => part.providerOptions?.atelier?.attachment === true;
