import { tool } from 'ai';
import { z } from 'zod';
import type { SearchOutcome } from '../../search/store/outcome';
import { runSearch } from '../../search/service';
import { inlineUntrusted, newNonce, quoteUntrusted, UNTRUSTED_PREAMBLE } from '../../search/untrusted';
import type { ToolFactory } from './registry';

const Input = z.object({
  query: z.string().trim().min(1).max(500).describe('What to research, in plain words'),
  deep: z.boolean().optional().describe('Plan sub-queries and follow-ups (default true)'),
  breadth: z.number().int().min(1).max(6).optional(),
  depth: z.number().int().min(1).max(3).optional(),
});

const PASSAGE_CHARS = 500;

export type SearchWebOutput = {
  runId: string;
  answer: string;
  citations: Array<{ n: number; url: string; title: string; passage: string; status: string }>;
  sources: Array<{ url: string; title: string; fetchedAt: string | null; sha256: string | null }>;
};

export function compactOutcome(o: SearchOutcome): SearchWebOutput {
  return {
    runId: o.runId,
    answer: o.answer,
    citations: o.citations.map((c) => ({ n: c.n, url: c.url, title: c.title, passage: c.passage.slice(0, PASSAGE_CHARS), status: c.status })),
    sources: o.sources.map((s) => ({ url: s.finalUrl, title: s.title, fetchedAt: s.fetchedAt, sha256: s.sha256 })),
  };
}

/**
 * What the model reads: a trusted one-line summary, then the answer and every cited passage as
 * quoted web data (the answer is built from page sentences, so it is quoted too).
 */
export function searchForModel(out: SearchWebOutput, query: string): string {
  const nonce = newNonce();
  const head = `search_web found ${out.sources.length} sources and ${out.citations.length} citations for "${inlineUntrusted(query, 120)}" (run ${out.runId}).`;
  const blocks = [
    quoteUntrusted(out.answer, { id: 'answer' }, nonce),
    ...out.citations.map((c) => quoteUntrusted(c.passage, { id: `[${c.n}]`, url: c.url, title: c.title }, nonce)),
  ];
  return [head, UNTRUSTED_PREAMBLE, 'Cite passages by their [n].', ...blocks].join('\n\n');
}

/** `search_web`: a search run for the conversation's workspace, recorded against the assistant message. */
export const searchWebTool: ToolFactory = (ctx) =>
  tool({
    description:
      'Research the web and the workspace\'s stored pages and references. Returns a cited answer (style references, subject facts, typography conventions) with the passages behind each [n].',
    inputSchema: Input,
    execute: async ({ query, deep, breadth, depth }, { abortSignal }) => {
      // The run refers to the assistant message, whose row commits while the model starts.
      await ctx.recorded;
      return compactOutcome(
        await runSearch(ctx.db, ctx.principal, ctx.workspaceId, {
          query,
          deep: deep ?? true,
          breadth: breadth ?? 2,
          depth: depth ?? 2,
          conversationId: ctx.conversationId,
          messageId: ctx.assistantMessageId,
          signal: abortSignal,
        }),
      );
    },
    toModelOutput: ({ input, output }) => ({ type: 'text', value: searchForModel(output, input.query) }),
  });
