'use client';

import type { PromptWhy } from '@/lib/assistant/tools/prompt-why';
import type { CitationLinks } from '../_lib/search';
import { CitationButton, ReferenceCiteButton } from './citation-button';
import type { ReferenceLinks } from './markdown';

const PART: Record<PromptWhy['part'], string> = {
  subject: 'Subject',
  style: 'Style',
  palette: 'Palette',
  typography: 'Typography',
  text: 'Exact text',
};

/**
 * "Why this prompt": each phrase that a search finding or a reference gave the prompt, with the
 * citations behind it; a citation opens its passage (or the reference) like one in the text.
 */
export function PromptWhyDetails({
  why,
  citations,
  references,
}: {
  why: PromptWhy[];
  /** The message's finished searches, by run id. */
  citations?: Map<string, CitationLinks>;
  references?: ReferenceLinks;
}) {
  if (!why.length) return null;
  return (
    <details data-testid="prompt-why" className="mt-1 text-xs text-neutral-600">
      <summary className="cursor-pointer select-none text-neutral-500 hover:text-neutral-700">
        Why this prompt
      </summary>
      <ul className="mt-1 space-y-0.5 pl-1" aria-label="Phrases of the prompt and their sources">
        {why.map((w) => (
          <li key={`${w.part}:${w.phrase}`} data-testid="prompt-why-item" data-part={w.part}>
            <span className="font-medium text-neutral-700">{PART[w.part]}:</span> “{w.phrase}”{' '}
            {w.search.map(({ runId, n }) => {
              const links = citations?.get(runId);
              const c = links?.byN.get(n);
              return c ? (
                <CitationButton key={`${runId}:${n}`} citation={c} onOpen={links!.open} />
              ) : (
                <span key={`${runId}:${n}`} className="font-mono">
                  [{n}]
                </span>
              );
            })}
            {w.references.map((label) => {
              const at = references?.byLabel.get(label);
              return at ? (
                <ReferenceCiteButton
                  key={label}
                  label={label}
                  onOpen={() => references!.open(at.id, at.place)}
                />
              ) : (
                <span key={label} className="font-mono">
                  {label}
                </span>
              );
            })}
          </li>
        ))}
      </ul>
    </details>
  );
}
