'use client';

import { useMemo, useState } from 'react';
import type { AuditFilters } from '../_lib/audit';
import { useAuditTimeline } from '../_lib/use-audit-timeline';
import { AuditEventRow } from './audit-event-row';
import { InlineError } from './inline-error';
import { SideDrawer } from './side-drawer';

const SELECT =
  'min-w-0 flex-1 rounded-md border border-neutral-200 bg-white px-2 py-1 text-xs text-neutral-800';

/** The conversation's audit events, oldest first, filtered by who acted and what they did. */
export function AuditTimeline({
  conversationId,
  onClose,
}: {
  conversationId: string;
  onClose: () => void;
}) {
  const [filters, setFilters] = useState<AuditFilters>({ actor: '', action: '' });
  const timeline = useAuditTimeline(conversationId, filters);
  const names = useMemo(
    () => new Map(timeline.actors.map((a) => [a.id, a.name])),
    [timeline.actors],
  );
  const filtered = filters.actor !== '' || filters.action !== '';

  return (
    <SideDrawer
      titleId="audit-title"
      testId="audit-timeline"
      closeTestId="audit-close"
      width="max-w-lg"
      onClose={onClose}
      header={
        <div className="min-w-0 flex-1">
          <h2 id="audit-title" className="text-sm font-semibold text-neutral-900">
            Audit timeline
          </h2>
          <p className="mt-0.5 text-xs text-neutral-500">
            Every recorded action on this conversation, from the hash-chained audit log.
          </p>
        </div>
      }
    >
      <div className="flex items-center gap-2 border-b border-neutral-200 px-4 py-2">
        <select
          aria-label="Filter by person"
          data-testid="audit-filter-actor"
          value={filters.actor}
          onChange={(e) => setFilters((f) => ({ ...f, actor: e.target.value }))}
          className={SELECT}
        >
          <option value="">Everyone</option>
          {timeline.actors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter by action"
          data-testid="audit-filter-action"
          value={filters.action}
          onChange={(e) => setFilters((f) => ({ ...f, action: e.target.value }))}
          className={SELECT}
        >
          <option value="">All actions</option>
          {timeline.actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={timeline.reload}
          aria-label="Reload the timeline"
          title="Reload"
          className="rounded px-1.5 py-0.5 text-sm text-neutral-500 hover:bg-neutral-100 hover:text-neutral-900"
        >
          ↻
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto" aria-busy={timeline.loading}>
        <InlineError
          message={timeline.error && `The audit log could not be loaded: ${timeline.error}`}
          testId="audit-error"
          className="m-4"
          onRetry={timeline.reload}
        />
        {timeline.events.length ? (
          <ol data-testid="audit-events">
            {timeline.events.map((e) => (
              <AuditEventRow key={e.seq} event={e} actorName={names.get(e.actor) ?? e.actor} />
            ))}
          </ol>
        ) : !timeline.loading && !timeline.error ? (
          <p data-testid="audit-empty" className="px-4 py-8 text-center text-sm text-neutral-500">
            {filtered ? 'No events match these filters.' : 'Nothing recorded yet.'}
          </p>
        ) : null}
        {timeline.loading ? (
          <p className="px-4 py-3 text-xs text-neutral-500">Loading…</p>
        ) : timeline.nextCursor ? (
          <div className="px-4 py-3">
            <button
              type="button"
              data-testid="audit-more"
              onClick={() => void timeline.more()}
              className="rounded-md px-2 py-1 text-xs font-medium text-accent-700 hover:bg-accent-50"
            >
              Show more
            </button>
          </div>
        ) : null}
      </div>
    </SideDrawer>
  );
}
