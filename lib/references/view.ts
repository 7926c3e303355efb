import type { ReferenceRow } from './access';

export const referenceUrl = (id: string) => `/api/references/${id}`;
export const referenceFileUrl = (id: string) => `${referenceUrl(id)}/file`;

/** What the API, the CLI and the UI show of a reference: metadata and the extraction summary. */
export function referenceView(r: ReferenceRow) {
  const { notes, ...summary } = r.summary as { notes?: string[] } & Record<string, unknown>;
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    conversationId: r.conversationId,
    kind: r.kind,
    name: r.name,
    mime: r.mime,
    bytes: r.bytes,
    sha256: r.sha256,
    status: r.status,
    notes: notes ?? [],
    summary,
    uploadedBy: r.uploadedBy,
    createdAt: r.createdAt.toISOString(),
    url: referenceUrl(r.id),
    fileUrl: referenceFileUrl(r.id),
  };
}
export type ReferenceView = ReturnType<typeof referenceView>;
