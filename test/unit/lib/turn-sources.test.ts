// What generate_image names as its prompt's sources: only the results the model had been given
// when it made the call, in the order it read them.
import type { ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import type { SearchWebResult } from '@/lib/assistant/tools/search-web';
import { TurnSources } from '@/lib/assistant/tools/turn-sources';

const search = (runId: string): SearchWebResult => ({
  runId,
  answer: '',
  citations: [],
  sources: [],
});
const result = (toolCallId: string, toolName: string): ModelMessage => ({
  role: 'tool',
  content: [{ type: 'tool-result', toolCallId, toolName, output: { type: 'text', value: '' } }],
});

describe('TurnSources', () => {
  it('gives the results in the messages, in their order, and not a call made beside it', () => {
    const sources = new TurnSources();
    sources.add('read-1', { tool: 'read_reference', output: { references: [] } });
    sources.add('search-2', { tool: 'search_web', output: search('run-2') });
    // Made in the same step as generate_image: finished, but the model had not read it.
    sources.add('search-3', { tool: 'search_web', output: search('run-3') });
    const messages: ModelMessage[] = [
      { role: 'user', content: 'a banner' },
      result('search-2', 'search_web'),
      result('read-1', 'read_reference'),
      result('other-4', 'compare'),
    ];
    expect(sources.seenIn(messages)).toEqual([
      { tool: 'search_web', output: search('run-2') },
      { tool: 'read_reference', output: { references: [] } },
    ]);
    expect(sources.seenIn([])).toEqual([]);
  });
});
