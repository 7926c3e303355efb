// audit.jsonl: the conversation's events as stored, each checked by its own hash and linked to
// the one before it where their seqs are adjacent (other workspaces' events fall in the gaps; the
// prevHash of each event anchors it in the installation's chain). A checkpoint line follows the
// event it signs; the last is the one signed when the package was made, on the export's event.
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { auditCheckpoints, auditEvents } from '../../db/schema';
import { hashAuditRow } from '../audit/chain';
import { signatureHolds } from '../audit/checkpoints';

type Event = typeof auditEvents.$inferSelect;
type Checkpoint = typeof auditCheckpoints.$inferSelect;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const eventLine = z.strictObject({
  type: z.literal('event'),
  seq: z.int().positive(),
  prevHash: sha256,
  hash: sha256,
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  workspaceId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

const checkpointLine = z.strictObject({
  type: z.literal('checkpoint'),
  seq: z.int().positive(),
  headHash: sha256,
  signedAt: z.string(),
  keyId: sha256,
  publicKey: z.string(),
  signature: z.string(),
});

const line = z.discriminatedUnion('type', [eventLine, checkpointLine]);

export function segmentJsonl(events: Event[], checkpoints: Checkpoint[]): Buffer {
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  const lines: string[] = [];
  for (const e of events) {
    lines.push(canonicalize({ type: 'event', ...e })!);
    const c = bySeq.get(e.seq);
    if (c) lines.push(canonicalize({ type: 'checkpoint', ...c })!);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

export type SegmentCheck = {
  events: number;
  checkpoints: number;
  firstSeq: number;
  lastSeq: number;
  /** Each names the line and what failed. */
  problems: string[];
};

/**
 * Checks the segment on its own: every line parses, events are in seq order and hash to their
 * stored hash, adjacent events link, every checkpoint's signature holds and signs the event before
 * it, and the last line is a checkpoint by `signerKeyId` on the last event.
 */
export function verifySegment(text: string, signerKeyId: string): SegmentCheck {
  const problems: string[] = [];
  const rows = text.split('\n');
  if (rows.at(-1) === '') rows.pop();
  let prev: z.infer<typeof eventLine> | null = null;
  let first = 0;
  let events = 0;
  let checkpoints = 0;
  let lastType: 'event' | 'checkpoint' | null = null;
  let lastCheckpoint: z.infer<typeof checkpointLine> | null = null;
  for (const [i, raw] of rows.entries()) {
    const at = `line ${i + 1}`;
    let parsed: z.infer<typeof line>;
    try {
      const r = line.safeParse(JSON.parse(raw));
      if (!r.success) {
        problems.push(`${at}: not an audit event or checkpoint`);
        continue;
      }
      parsed = r.data;
    } catch {
      problems.push(`${at}: not JSON`);
      continue;
    }
    lastType = parsed.type;
    if (parsed.type === 'checkpoint') {
      checkpoints++;
      lastCheckpoint = parsed;
      if (!signatureHolds(parsed))
        problems.push(`${at}: checkpoint of seq ${parsed.seq}: bad signature`);
      if (!prev || prev.seq !== parsed.seq || prev.hash !== parsed.headHash)
        problems.push(`${at}: checkpoint of seq ${parsed.seq} does not sign the event before it`);
      continue;
    }
    const { type: _t, prevHash, hash, ...fields } = parsed;
    events++;
    if (!first) first = parsed.seq;
    if (hashAuditRow(fields, prevHash) !== hash)
      problems.push(`${at}: event seq ${parsed.seq} does not hash to its stored hash`);
    if (prev && parsed.seq <= prev.seq)
      problems.push(`${at}: event seq ${parsed.seq} comes after seq ${prev.seq} (out of order)`);
    else if (prev && parsed.seq === prev.seq + 1 && prevHash !== prev.hash)
      problems.push(`${at}: event seq ${parsed.seq} does not link to seq ${prev.seq}`);
    prev = parsed;
  }
  if (lastType !== 'checkpoint' || !lastCheckpoint)
    problems.push('the segment does not end with the checkpoint signed at export');
  else if (lastCheckpoint.keyId !== signerKeyId)
    problems.push("the closing checkpoint is not signed by the package's key");
  return { events, checkpoints, firstSeq: first, lastSeq: prev?.seq ?? 0, problems };
}
