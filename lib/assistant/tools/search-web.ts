import { tool } from 'ai';
import { z } from 'zod';
import type { DeepProgress } from '../../search/deep';
import { describeEvent } from '../../search/progress';
import { runSearch } from '../../search/service';
import type { SearchOutcome } from '../../search/store/outcome';
import {
  inlineUntrusted,
  newNonce,
  quoteUntrusted,
  UNTRUSTED_PREAMBLE,
} from '../../search/untrusted';
import { latestProgress } from './progress';
import type { ToolFactory } from './registry';
import { type Finding, findingLines, findingsOf } from './search-findings';

const Input = z.object({
  query: z.string().trim().min(1).max(500).describe('What to research, in plain words'),
  deep: z.boolean().optional().describe('Plan sub-queries and follow-ups (default true)'),
  breadth: z.number().int().min(1).max(6).optional(),
  depth: z.number().int().min(1).max(3).optional(),
});

const PASSAGE_CHARS = 500;
const SNIPPET_CHARS = 240;

/** A preliminary result while the run works: its running totals and the latest thing it did. */
export type SearchWebProgress = { status: 'running'; latest: string } & DeepProgress['totals'];

export type SearchWebResult = {
  runId: string;
  answer: string;
  citations: Array<{
    n: number;
    url: string;
    title: string;
    passage: string;
    status: string;
    chunkId: string;
    start: number;
    end: number;
  }>;
  sources: Array<{
    url: string;
    title: string;
    fetchedAt: string | null;
    sha256: string | null;
    snippet: string;
  }>;
  /** The answer's findings by facet with their citations (absent in results stored before them). */
  findings?: Finding[];
};

export type SearchWebOutput = SearchWebProgress | SearchWebResult;

export const isSearchProgress = (o: SearchWebOutput): o is SearchWebProgress =>
  'status' in o && o.status === 'running';

export function compactOutcome(o: SearchOutcome): SearchWebResult {
  return {
    runId: o.runId,
    answer: o.answer,
    citations: o.citations.map((c) => ({
      n: c.n,
      url: c.url,
      title: c.title,
      passage: c.passage.slice(0, PASSAGE_CHARS),
      status: c.status,
      chunkId: c.chunkId,
      start: c.start,
      end: c.end,
    })),
    sources: o.sources.map((s) => ({
      url: s.finalUrl,
      title: s.title,
      fetchedAt: s.fetchedAt,
      sha256: s.sha256,
      snippet: s.snippet.slice(0, SNIPPET_CHARS),
    })),
    findings: findingsOf(o),
  };
}

export const progressOf = ({ event, totals }: DeepProgress): SearchWebProgress => ({
  status: 'running',
  ...totals,
  latest: describeEvent(event),
});

/**
 * What the model reads: a trusted one-line summary, then the answer, the findings by facet and every
 * cited passage as quoted web data (all are page sentences, so all are quoted). A run that never
 * finished (its turn was interrupted) is reported by its totals alone.
 */
export function searchForModel(out: SearchWebOutput, query: string): string {
  if (isSearchProgress(out)) {
    return `search_web did not finish for "${inlineUntrusted(query, 120)}" (stopped after ${out.completed + out.failed} of ${out.queries} queries and ${out.pagesRead} pages); it has no answer.`;
  }
  const nonce = newNonce();
  const head = `search_web found ${out.sources.length} sources and ${out.citations.length} citations for "${inlineUntrusted(query, 120)}" (run ${out.runId}).`;
  const findings = out.findings ?? [];
  const blocks = [
    quoteUntrusted(out.answer, { id: 'answer' }, nonce),
    ...(findings.length ? [quoteUntrusted(findingLines(findings), { id: 'findings' }, nonce)] : []),
    ...out.citations.map((c) =>
      quoteUntrusted(c.passage, { id: `[${c.n}]`, url: c.url, title: c.title }, nonce),
    ),
  ];
  const how = findings.length
    ? 'Cite passages by their [n]. The findings block lists what the sources say by facet (style, subject, typography, palette) as "facet [n]: finding" lines: fold those that fit the request into the image prompt, and name each phrase you took with its [n] in generate_image\'s grounding.'
    : 'Cite passages by their [n].';
  return [head, UNTRUSTED_PREAMBLE, how, ...blocks].join('\n\n');
}

/**
 * `search_web`: a search run for the conversation's workspace, recorded against the assistant
 * message. Yields the run's progress as preliminary results (shown live in the chat), then the result.
 */
export const searchWebTool: ToolFactory = (ctx) =>
  tool({
    description:
      "Research the web and the workspace's stored pages and references. Returns a cited answer (style references, subject facts, typography conventions) with the passages behind each [n].",
    inputSchema: Input,
    async *execute(
      { query, deep, breadth, depth },
      { abortSignal, toolCallId },
    ): AsyncGenerator<SearchWebOutput> {
      // The run refers to the assistant message, whose row commits while the model starts.
      await ctx.recorded;
      const outcome = yield* latestProgress((report: (p: SearchWebProgress) => void) =>
        runSearch(ctx.db, ctx.principal, ctx.workspaceId, {
          query,
          deep: deep ?? true,
          breadth: breadth ?? 2,
          depth: depth ?? 2,
          conversationId: ctx.conversationId,
          messageId: ctx.assistantMessageId,
          signal: abortSignal,
          onProgress: (p) => report(progressOf(p)),
        }),
      );
      const result = compactOutcome(outcome);
      ctx.sources.add(toolCallId, { tool: 'search_web', output: result });
      yield result;
    },
    toModelOutput: ({ input, output }) => ({
      type: 'text',
      value: searchForModel(output, input.query),
    }),
  });
