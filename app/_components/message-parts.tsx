'use client';

import type { UIMessage } from 'ai';
import dynamic from 'next/dynamic';
import { useCallback, useMemo, useState } from 'react';
import { type ReadReferenceOutput, referenceLabels } from '../_lib/references';
import {
  type Citation,
  type CitationLinks,
  isRunning,
  type SearchWebOutput,
  type SearchWebResult,
} from '../_lib/search';
import { GeneratedImages } from './generated-images';
import { AssistantMarkdown, ExternalLink, type ReferenceLinks } from './markdown';
import { ReadReferencePart } from './read-reference-part';
import { useOpenReference } from './reference-context';
import { SearchWebPart } from './search-web-part';
import { summarize, ToolCard } from './tool-card';

// Opened from a citation: a chunk of its own, fetched when first shown.
const PassageDrawer = dynamic(() => import('./passage-drawer').then((m) => m.PassageDrawer), {
  ssr: false,
});

type Part = UIMessage['parts'][number];

/** Same-origin paths and inline data only: nothing is fetched from another host. */
function isLocalImage(url: string, mediaType: string | undefined): boolean {
  if (!mediaType?.startsWith('image/')) return false;
  if (url.startsWith('data:image/')) return true;
  return url.startsWith('/') && !url.startsWith('//');
}

function FilePart({ part }: { part: Extract<Part, { type: 'file' }> }) {
  const name = part.filename ?? part.mediaType;
  if (isLocalImage(part.url, part.mediaType)) {
    return (
      <figure className="my-2">
        <img
          src={part.url}
          alt={name}
          className="max-h-96 max-w-full rounded-lg border border-neutral-200"
        />
        <figcaption className="mt-1 text-xs text-neutral-500">{name}</figcaption>
      </figure>
    );
  }
  return (
    <span className="my-1 inline-block rounded bg-neutral-100 px-2 py-0.5 text-xs text-neutral-600">
      [file: {name}]{part.mediaType?.startsWith('image/') ? ' (remote images are not loaded)' : ''}
    </span>
  );
}

type SearchPart = Parameters<typeof SearchWebPart>[0]['part'];
const searchResultOf = (p: Part): SearchWebResult | null => {
  const out = p.type === 'tool-search_web' ? (p as { output?: SearchWebOutput }).output : undefined;
  return isRunning(out) ? null : out;
};

/** The citations of each finished search, by run; the text's `[n]` refer to the latest one. */
function useCitationLinks(parts: Part[], open: (c: Citation) => void) {
  const results = parts.map(searchResultOf).filter((r): r is SearchWebResult => r !== null);
  const key = results.map((r) => r.runId).join(',');
  // A finished run's citations never change, so its run id stands for them.
  return useMemo(
    () =>
      new Map<string, CitationLinks>(
        results.map((r) => [r.runId, { byN: new Map(r.citations.map((c) => [c.n, c])), open }]),
      ),
    [key, open],
  );
}

/** The citation labels (`[brief.pdf p.2]`) of the message's read_reference results, to open in the viewer. */
function useReferenceLinks(parts: Part[]): ReferenceLinks | undefined {
  const open = useOpenReference();
  const outputs = parts
    .filter((p) => p.type === 'tool-read_reference')
    .map((p) => (p as { output?: ReadReferenceOutput }).output)
    .filter((o): o is ReadReferenceOutput => Boolean(o?.references));
  const key = outputs.map((o) => o.references.map((r) => r.id).join('+')).join(',');
  // A finished read's labels never change, so the ids it read stand for them.
  return useMemo(
    () => (open && outputs.length ? { byLabel: referenceLabels(outputs), open } : undefined),
    [key, open],
  );
}

/** `live`: the message is still streaming (a tool without its result is still at work). */
export function AssistantParts({ parts, live = true }: { parts: Part[]; live?: boolean }) {
  const sources = parts.filter(
    (p): p is Extract<Part, { type: 'source-url' }> => p.type === 'source-url',
  );
  const [cited, setCited] = useState<Citation | null>(null);
  const closeDrawer = useCallback(() => setCited(null), []);
  const links = useCitationLinks(parts, setCited);
  const textLinks = [...links.values()].at(-1);
  const refLinks = useReferenceLinks(parts);
  return (
    <>
      {parts.map((part, i) => {
        if (part.type === 'text')
          return part.text ? (
            <AssistantMarkdown
              key={i}
              text={part.text}
              citations={textLinks}
              references={refLinks}
            />
          ) : null;
        if (part.type === 'reasoning') {
          return part.text ? (
            <details key={i} className="my-2 text-sm text-neutral-500">
              <summary className="cursor-pointer select-none">Reasoning</summary>
              <p className="mt-1 whitespace-pre-wrap">{part.text}</p>
            </details>
          ) : null;
        }
        if (part.type === 'tool-search_web') {
          const run = searchResultOf(part)?.runId;
          return (
            <SearchWebPart
              key={i}
              part={part as SearchPart}
              links={(run && links.get(run)) || EMPTY_LINKS}
              live={live}
            />
          );
        }
        if (part.type === 'tool-read_reference')
          return (
            <ReadReferencePart
              key={i}
              part={part as Parameters<typeof ReadReferencePart>[0]['part']}
            />
          );
        if (part.type === 'tool-generate_image')
          return (
            <GeneratedImages
              key={i}
              part={part as Parameters<typeof GeneratedImages>[0]['part']}
              citations={links}
              references={refLinks}
            />
          );
        if (part.type === 'dynamic-tool' || part.type.startsWith('tool-'))
          return <ToolCard key={i} part={part as Parameters<typeof ToolCard>[0]['part']} />;
        if (part.type === 'file') return <FilePart key={i} part={part} />;
        if (part.type === 'source-document') {
          return (
            <p key={i} className="my-1 text-xs text-neutral-500">
              Source: {part.title}
            </p>
          );
        }
        if (part.type.startsWith('data-')) {
          const data = (part as { data?: unknown }).data;
          return (
            <p
              key={i}
              data-testid="data-part"
              data-type={part.type}
              className="my-1 text-xs text-neutral-500"
            >
              <span className="font-mono">{part.type.slice(5)}</span> {summarize(data, 120)}
            </p>
          );
        }
        return null;
      })}
      {sources.length ? (
        <div className="mt-3 border-t border-neutral-100 pt-2">
          <p className="text-xs font-medium text-neutral-500">Sources</p>
          <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-xs text-neutral-600">
            {sources.map((s) => (
              <li key={s.sourceId}>
                <ExternalLink href={s.url}>{s.title || s.url}</ExternalLink>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {cited ? <PassageDrawer citation={cited} onClose={closeDrawer} /> : null}
    </>
  );
}

const EMPTY_LINKS: CitationLinks = { byN: new Map(), open: () => undefined };
