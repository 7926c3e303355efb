import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { sleep } from '../../util/sleep';
import { plan } from './plan';

export const OFFLINE_MODEL_ID = 'offline';

const usage = (output: string): LanguageModelV3Usage => ({
  inputTokens: {
    total: undefined,
    noCache: undefined,
    cacheRead: undefined,
    cacheWrite: undefined,
  },
  outputTokens: { total: output.split(/\s+/).length, text: undefined, reasoning: undefined },
});

function toolNames(options: LanguageModelV3CallOptions): Set<string> {
  return new Set((options.tools ?? []).filter((t) => t.type === 'function').map((t) => t.name));
}

/**
 * A deterministic language model: it plans tool calls from the request's words and composes a
 * grounded answer, so the same AI SDK streaming and tool loop runs with no LLM at all.
 */
export class OfflineComposer implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'atelier';
  readonly modelId = OFFLINE_MODEL_ID;
  readonly supportedUrls = {};
  private callCount = 0;

  constructor(private readonly opts: { chunkDelayMs?: number } = {}) {}

  async doGenerate(options: LanguageModelV3CallOptions) {
    const step = plan(options.prompt, toolNames(options));
    const content: LanguageModelV3Content[] =
      step.kind === 'tool'
        ? [
            {
              type: 'tool-call',
              toolCallId: this.nextId(),
              toolName: step.toolName,
              input: JSON.stringify(step.input),
            },
          ]
        : [{ type: 'text', text: step.text }];
    const text = step.kind === 'answer' ? step.text : '';
    return {
      content,
      finishReason: {
        unified: step.kind === 'tool' ? ('tool-calls' as const) : ('stop' as const),
        raw: undefined,
      },
      usage: usage(text),
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV3CallOptions) {
    const step = plan(options.prompt, toolNames(options));
    const delay = this.opts.chunkDelayMs ?? 0;
    const id = this.nextId();
    const signal = options.abortSignal;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      async start(controller) {
        try {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          if (step.kind === 'tool') {
            controller.enqueue({
              type: 'tool-call',
              toolCallId: id,
              toolName: step.toolName,
              input: JSON.stringify(step.input),
            });
            controller.enqueue({
              type: 'finish',
              finishReason: { unified: 'tool-calls', raw: undefined },
              usage: usage(''),
            });
          } else {
            controller.enqueue({ type: 'text-start', id });
            for (const chunk of step.text.match(/\S+\s*|\s+/g) ?? []) {
              if (delay) await sleep(delay, signal);
              controller.enqueue({ type: 'text-delta', id, delta: chunk });
            }
            controller.enqueue({ type: 'text-end', id });
            controller.enqueue({
              type: 'finish',
              finishReason: { unified: 'stop', raw: undefined },
              usage: usage(step.text),
            });
          }
          controller.close();
        } catch (err) {
          controller.error(err);
        }
      },
    });
    return { stream };
  }

  private nextId(): string {
    this.callCount += 1;
    return `offline-${this.callCount}`;
  }
}
