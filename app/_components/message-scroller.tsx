'use client';

import { type ReactNode, useLayoutEffect, useRef } from 'react';

/** Scrolls with new content while the reader is at the bottom; leaves them alone when they scrolled up. */
export function MessageScroller({ trigger, children }: { trigger: unknown; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [trigger]);

  return (
    <div
      ref={ref}
      data-testid="message-list"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
      className="min-h-0 flex-1 overflow-y-auto"
    >
      <div className="mx-auto flex max-w-3xl flex-col gap-5 px-4 py-6 sm:px-6">{children}</div>
    </div>
  );
}
