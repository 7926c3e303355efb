'use client';

import {
  type ComponentType,
  lazy,
  type MouseEvent,
  memo,
  Suspense,
  useLayoutEffect,
  useRef,
} from 'react';
import type { OpenReference, RefPlace } from '../_lib/references';
import type { CitationLinks } from '../_lib/search';
import { serverHtmlReader } from '../_lib/server-html';

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

/** A short name for a render key (FNV-1a and the length), written on the message by the server. */
function keyName(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(36)}.${key.length.toString(36)}`;
}

let pageHtml: ((name: string) => string | undefined) | null = null;
const serverHtmlOf = (name: string) => (pageHtml ??= serverHtmlReader(document))(name);

/**
 * A message's HTML as the server rendered it. Hydrating, React claims the element and leaves its
 * content alone (the same string); rendering anew (after an update above it reached the message
 * before it hydrated), React writes it back. Either way no parser runs. Marked `data-kept`.
 */
const ServerHtml = memo(function ServerHtml({ html }: { html: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) ref.current.dataset.kept = '';
  }, []);
  return (
    <div
      ref={ref}
      className="md"
      dangerouslySetInnerHTML={{ __html: html }}
      suppressHydrationWarning
    />
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
 * on the server) shows that HTML for as long as its text and its citations stay the same: rendering
 * it again would mean loading and running the parser while the page starts, its costliest task. Any
 * other message renders on the client, shown as written until the renderer's chunk has arrived.
 * Buttons inside open through one listener here, so the server's HTML needs no handlers of its own.
 *
 * The server renders without a Suspense boundary: React streams a large enough boundary late
 * ("outlined": its fallback first, its content swapped in after), which would show the text as
 * written and leave the client nothing to keep while it hydrates.
 */
export const AssistantMarkdown = memo(function AssistantMarkdown(props: Props) {
  const name = keyName(renderKey(props));
  const onServer = typeof window === 'undefined';
  const html = onServer ? undefined : serverHtmlOf(name);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the clicks come from the buttons inside
    // biome-ignore lint/a11y/useKeyWithClickEvents: a focused button turns Enter and Space into this click
    <div data-md={name} onClick={(e) => openCited(e, props)}>
      {onServer ? (
        <Render {...props} />
      ) : html !== undefined ? (
        <ServerHtml html={html} />
      ) : (
        <Suspense fallback={<PlainText {...props} />}>
          <Render {...props} />
        </Suspense>
      )}
    </div>
  );
});
