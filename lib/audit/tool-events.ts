import { z } from 'zod';
import { canonicalSha256, errorDigest } from './digest';

/** The fields of an AI SDK UI tool part (`tool-<name>` or `dynamic-tool`) that its events need. */
const ToolPart = z.object({
  type: z.string().regex(/^(tool-.+|dynamic-tool)$/),
  toolCallId: z.string().min(1),
  toolName: z.string().optional(),
  state: z.string(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  errorText: z.string().optional(),
  preliminary: z.boolean().optional(),
});
type ToolPart = z.infer<typeof ToolPart>;

/** States in which the call's input is complete, i.e. the model has made the call. */
const CALLED = new Set([
  'input-available',
  'approval-requested',
  'approval-responded',
  'output-available',
  'output-error',
  'output-denied',
]);

export type ToolEvent = {
  /** One per call and kind: a call is recorded once, and so is its final result. */
  key: string;
  action: 'tool.called' | 'tool.result';
  toolCallId: string;
  /** Ids and digests only: the tool's name, the canonical digest of its input or output. */
  payload: Record<string, unknown>;
};

function result(p: ToolPart): Record<string, unknown> | null {
  // Preliminary outputs are progress reports; only the final one is the result.
  if (p.state === 'output-available' && !p.preliminary)
    return { status: 'ok', outputSha256: canonicalSha256(p.output ?? null) };
  if (p.state === 'output-error') return { status: 'error', ...errorDigest(p.errorText) };
  if (p.state === 'output-denied') return { status: 'denied' };
  return null;
}

/**
 * The tool calls and final results that a message's `parts` show, leaving out the keys in `known`
 * (digests are computed for the new ones only: parts are checked on every streamed chunk).
 */
export function toolEvents(parts: unknown[], known: ReadonlySet<string> = new Set()): ToolEvent[] {
  const events: ToolEvent[] = [];
  for (const raw of parts) {
    const parsed = ToolPart.safeParse(raw);
    if (!parsed.success) continue;
    const p = parsed.data;
    const base = {
      toolCallId: p.toolCallId,
      tool: p.type === 'dynamic-tool' ? (p.toolName ?? 'unknown') : p.type.slice('tool-'.length),
    };
    const called = `called:${p.toolCallId}`;
    if (CALLED.has(p.state) && !known.has(called))
      events.push({
        key: called,
        action: 'tool.called',
        toolCallId: p.toolCallId,
        payload: { ...base, inputSha256: canonicalSha256(p.input ?? null) },
      });
    const done = `result:${p.toolCallId}`;
    const outcome = known.has(done) ? null : result(p);
    if (outcome)
      events.push({
        key: done,
        action: 'tool.result',
        toolCallId: p.toolCallId,
        payload: { ...base, ...outcome },
      });
  }
  return events;
}
