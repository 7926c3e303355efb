import type { DeepEvent } from './deep';
import { inlineUntrusted } from './untrusted';

const q = (text: string) => `"${inlineUntrusted(text, 120)}"`;
const line = (text: string) => inlineUntrusted(text, 200);

/** One line for a person watching a run (CLI stderr, the chat's progress card); page text is neutralised. */
export function describeEvent(e: DeepEvent): string {
  switch (e.type) {
    case 'planned':
      return `planned ${e.queries.length} ${e.queries.length === 1 ? 'query' : 'queries'} at depth ${e.depth}`;
    case 'plan-failed':
      return `planning after ${q(e.query)} failed: ${line(e.error)}`;
    case 'query-started':
      return `searching ${q(e.query)}`;
    case 'query-finished':
      return `finished ${q(e.query)}: ${e.pages} pages, ${e.learnings} learnings`;
    case 'query-failed':
      return `${q(e.query)} failed: ${line(e.error)}`;
    case 'page-read':
      return `read ${line(e.url)}`;
    case 'page-failed':
      return `skipped ${line(e.url)}: ${line(e.error)}`;
    case 'learning':
      return `learned: ${line(e.text)}`;
  }
}
