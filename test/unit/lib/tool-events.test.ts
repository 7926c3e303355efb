import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalSha256 } from '@/lib/audit/digest';
import { toolEvents } from '@/lib/audit/tool-events';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const input = { query: 'festival poster', depth: 2 };

describe('tool events from message parts', () => {
  it('records a call once its input is complete, and its final result, as digests only', () => {
    const streaming = { type: 'tool-search_web', toolCallId: 'c1', state: 'input-streaming' };
    expect(toolEvents([{ type: 'text', text: 'hi' }, streaming])).toEqual([]);
    const called = { ...streaming, state: 'input-available', input };
    expect(toolEvents([called])).toEqual([
      {
        key: 'called:c1',
        action: 'tool.called',
        toolCallId: 'c1',
        payload: { toolCallId: 'c1', tool: 'search_web', inputSha256: canonicalSha256(input) },
      },
    ]);
    const output = { answer: 'three sources', sources: [{ url: 'https://example.com/' }] };
    const done = { ...called, state: 'output-available', output };
    const events = toolEvents([done]);
    expect(events.map((e) => e.key)).toEqual(['called:c1', 'result:c1']);
    expect(events[1].payload).toEqual({
      toolCallId: 'c1',
      tool: 'search_web',
      status: 'ok',
      outputSha256: canonicalSha256(output),
    });
    // Digests only: neither the input nor the output is in any payload.
    const text = JSON.stringify(events);
    expect(text).not.toContain('festival');
    expect(text).not.toContain('example.com');
  });

  it('leaves out what is known, preliminary outputs, and parts that are not tool calls', () => {
    const running = {
      type: 'tool-generate_image',
      toolCallId: 'c2',
      state: 'output-available',
      input,
      output: { status: 'running', step: 3 },
      preliminary: true,
    };
    expect(toolEvents([running]).map((e) => e.key)).toEqual(['called:c2']);
    expect(toolEvents([running], new Set(['called:c2']))).toEqual([]);
    const final = { ...running, output: { images: [] }, preliminary: undefined };
    expect(toolEvents([final], new Set(['called:c2'])).map((e) => e.key)).toEqual(['result:c2']);
    expect(toolEvents([{ type: 'tool-x', state: 'input-available' }, 'text', null])).toEqual([]);
  });

  it('digests a failed call by its error text; names dynamic tools by their toolName', () => {
    const failed = {
      type: 'dynamic-tool',
      toolName: 'read_reference',
      toolCallId: 'c3',
      state: 'output-error',
      input: undefined,
      errorText: 'the reference is gone',
    };
    expect(toolEvents([failed]).map((e) => e.payload)).toEqual([
      { toolCallId: 'c3', tool: 'read_reference', inputSha256: canonicalSha256(null) },
      {
        toolCallId: 'c3',
        tool: 'read_reference',
        status: 'error',
        errorSha256: sha256('the reference is gone'),
      },
    ]);
  });
});
