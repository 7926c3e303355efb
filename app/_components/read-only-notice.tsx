'use client';

import { useNewConversation } from '../_lib/use-new-conversation';

/** In place of the composer: why nothing can be added here, and where the work can go on. */
export function ReadOnlyNotice() {
  const { create, busy, canCreate } = useNewConversation();
  return (
    <div
      data-testid="read-only-notice"
      className="flex flex-wrap items-center gap-3 rounded-xl border border-neutral-200 bg-neutral-50 px-4 py-3 text-sm text-neutral-700"
    >
      <p className="min-w-0 flex-1">
        This conversation was imported from a package and is read-only: it keeps exactly what was
        signed.
      </p>
      {canCreate ? (
        <button
          type="button"
          onClick={() => void create()}
          disabled={busy}
          className="rounded-lg border border-neutral-300 bg-white px-3 py-1.5 text-xs font-medium text-neutral-800 hover:bg-neutral-100 disabled:text-neutral-400"
        >
          New conversation
        </button>
      ) : null}
    </div>
  );
}
