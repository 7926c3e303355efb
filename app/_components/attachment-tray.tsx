'use client';

import { formatBytes } from '../_lib/references';
import type { Attachment } from '../_lib/use-attachments';
import { useOpenReference } from './reference-context';
import { ReferenceIcon } from './reference-icon';

/** The composer's attached files: progress while uploading, the reason when refused. */
export function AttachmentTray({
  items,
  onRemove,
}: {
  items: Attachment[];
  onRemove: (key: string) => void;
}) {
  const open = useOpenReference();
  if (!items.length) return null;
  return (
    <ul data-testid="attachments" className="flex flex-wrap gap-2 px-3 pt-3">
      {items.map((a) => (
        <li
          key={a.key}
          data-testid="attachment"
          data-status={a.status}
          className={`relative flex max-w-[18rem] min-w-[12rem] items-center gap-2 overflow-hidden rounded-lg border py-1.5 pr-1.5 pl-2 text-xs ${
            a.status === 'failed' ? 'border-red-200 bg-red-50' : 'border-neutral-200 bg-neutral-50'
          }`}
        >
          <ReferenceIcon kind={a.reference?.kind ?? null} />
          <div className="min-w-0 flex-1">
            {a.reference && open ? (
              <button
                type="button"
                className="block max-w-full truncate text-left font-medium text-neutral-800 hover:underline"
                onClick={() => open(a.reference!.id)}
              >
                {a.name}
              </button>
            ) : (
              <p className="truncate font-medium text-neutral-800">{a.name}</p>
            )}
            {a.status === 'failed' ? (
              <p
                role="alert"
                data-testid="attachment-error"
                className="text-[11px] leading-snug text-red-700"
              >
                {a.error}
              </p>
            ) : (
              <p className="text-[11px] text-neutral-500">
                {a.status === 'uploading'
                  ? a.progress < 1
                    ? `Uploading… ${Math.round(a.progress * 100)}%`
                    : 'Reading the file…'
                  : formatBytes(a.bytes)}
              </p>
            )}
          </div>
          <button
            type="button"
            data-testid="attachment-remove"
            aria-label={`Remove ${a.name}`}
            title={
              a.status === 'ready'
                ? 'Take off this message (it stays in the conversation’s references)'
                : a.status === 'uploading'
                  ? 'Cancel the upload'
                  : 'Dismiss'
            }
            onClick={() => onRemove(a.key)}
            className="self-start rounded px-1 text-base leading-none text-neutral-400 hover:bg-white hover:text-neutral-700"
          >
            ×
          </button>
          {a.status === 'uploading' ? (
            <div
              role="progressbar"
              data-testid="attachment-progress"
              aria-label={`Uploading ${a.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(a.progress * 100)}
              className="absolute inset-x-0 bottom-0 h-1 bg-neutral-200"
            >
              <div
                className={`h-full bg-accent-500 transition-[width] ${a.progress >= 1 ? 'animate-pulse' : ''}`}
                style={{ width: `${Math.max(3, a.progress * 100)}%` }}
              />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
