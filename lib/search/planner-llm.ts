import { generateText, type LanguageModel } from 'ai';
import { pickNew, type ResearchPlanner } from './planner';
import { quoteAll } from './untrusted';

/**
 * A planner backed by any AI SDK language model. What the branch learned comes from web pages, so
 * it reaches the model only as quoted data; the model answers with one query per line.
 */
export function languageModelPlanner(
  model: LanguageModel,
  opts: { signal?: AbortSignal } = {},
): ResearchPlanner {
  return {
    name: 'language-model',
    async plan(input) {
      const learned = input.learnings.length
        ? quoteAll(input.learnings.map((text, i) => ({ id: `L${i + 1}`, text })))
        : 'Nothing has been learned yet.';
      const { text } = await generateText({
        model,
        abortSignal: opts.signal,
        system:
          'You plan web searches for a design team researching a brief. Answer with search queries only, ' +
          'one per line, no numbering, no commentary. Each query must be distinct from the ones already asked.',
        prompt: [
          `Research question: ${input.root}`,
          `Refine this step: ${input.query}`,
          `Give at most ${input.breadth} queries.`,
          `Already asked:\n${input.asked.map((q) => `- ${q}`).join('\n') || '- (none)'}`,
          `Learned so far:\n${learned}`,
        ].join('\n\n'),
      });
      const lines = text
        .split('\n')
        .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
        .filter((l) => l.length > 2 && l.length <= 300);
      return pickNew(
        lines.map((q) => ({ query: q, goal: 'planned by the language model' })),
        input.asked,
        input.breadth,
      );
    },
  };
}
