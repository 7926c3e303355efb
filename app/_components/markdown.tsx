'use client';

import {
  type ComponentType,
  lazy,
  type MouseEvent,
  memo,
  Suspense,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { OpenReference, RefPlace } from '../_lib/references';
import type { CitationLinks } from '../_lib/search';
import { useHydrated } from '../_lib/use-hydrated';

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
// chunk of its own, requested when a message first needs it: a page whose messages came rendered
// in its HTML never parses markdown while it loads (see AssistantMarkdown).
type Loaded = { default: ComponentType<Props> };
let loaded: Loaded | null = null;
let loading: Promise<Loaded> | null = null;
const load = () =>
  (loading ??= import('./markdown-render').then(
    (m) => (loaded = { default: m.MarkdownRender }),
    () => (loaded = { default: PlainText }),
  ));
// The server renders every message: there the renderer is loaded with this module.
if (typeof window === 'undefined') void load();

/** Resolves once the renderer is here; from then on it renders synchronously (as in a test). */
export const markdownLoaded = (): Promise<void> => load().then(() => undefined);
// Once loaded, a thenable that React's lazy reads synchronously: no suspending again.
const Render = lazy(
  () =>
    (loaded ? { then: (done: (m: Loaded) => void) => done(loaded!) } : load()) as Promise<Loaded>,
);

/** What decides the rendered HTML: the text and which citations and labels become buttons. */
const renderKey = ({ text, citations, references }: Props) =>
  JSON.stringify([
    text,
    [...(citations?.byN.keys() ?? [])],
    [...(references?.byLabel.keys() ?? [])],
  ]);

// One object for every render, so React never rewrites the element's content (it compares __html).
const KEEP_CONTENT = { __html: '' };

/**
 * The server's HTML of a message, kept as it came: React claims the element while hydrating and
 * leaves what is inside it alone (marked `data-kept`). Should it come empty, `onEmpty` asks for a
 * render. A render of an ancestor while the message still hydrates makes React render it anew.
 */
const ServerHtml = memo(function ServerHtml({ onEmpty }: { onEmpty: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!ref.current?.hasChildNodes()) onEmpty();
    else ref.current.dataset.kept = '';
  }, [onEmpty]);
  return (
    <div ref={ref} className="md" dangerouslySetInnerHTML={KEEP_CONTENT} suppressHydrationWarning />
  );
});

/** Opens what a citation or reference label button inside the markdown points at. */
function openCited(event: MouseEvent<HTMLElement>, { citations, references }: Props) {
  const button = (event.target as Element).closest('button[data-n], button[data-label]');
  if (!button || !event.currentTarget.contains(button)) return;
  const n = button.getAttribute('data-n');
  const citation = n === null ? undefined : citations?.byN.get(Number(n));
  if (citation) return citations!.open(citation);
  const at = references?.byLabel.get(button.getAttribute('data-label') ?? '');
  if (at) references!.open(at.id, at.place);
}

/**
 * Assistant markdown, rendered by markdown-render.tsx. A message the page's HTML brought (rendered
 * on the server) keeps that HTML while the text and its citations stay the same: hydrating it would
 * mean loading and running the parser while the page starts, its costliest task. Any other message
 * renders on the client, shown as written until the renderer's chunk has arrived. Buttons inside
 * open through one listener here, so the server's HTML needs no handlers of its own.
 */
export const AssistantMarkdown = memo(function AssistantMarkdown(props: Props) {
  const hydrated = useHydrated();
  const fromServer = useRef<string | null>(null);
  if (!hydrated && typeof window !== 'undefined' && fromServer.current === null)
    fromServer.current = renderKey(props);
  const [emptyFromServer, setEmptyFromServer] = useState(false);
  const onEmpty = useCallback(() => setEmptyFromServer(true), []);
  const keep = !emptyFromServer && fromServer.current === renderKey(props);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the clicks come from the buttons inside
    // biome-ignore lint/a11y/useKeyWithClickEvents: a focused button turns Enter and Space into this click
    <div onClick={(e) => openCited(e, props)}>
      <Suspense fallback={<PlainText {...props} />}>
        {keep ? <ServerHtml onEmpty={onEmpty} /> : <Render {...props} />}
      </Suspense>
    </div>
  );
});
