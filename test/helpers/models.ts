import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import { sleep } from '@/lib/util/sleep';

const usage = {
  inputTokens: { total: 1, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: undefined, reasoning: undefined },
};

/**
 * Streams `words` with `firstDelayMs` before the first and `gapMs` between the rest, honouring abort.
 * Records the prompts it was called with.
 */
export function scriptedModel(
  words: string[],
  firstDelayMs = 0,
  gapMs = 0,
): LanguageModelV3 & { prompts: LanguageModelV3CallOptions['prompt'][] } {
  const prompts: LanguageModelV3CallOptions['prompt'][] = [];
  return {
    specificationVersion: 'v3',
    provider: 'test',
    modelId: 'scripted',
    supportedUrls: {},
    prompts,
    async doGenerate() {
      throw new Error('not used');
    },
    async doStream(options) {
      prompts.push(options.prompt);
      const signal = options.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(c) {
          try {
            c.enqueue({ type: 'stream-start', warnings: [] });
            c.enqueue({ type: 'text-start', id: 't' });
            for (let i = 0; i < words.length; i++) {
              await sleep(i === 0 ? firstDelayMs : gapMs, signal);
              c.enqueue({ type: 'text-delta', id: 't', delta: words[i] });
            }
            c.enqueue({ type: 'text-end', id: 't' });
            c.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage });
            c.close();
          } catch (err) {
            c.error(err);
          }
        },
      });
      return { stream };
    },
  };
}

/**
 * A model that calls `toolName` with `input` once, then, when the prompt holds the tool's result,
 * answers `done`: a stand-in for an LLM writing its own tool call.
 */
export function toolCallingModel(
  toolName: string,
  input: Record<string, unknown>,
  done = 'Done.',
): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'test',
    modelId: 'tool-calling',
    supportedUrls: {},
    async doGenerate() {
      throw new Error('not used');
    },
    async doStream(options) {
      const called = options.prompt.some((m) => m.role === 'tool');
      const parts: LanguageModelV3StreamPart[] = called
        ? [
            { type: 'text-start', id: 't' },
            { type: 'text-delta', id: 't', delta: done },
            { type: 'text-end', id: 't' },
            { type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage },
          ]
        : [
            {
              type: 'tool-call',
              toolCallId: 'call-1',
              toolName,
              input: JSON.stringify(input),
            },
            { type: 'finish', finishReason: { unified: 'tool-calls', raw: undefined }, usage },
          ];
      return {
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(c) {
            c.enqueue({ type: 'stream-start', warnings: [] });
            for (const p of parts) c.enqueue(p);
            c.close();
          },
        }),
      };
    },
  };
}
