import { type AuditEvent, eventTime, subjectLabel } from '../_lib/audit';

/** Failures and stops stand out from the routine events. */
function tone(action: string): string {
  if (/\.(failed|cancelled)$|^auth\.signin_failed$/.test(action)) return 'bg-red-50 text-red-700';
  if (action.endsWith('.interrupted')) return 'bg-amber-50 text-amber-800';
  if (action.startsWith('tool.')) return 'bg-accent-50 text-accent-700';
  return 'bg-neutral-100 text-neutral-700';
}

/** One audit event: when, who, what, and what it was done to. */
export function AuditEventRow({ event, actorName }: { event: AuditEvent; actorName: string }) {
  const status = typeof event.payload.status === 'string' ? event.payload.status : null;
  const reason = typeof event.payload.reason === 'string' ? event.payload.reason : null;
  return (
    <li
      data-testid="audit-event"
      data-action={event.action}
      data-actor={event.actor}
      className="grid grid-cols-[5.5rem_1fr] gap-x-3 border-b border-neutral-100 px-4 py-2.5 last:border-b-0"
    >
      <time
        dateTime={event.createdAt}
        title={event.createdAt}
        className="pt-0.5 text-xs text-neutral-500 tabular-nums"
      >
        {eventTime(event.createdAt)}
      </time>
      <div className="min-w-0 space-y-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="truncate text-sm font-medium text-neutral-900">{actorName}</span>
          <span
            className={`rounded px-1.5 py-0.5 font-mono text-[11px] leading-none ${tone(event.action)}`}
          >
            {event.action}
          </span>
          {status ? <span className="text-xs text-neutral-500">{status}</span> : null}
        </div>
        <p className="truncate text-xs text-neutral-500" title={event.subject}>
          {subjectLabel(event)}
          {reason ? ` · ${reason}` : ''}
          <span className="text-neutral-400"> · #{event.seq}</span>
        </p>
      </div>
    </li>
  );
}
