// What the tools of one turn read (references and search answers), by tool call, so that
// generate_image can name what the model had read when it wrote its prompt.
import type { ModelMessage } from 'ai';
import type { ReadReferenceOutput } from './read-reference';
import type { SearchWebResult } from './search-web';

export type SourceResult =
  | { tool: 'read_reference'; output: ReadReferenceOutput }
  | { tool: 'search_web'; output: SearchWebResult };

export class TurnSources {
  private readonly results = new Map<string, SourceResult>();

  add(toolCallId: string, result: SourceResult): void {
    this.results.set(toolCallId, result);
  }

  /**
   * The results among `messages` (what the model was given for the step that made a call), in the
   * order it read them. A call made in the same step is not among them, even if it finished first.
   */
  seenIn(messages: ModelMessage[]): SourceResult[] {
    const seen: SourceResult[] = [];
    for (const m of messages) {
      if (m.role !== 'tool') continue;
      for (const part of m.content) {
        const result = part.type === 'tool-result' ? this.results.get(part.toolCallId) : undefined;
        if (result) seen.push(result);
      }
    }
    return seen;
  }
}
