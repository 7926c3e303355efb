import type { ReactNode } from 'react';

type Props = {
  title: string;
  canWrite: boolean;
  refCount: number;
  referencesOpen: boolean;
  onToggleReferences: () => void;
  onOpenAudit: () => void;
  /** More header actions (Export), before the panel buttons. */
  children?: ReactNode;
};

const TOGGLE = 'rounded-md px-2 py-1 text-xs font-medium';

/** The conversation's title, the viewer's access, and the buttons for its side panels. */
export function ConversationHeader({
  title,
  canWrite,
  refCount,
  referencesOpen,
  onToggleReferences,
  onOpenAudit,
  children,
}: Props) {
  return (
    // On a phone the title takes a row of its own: beside four buttons it would show three letters.
    <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-neutral-200 px-4 py-2.5 sm:flex-nowrap sm:px-6">
      <h1
        data-testid="conversation-title"
        className="w-full min-w-0 truncate text-sm font-semibold text-neutral-900 sm:w-auto sm:flex-1"
      >
        {title.trim() || 'Untitled conversation'}
      </h1>
      {!canWrite ? (
        <span className="rounded-full bg-neutral-100 px-2 py-0.5 text-xs text-neutral-600">
          View only
        </span>
      ) : null}
      {children}
      <button
        type="button"
        data-testid="audit-open"
        onClick={onOpenAudit}
        title="Who did what in this conversation"
        className={`${TOGGLE} text-neutral-600 hover:bg-neutral-100`}
      >
        Audit
      </button>
      <button
        type="button"
        data-testid="references-toggle"
        aria-pressed={referencesOpen}
        onClick={onToggleReferences}
        className={`${TOGGLE} ${referencesOpen ? 'bg-neutral-100 text-neutral-900' : 'text-neutral-600 hover:bg-neutral-100'}`}
      >
        References{refCount ? ` · ${refCount}` : ''}
      </button>
    </header>
  );
}
