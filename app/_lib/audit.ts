import type { conversationAudit } from '@/lib/conversations/audit-view';

import { dateFormatter } from './date-format';

export type AuditPage = Awaited<ReturnType<typeof conversationAudit>>;
export type AuditEvent = AuditPage['events'][number];
export type AuditFilters = { actor: string; action: string };

export function auditUrl(conversationId: string, filters: AuditFilters): string {
  const q = new URLSearchParams();
  if (filters.actor) q.set('actor', filters.actor);
  if (filters.action) q.set('action', filters.action);
  const query = q.toString();
  return `/api/conversations/${encodeURIComponent(conversationId)}/audit${query ? `?${query}` : ''}`;
}

const time = dateFormatter({ timeStyle: 'medium' });
const dayTime = dateFormatter({ dateStyle: 'medium', timeStyle: 'short' });

/** The time alone for today's events, with the day for older ones. */
export function eventTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  return at.toDateString() === now.toDateString() ? time(at) : dayTime(at);
}

const short = (id: string) => (/^[0-9a-f-]{36}$/i.test(id) ? id.slice(0, 8) : id);

/** `message:<uuid>` → `message 3f2a9c01`; a tool call is named by its tool. */
export function subjectLabel(e: Pick<AuditEvent, 'subject' | 'payload'>): string {
  const i = e.subject.indexOf(':');
  if (i < 0) return e.subject;
  const kind = e.subject.slice(0, i).replace(/_/g, ' ');
  const id = e.subject.slice(i + 1);
  if (kind === 'tool call' && typeof e.payload.tool === 'string') {
    const call = id.slice(id.indexOf('/') + 1);
    return `${e.payload.tool} call ${short(call)}`;
  }
  return `${kind} ${short(id)}`;
}
