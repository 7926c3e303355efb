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
