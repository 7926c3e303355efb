'use client';

import { useState } from 'react';
import type { AttachedReference } from '../_lib/references';
import type { MessageStatus } from '../_lib/types';
import { BranchSwitcher } from './branch-switcher';
import { useOpenReference } from './reference-context';
import { ReferenceIcon } from './reference-icon';

function Attached({ items }: { items: AttachedReference[] }) {
  const open = useOpenReference();
  return (
    <ul
      data-testid="message-attachments"
      className="mb-1.5 flex max-w-[85%] flex-wrap justify-end gap-1.5"
    >
      {items.map((a) => (
        <li key={a.id}>
          <button
            type="button"
            data-testid="message-attachment"
            onClick={() => open?.(a.id)}
            title={`Open ${a.name}`}
            className="flex items-center gap-2 rounded-lg border border-neutral-200 bg-white py-1 pr-2.5 pl-1 text-xs font-medium text-neutral-700 shadow-xs hover:border-neutral-300 hover:text-neutral-900"
          >
            <ReferenceIcon kind={a.kind} />
            <span className="max-w-48 truncate">{a.name}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

type Props = {
  id: string;
  text: string;
  attachments?: AttachedReference[];
  /** The Advanced settings it was sent with, in words (empty: the profile's). */
  settings?: string;
  status: MessageStatus;
  /** position among sibling user messages, when there is more than one */
  branch?: { index: number; count: number };
  canEdit: boolean;
  busy: boolean;
  onSwitch: (delta: -1 | 1) => void;
  onEdit: (text: string) => void;
};

export function UserMessage({
  id,
  text,
  attachments,
  settings,
  status,
  branch,
  canEdit,
  busy,
  onSwitch,
  onEdit,
}: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);

  function save() {
    const next = draft.trim();
    if (!next) return;
    setEditing(false);
    onEdit(next);
  }

  return (
    <div className="group flex flex-col items-end">
      {attachments?.length ? <Attached items={attachments} /> : null}
      {editing ? (
        <div className="w-full max-w-[85%] rounded-2xl border border-accent-300 bg-white p-2 shadow-sm">
          <textarea
            data-testid="edit-textarea"
            aria-label="Edit message"
            autoFocus
            value={draft}
            rows={Math.min(10, Math.max(2, draft.split('\n').length))}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                save();
              } else if (e.key === 'Escape') {
                setEditing(false);
              }
            }}
            className="block w-full resize-y rounded-lg px-2 py-1.5 text-sm focus:outline-none"
          />
          <div className="mt-1 flex items-center justify-end gap-2">
            <span className="mr-auto pl-2 text-xs text-neutral-400">
              Saving starts a new branch; the original stays.
            </span>
            <button
              type="button"
              data-testid="edit-cancel"
              className="rounded-md px-2.5 py-1 text-xs text-neutral-600 hover:bg-neutral-100"
              onClick={() => setEditing(false)}
            >
              Cancel
            </button>
            <button
              type="button"
              data-testid="edit-save"
              disabled={busy || !draft.trim()}
              onClick={save}
              className="rounded-md bg-accent-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-accent-700 disabled:bg-accent-300"
            >
              Save &amp; send
            </button>
          </div>
        </div>
      ) : (
        <div
          data-testid="message"
          data-role="user"
          data-id={id}
          data-status={status}
          className="max-w-[85%] rounded-2xl rounded-br-md bg-accent-600 px-4 py-2.5 text-[15px] leading-relaxed whitespace-pre-wrap text-white shadow-sm"
          style={{ overflowWrap: 'anywhere' }}
        >
          {text}
        </div>
      )}
      <div className="mt-1 flex min-h-6 items-center gap-2">
        {settings ? (
          <span
            data-testid="message-image-settings"
            title="Image settings fixed in Advanced for this message"
            className="text-xs text-neutral-500 tabular-nums"
          >
            {settings}
          </span>
        ) : null}
        {branch && branch.count > 1 ? (
          <BranchSwitcher
            index={branch.index}
            count={branch.count}
            disabled={busy}
            onPrev={() => onSwitch(-1)}
            onNext={() => onSwitch(1)}
          />
        ) : null}
        {canEdit && !editing ? (
          <button
            type="button"
            data-testid="edit-message"
            disabled={busy}
            onClick={() => {
              setDraft(text);
              setEditing(true);
            }}
            className="rounded px-1.5 py-0.5 text-xs text-neutral-500 opacity-100 hover:bg-neutral-100 hover:text-neutral-900 disabled:text-neutral-300 md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100"
          >
            Edit
          </button>
        ) : null}
      </div>
    </div>
  );
}
