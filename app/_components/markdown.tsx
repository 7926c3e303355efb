'use client';

import { memo, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';

/** Links open in a new tab without referrer or opener, marked as external. */
export function ExternalLink({ href, children, title }: { href?: string; children?: ReactNode; title?: string }) {
  if (!href) return <span className="text-accent-700">{children}</span>;
  return (
    <a href={href} title={title} target="_blank" rel="noopener noreferrer nofollow" className="text-accent-700 underline decoration-accent-300 underline-offset-2 hover:decoration-accent-600">
      {children}
      <span aria-hidden className="ml-0.5 text-[0.8em] no-underline">
        ↗
      </span>
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

const components: Components = {
  // Remote images are never fetched: they could track the reader or smuggle data out.
  img: ({ alt, src }) => (
    <span data-testid="md-image" title={typeof src === 'string' ? src : undefined} className="inline rounded bg-neutral-100 px-1 py-0.5 text-[13px] text-neutral-600 underline decoration-dotted">
      [image: {alt?.trim() || 'untitled'}] (remote images are not loaded)
    </span>
  ),
  a: ({ href, title, children }) => (
    <ExternalLink href={href} title={title}>
      {children}
    </ExternalLink>
  ),
};

/**
 * Assistant markdown. No rehype-raw: raw HTML in the text is shown as text, never rendered, and
 * react-markdown's default URL filter drops javascript: and other unsafe link targets.
 */
export const AssistantMarkdown = memo(function AssistantMarkdown({ text }: { text: string }) {
  return (
    <div className="md">
      <Markdown components={components}>{text}</Markdown>
    </div>
  );
});
