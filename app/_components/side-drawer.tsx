'use client';

import type { ReactNode } from 'react';
import { useDialog } from '../_lib/use-dialog';

type Props = {
  titleId: string;
  testId: string;
  closeTestId: string;
  width: 'max-w-md' | 'max-w-lg' | 'max-w-3xl';
  /** `center`: a dialog in the middle of the page rather than a panel from the right edge. */
  placement?: 'right' | 'center';
  onClose: () => void;
  header: ReactNode;
  kind?: string;
  children: ReactNode;
};

/** A modal panel from the right edge (or centred): backdrop, a header ending in the close button (focused), the body. */
export function SideDrawer({
  titleId,
  testId,
  closeTestId,
  width,
  placement = 'right',
  onClose,
  header,
  kind,
  children,
}: Props) {
  const close = useDialog<HTMLButtonElement>(onClose);
  return (
    <div
      className={`fixed inset-0 z-50 flex ${placement === 'center' ? 'items-center justify-center p-4' : 'justify-end'}`}
    >
      <div className="absolute inset-0 bg-black/25" onClick={onClose} aria-hidden />
      <aside
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        data-kind={kind}
        className={`relative flex w-full ${width} flex-col bg-white shadow-xl ${placement === 'center' ? 'max-h-full rounded-xl border border-neutral-200' : 'h-full border-l border-neutral-200'}`}
      >
        <header className="flex items-start gap-3 border-b border-neutral-200 px-4 py-3">
          {header}
          <button
            ref={close}
            type="button"
            data-testid={closeTestId}
            onClick={onClose}
            aria-label="Close"
            className="rounded px-1.5 text-lg leading-none text-neutral-400 hover:bg-neutral-100 hover:text-neutral-800"
          >
            ×
          </button>
        </header>
        {children}
      </aside>
    </div>
  );
}
