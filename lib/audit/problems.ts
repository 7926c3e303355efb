/** What `atelier audit verify` can find wrong, each tied to the audit event where it shows. */
export type AuditProblemKind =
  | 'gap'
  | 'prev_hash'
  | 'hash'
  | 'message_digest'
  | 'error_digest'
  | 'checkpoint_signature'
  | 'checkpoint_head';

export type AuditProblem = { seq: number; kind: AuditProblemKind; detail: string };

export const describeProblem = (p: AuditProblem) => `seq ${p.seq}: ${p.kind}: ${p.detail}`;
