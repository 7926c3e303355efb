'use client';

import dynamic from 'next/dynamic';
import { useCallback, useState } from 'react';
import { imageCount } from '../_lib/packages';
import type { ReferenceView } from '../_lib/references';
import type { MessageRow } from '../_lib/types';

// Opened from the header: a chunk of its own, fetched when first shown.
const ExportDialog = dynamic(() => import('./export-dialog').then((m) => m.ExportDialog), {
  ssr: false,
});

type Props = {
  conversationId: string;
  messages: MessageRow[];
  references: ReferenceView[] | null;
  approvedImages: number;
};

/** The header's Export button and the dialog it opens. */
export function ExportAction({ conversationId, messages, references, approvedImages }: Props) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button
        type="button"
        data-testid="export-open"
        onClick={() => setOpen(true)}
        title="Download this conversation as a signed package"
        className="rounded-md px-2 py-1 text-xs font-medium text-neutral-600 hover:bg-neutral-100"
      >
        Export
      </button>
      {open ? (
        <ExportDialog
          conversationId={conversationId}
          messages={messages.length}
          images={imageCount(messages)}
          approvedImages={approvedImages}
          references={references}
          onClose={close}
        />
      ) : null}
    </>
  );
}
