'use client';

import type { UIMessage } from 'ai';
import type { MessageStatus } from '../_lib/types';
import { InlineError } from './inline-error';
import { MessageBadge } from './message-badge';
import { AssistantParts } from './message-parts';

type Props = {
  message: UIMessage;
  model: string;
  profile: string;
  status: MessageStatus;
  error: string | null;
  onRegenerate?: () => void;
  regenerateDisabled?: boolean;
};

export function AssistantMessage({
  message,
  model,
  profile,
  status,
  error,
  onRegenerate,
  regenerateDisabled,
}: Props) {
  const empty = !message.parts.some((p) => p.type !== 'step-start');
  return (
    <div className="flex flex-col items-start">
      <div
        data-testid="message"
        data-role="assistant"
        data-id={message.id}
        data-status={status}
        className="w-full max-w-full min-w-0"
      >
        <div className="mb-1.5">
          <MessageBadge model={model} profile={profile} status={status} />
        </div>
        {empty && status === 'streaming' ? (
          <p className="text-sm text-neutral-400" aria-live="polite">
            <span
              className="mr-1 inline-block h-2 w-2 animate-pulse rounded-full bg-accent-400 align-middle"
              aria-hidden
            />
            Thinking…
          </p>
        ) : (
          <AssistantParts parts={message.parts} live={status === 'streaming'} />
        )}
        <InlineError message={error} className="mt-2" />
      </div>
      {onRegenerate ? (
        <button
          type="button"
          data-testid="regenerate"
          onClick={onRegenerate}
          disabled={regenerateDisabled}
          className="mt-1 rounded px-1.5 py-0.5 text-xs text-neutral-500 hover:bg-neutral-100 hover:text-neutral-900 disabled:text-neutral-300"
        >
          ↻ Regenerate
        </button>
      ) : null}
    </div>
  );
}
