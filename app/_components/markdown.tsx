'use client';

import { type ComponentType, lazy, memo, Suspense } from 'react';
import type { OpenReference, RefPlace } from '../_lib/references';
import type { CitationLinks } from '../_lib/search';

export { ExternalLink } from './external-link';

export type ReferenceLinks = {
  byLabel: Map<string, { id: string; place: RefPlace }>;
  open: OpenReference;
};

type Props = { text: string; citations?: CitationLinks; references?: ReferenceLinks };

/** The text as written: shown until the renderer arrives (or if it cannot be loaded). */
function PlainText({ text }: Props) {
  return <div className="md whitespace-pre-wrap">{text}</div>;
}

// The markdown renderer (react-markdown and its parsers, half of the chat page's own code) is a
// chunk of its own, requested as soon as this module runs: the page's first script then has less
// to parse and run, and the renderer arrives and hydrates in tasks of its own.
type Loaded = { default: ComponentType<Props> };
let loaded: Loaded | null = null;
let loading: Promise<Loaded> | null = null;
const load = () =>
  (loading ??= import('./markdown-render').then(
    (m) => (loaded = { default: m.MarkdownRender }),
    () => (loaded = { default: PlainText }),
  ));
void load();

/** Resolves once the renderer is here; from then on it renders synchronously (as in a test). */
export const markdownLoaded = (): Promise<void> => load().then(() => undefined);
// Once loaded, a thenable that React's lazy reads synchronously: no suspending again.
const Render = lazy(
  () =>
    (loaded ? { then: (done: (m: Loaded) => void) => done(loaded!) } : load()) as Promise<Loaded>,
);

/**
 * Assistant markdown, rendered by markdown-render.tsx. Until that chunk has arrived (a message shown
 * before it, on a page that did not come with it) the text shows as written; the page's own HTML,
 * rendered on the server, stays as it is while it hydrates.
 */
export const AssistantMarkdown = memo(function AssistantMarkdown(props: Props) {
  return (
    <Suspense fallback={<PlainText {...props} />}>
      <Render {...props} />
    </Suspense>
  );
});
