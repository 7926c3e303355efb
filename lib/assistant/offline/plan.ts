import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { isAttachmentText } from '../attachments';
import { listedReferences } from '../references-note';
import { answer, type ToolResultSeen } from './answer';
import { type Grounding, groundingFrom, referenceRequest } from './grounding';
import { composeImagePrompt } from './image-prompt';
import { detectIntent, researchClause } from './intent';
import { researchFrom } from './research';

export type { ToolResultSeen } from './answer';
export type Plan =
  | { kind: 'tool'; toolName: string; input: Record<string, unknown> }
  | { kind: 'answer'; text: string };

/** The latest user text, the references the system prompt lists, and the tool results produced after it in this turn. */
export function readTurn(prompt: LanguageModelV3Prompt): {
  request: string;
  references: number;
  results: ToolResultSeen[];
} {
  let lastUser = -1;
  prompt.forEach((m, i) => {
    if (m.role === 'user') lastUser = i;
  });
  const user = prompt[lastUser];
  const request =
    user && user.role === 'user'
      ? user.content
          .map((p) => (p.type === 'text' && !isAttachmentText(p) ? p.text : ''))
          .join('\n')
          .trim()
      : '';
  const references = prompt.reduce(
    (n, m) => n + (m.role === 'system' ? listedReferences(m.content) : 0),
    0,
  );
  const results: ToolResultSeen[] = [];
  for (const m of prompt.slice(lastUser + 1)) {
    if (m.role !== 'tool') continue;
    for (const p of m.content) {
      if (p.type === 'tool-result')
        results.push({ toolName: p.toolName, output: 'value' in p.output ? p.output.value : null });
    }
  }
  return { request, references, results };
}

/**
 * What to look up: X of "look up X and make …", a request that only asks for research as it is, or
 * a brief requirement that asks for research.
 */
function researchQuery(request: string, grounding: Grounding | null): string | null {
  const clause = researchClause(request);
  if (clause?.rest) return clause.topic;
  if (detectIntent(request).research) return request;
  return grounding?.requirements.find((q) => detectIntent(q.text).research)?.text ?? null;
}

/**
 * With references attached, an asset request reads them first (and "references" is no reason to
 * search the web); then research (asked for by the request or by the brief), whose findings the
 * composed prompt folds in with their citations; then rendering, each tool once.
 */
export function plan(prompt: LanguageModelV3Prompt, tools: Set<string>): Plan {
  const { request, references, results } = readTurn(prompt);
  // "references" is no reason to research; no asset word contains it, so the asset test is unchanged.
  const asked = references ? request.replace(/\breferences?\b/gi, '') : request;
  const { asset } = detectIntent(asked);
  const called = new Set(results.map((r) => r.toolName));
  if (asset && references && tools.has('read_reference') && !called.has('read_reference')) {
    return { kind: 'tool', toolName: 'read_reference', input: referenceRequest(request) };
  }
  const grounding = groundingFrom(
    results.find((r) => r.toolName === 'read_reference')?.output,
    request,
  );
  const query = researchQuery(asked, grounding);
  if (query && tools.has('search_web') && !called.has('search_web')) {
    return { kind: 'tool', toolName: 'search_web', input: { query: query.slice(0, 300) } };
  }
  const found = results.find((r) => r.toolName === 'search_web')?.output;
  const image = composeImagePrompt(request, grounding, query ? researchFrom(found, query) : null);
  if (asset && tools.has('generate_image') && !called.has('generate_image')) {
    const sources = image.sources?.map((s) => ({ part: s.part, phrase: s.text, cite: s.cite }));
    return {
      kind: 'tool',
      toolName: 'generate_image',
      input: {
        prompt: image.prompt,
        negative: image.negative,
        ...(sources?.length ? { grounding: sources } : {}),
      },
    };
  }
  return {
    kind: 'answer',
    text: answer(request, image, grounding, { research: query !== null, asset }, results, tools),
  };
}
