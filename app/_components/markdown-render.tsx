'use client';

import { memo, useMemo } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { remarkCitations } from '../_lib/citation-markers';
import type { CitationLinks } from '../_lib/search';
import { CitationButton, ReferenceCiteButton } from './citation-button';
import { ExternalLink } from './external-link';
import type { ReferenceLinks } from './markdown';

const components: Components = {
  // Remote images are never fetched: they could track the reader or smuggle data out.
  img: ({ alt, src }) => (
    <span
      data-testid="md-image"
      title={typeof src === 'string' ? src : undefined}
      className="inline rounded bg-neutral-100 px-1 py-0.5 text-[13px] text-neutral-600 underline decoration-dotted"
    >
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
 * Assistant markdown (loaded on its own, see markdown.tsx). No rehype-raw: raw HTML in the text is shown as text, never rendered, and
 * react-markdown's default URL filter drops javascript: and other unsafe link targets. With
 * `citations`, each `[n]` that follows a claim becomes a button for the passage behind it; with
 * `references`, each known `[brief.pdf p.2]` one for the reference (markdown.tsx opens both).
 */
export const MarkdownRender = memo(function MarkdownRender({
  text,
  citations,
  references,
}: {
  text: string;
  citations?: CitationLinks;
  references?: ReferenceLinks;
}) {
  const { plugins, withCitations } = useMemo(() => {
    if (!citations?.byN.size && !references?.byLabel.size)
      return { plugins: [], withCitations: components };
    const cite: Components = {
      ...components,
      // Only the citation plugin makes buttons: markdown has no syntax for them and raw HTML stays text.
      button: ({ node }) => {
        const label = node?.properties?.dataRef;
        if (typeof label === 'string') {
          const at = references?.byLabel.get(label);
          return at ? <ReferenceCiteButton label={label} /> : null;
        }
        const c = citations?.byN.get(Number(node?.properties?.dataCite));
        return c ? <CitationButton citation={c} /> : null;
      },
    };
    const known = {
      n: (n: number) => Boolean(citations?.byN.has(n)),
      label: (l: string) => Boolean(references?.byLabel.has(l)),
    };
    return { plugins: [remarkCitations(known)], withCitations: cite };
  }, [citations, references]);
  return (
    <div className="md">
      <Markdown components={withCitations} remarkPlugins={plugins}>
        {text}
      </Markdown>
    </div>
  );
});
