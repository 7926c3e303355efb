'use client';

import type { UIMessage } from 'ai';
import { AssistantMarkdown, ExternalLink } from './markdown';
import { GeneratedImages } from './generated-images';
import { summarize, ToolCard } from './tool-card';

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
        <img src={part.url} alt={name} className="max-h-96 max-w-full rounded-lg border border-neutral-200" />
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

export function AssistantParts({ parts }: { parts: Part[] }) {
  const sources = parts.filter((p): p is Extract<Part, { type: 'source-url' }> => p.type === 'source-url');
  return (
    <>
      {parts.map((part, i) => {
        if (part.type === 'text') return part.text ? <AssistantMarkdown key={i} text={part.text} /> : null;
        if (part.type === 'reasoning') {
          return part.text ? (
            <details key={i} className="my-2 text-sm text-neutral-500">
              <summary className="cursor-pointer select-none">Reasoning</summary>
              <p className="mt-1 whitespace-pre-wrap">{part.text}</p>
            </details>
          ) : null;
        }
        if (part.type === 'tool-generate_image') return <GeneratedImages key={i} part={part as Parameters<typeof GeneratedImages>[0]['part']} />;
        if (part.type === 'dynamic-tool' || part.type.startsWith('tool-')) return <ToolCard key={i} part={part as Parameters<typeof ToolCard>[0]['part']} />;
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
            <p key={i} data-testid="data-part" data-type={part.type} className="my-1 text-xs text-neutral-500">
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
    </>
  );
}
