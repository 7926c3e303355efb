import Link from 'next/link';
import type { ComponentProps } from 'react';

/**
 * A link between Atelier's pages, fetched when followed and not before. Every page renders per
 * request (proxy.ts sets a CSP nonce), so Next's prefetch of each link in view cost one server render
 * per link on every page view: eight on a chat page with one image, more with each image and each
 * conversation in the sidebar, all while the page was starting.
 */
export function AppLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
