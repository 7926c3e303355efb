import type { ReactNode } from 'react';

/** Links open in a new tab without referrer or opener, marked as external. */
export function ExternalLink({
  href,
  children,
  title,
}: {
  href?: string;
  children?: ReactNode;
  title?: string;
}) {
  if (!href) return <span className="text-accent-700">{children}</span>;
  return (
    <a
      href={href}
      title={title}
      target="_blank"
      rel="noopener noreferrer nofollow"
      className="text-accent-700 underline decoration-accent-300 underline-offset-2 hover:decoration-accent-600"
    >
      {children}
      <span aria-hidden className="ml-0.5 text-[0.8em] no-underline">
        ↗
      </span>
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
