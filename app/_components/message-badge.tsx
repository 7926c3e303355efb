import type { MessageStatus } from '../_lib/types';

const STATUS_STYLE: Record<string, string> = {
  interrupted: 'bg-amber-50 text-amber-800 ring-amber-200',
  error: 'bg-red-50 text-red-700 ring-red-200',
  streaming: 'bg-accent-50 text-accent-700 ring-accent-200',
};

export function MessageBadge({
  model,
  profile,
  status,
}: {
  model: string;
  profile: string;
  status: MessageStatus;
}) {
  return (
    <div className="flex flex-wrap items-center gap-1.5 text-[11px]">
      <span
        data-testid="message-badge"
        className="rounded-full bg-neutral-100 px-2 py-0.5 font-medium text-neutral-600 ring-1 ring-neutral-200 ring-inset"
      >
        {model} · {profile}
      </span>
      {status !== 'complete' ? (
        <span
          data-testid="message-status"
          className={`rounded-full px-2 py-0.5 font-medium ring-1 ring-inset ${STATUS_STYLE[status] ?? STATUS_STYLE.error}`}
        >
          {status === 'streaming' ? 'generating…' : status}
        </span>
      ) : null}
    </div>
  );
}
