'use client';

import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import type { ConversationSummary } from '../_lib/types';
import { AppLink } from './app-link';
import { markdownLoaded } from './markdown';

type Props = {
  conversation: ConversationSummary;
  active: boolean;
  canEdit: boolean;
  onRenamed: (id: string, title: string) => void;
  onDeleted: (id: string) => void;
  onOpen?: () => void;
};

const warmMarkdown = () => void markdownLoaded();

const iconButton =
  'rounded p-1 text-xs text-neutral-500 hover:bg-neutral-200 hover:text-neutral-900';

export function ConversationItem({
  conversation,
  active,
  canEdit,
  onRenamed,
  onDeleted,
  onOpen,
}: Props) {
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm'>('view');
  const [title, setTitle] = useState(conversation.title ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = (conversation.title ?? '').trim() || 'Untitled conversation';

  async function rename(e?: FormEvent) {
    e?.preventDefault();
    const next = title.trim();
    if (!next || next === conversation.title) {
      setMode('view');
      return;
    }
    setBusy(true);
    try {
      await api(`/api/conversations/${conversation.id}`, {
        method: 'PATCH',
        body: { title: next },
      });
      onRenamed(conversation.id, next);
      setMode('view');
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    try {
      await api(`/api/conversations/${conversation.id}`, { method: 'DELETE' });
      onDeleted(conversation.id);
    } catch (err) {
      setError(errorMessage(err));
      setMode('view');
    } finally {
      setBusy(false);
    }
  }

  return (
    <li
      data-testid="conversation-item"
      data-id={conversation.id}
      className={`group relative rounded-lg ${active ? 'bg-accent-50 text-accent-900' : 'text-neutral-700 hover:bg-neutral-100'}`}
    >
      {mode === 'rename' ? (
        <form onSubmit={rename} className="flex items-center gap-1 p-1">
          <input
            data-testid="rename-input"
            aria-label="Conversation title"
            autoFocus
            value={title}
            disabled={busy}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setTitle(conversation.title);
                setMode('view');
              }
            }}
            className="min-w-0 flex-1 rounded-md border border-accent-300 bg-white px-2 py-1 text-sm focus:outline-none"
          />
          <button data-testid="rename-save" type="submit" className={iconButton} disabled={busy}>
            Save
          </button>
        </form>
      ) : mode === 'confirm' ? (
        <div className="flex items-center gap-1 px-2 py-1.5 text-sm">
          <span className="min-w-0 flex-1 truncate text-red-700">Delete “{label}”?</span>
          <button
            data-testid="delete-conversation-confirm"
            type="button"
            className="rounded bg-red-600 px-2 py-0.5 text-xs font-medium text-white hover:bg-red-700"
            disabled={busy}
            onClick={remove}
          >
            Delete
          </button>
          <button
            data-testid="delete-conversation-cancel"
            type="button"
            className={iconButton}
            onClick={() => setMode('view')}
          >
            Cancel
          </button>
        </div>
      ) : (
        <div className="flex items-center">
          <AppLink
            href={`/c/${conversation.id}`}
            onClick={onOpen}
            // The conversation opened from here renders its answers in the browser: the markdown
            // renderer starts loading when the pointer or focus reaches the link.
            onPointerEnter={warmMarkdown}
            onFocus={warmMarkdown}
            aria-current={active ? 'page' : undefined}
            className="min-w-0 flex-1 truncate px-2.5 py-1.5 text-sm"
            title={label}
          >
            {label}
          </AppLink>
          {canEdit ? (
            <div className="flex shrink-0 items-center pr-1 opacity-100 transition-opacity md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100">
              <button
                data-testid="rename-conversation"
                type="button"
                className={iconButton}
                aria-label={`Rename ${label}`}
                title="Rename"
                onClick={() => {
                  setTitle(conversation.title);
                  setMode('rename');
                }}
              >
                ✎
              </button>
              <button
                data-testid="delete-conversation"
                type="button"
                className={iconButton}
                aria-label={`Delete ${label}`}
                title="Delete"
                onClick={() => setMode('confirm')}
              >
                ✕
              </button>
            </div>
          ) : null}
        </div>
      )}
      {error ? <p className="px-2.5 pb-1.5 text-xs text-red-600">{error}</p> : null}
    </li>
  );
}
