// What an import reads from a verified package beside its manifest: transcript.json and
// generations.json, checked with zod and against the manifest. A signature proves who made the
// package, not that its files agree with each other, so every link between them is checked too.
import { z } from 'zod';
import { GENERATION_STATUSES, MESSAGE_STATUSES, PROFILES } from '../../db/schema';
import { ImageSettings } from '../assistant/image-settings';
import { AppError } from '../errors';
import { FILES } from '../export/format';
import type { Manifest } from '../export/manifest';

const isoTime = z.iso.datetime({ offset: true });
const record = z.record(z.string(), z.unknown());

const Message = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  role: z.enum(['user', 'assistant']),
  modelId: z.string(),
  profile: z.enum(PROFILES),
  // Absent from packages made before the composer's Advanced settings were exported.
  imageSettings: ImageSettings.nullish(),
  status: z.enum(MESSAGE_STATUSES),
  error: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  parts: z.array(z.unknown()),
});
export type PackageMessage = z.infer<typeof Message>;

const Transcript = z.object({
  conversation: z.object({ id: z.uuid(), title: z.string() }),
  messages: z.array(Message),
});

const Generation = z.object({
  id: z.uuid(),
  messageId: z.uuid().nullable(),
  actor: z.string(),
  modelId: z.string(),
  profile: z.enum(PROFILES),
  params: record,
  status: z.enum(GENERATION_STATUSES),
  error: z.string().nullable(),
  ep: z.string().nullable(),
  timings: record.nullable(),
  routing: record.nullable(),
  scores: z.array(z.unknown()).nullable(),
  record: record.nullable().optional(),
  provenance: record.nullable().optional(),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
});
export type PackageGeneration = z.infer<typeof Generation>;

export type PackageContent = {
  manifest: Manifest;
  /** Every message of every branch, each after its parent. */
  messages: PackageMessage[];
  generations: PackageGeneration[];
  /** Bytes by entry path. */
  entries: Map<string, Buffer>;
};

const inconsistent = (what: string) =>
  new AppError('bad_request', `package refused: it verifies, but ${what}`);

function parseEntry<T>(entries: Map<string, Buffer>, name: string, schema: z.ZodType<T>): T {
  let doc: unknown;
  try {
    doc = JSON.parse(entries.get(name)?.toString('utf8') ?? '');
  } catch {
    throw inconsistent(`${name} is not JSON`);
  }
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw inconsistent(`${name} does not match its format at ${issue.path.join('.') || '(root)'}`);
}

/** Parents before children; a parent outside the package or a cycle is refused. */
function treeOrder(messages: PackageMessage[]): PackageMessage[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const out: PackageMessage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: PackageMessage) => {
    if (state.get(m.id) === 'done') return;
    if (state.get(m.id) === 'visiting') throw inconsistent('its messages form a cycle');
    state.set(m.id, 'visiting');
    if (m.parentId) {
      const parent = byId.get(m.parentId);
      if (!parent) throw inconsistent(`message ${m.id} answers a message it does not hold`);
      visit(parent);
    }
    state.set(m.id, 'done');
    out.push(m);
  };
  for (const m of messages) visit(m);
  return out;
}

export function readPackageContent(manifest: Manifest, entries: Map<string, Buffer>) {
  const transcript = parseEntry(entries, FILES.transcriptJson, Transcript);
  const generations = parseEntry(entries, FILES.generations, z.array(Generation));
  if (transcript.conversation.id !== manifest.conversation.id)
    throw inconsistent('transcript.json is of another conversation than manifest.json');
  if (transcript.messages.length !== manifest.counts.messages)
    throw inconsistent(
      'transcript.json holds another number of messages than manifest.json counts',
    );
  if (generations.length !== manifest.counts.generations)
    throw inconsistent(
      'generations.json holds another number of generations than manifest.json counts',
    );
  const messageIds = new Set(transcript.messages.map((m) => m.id));
  for (const g of generations)
    if (g.messageId && !messageIds.has(g.messageId))
      throw inconsistent(`generation ${g.id} belongs to a message the package does not hold`);
  const generationIds = new Set(generations.map((g) => g.id));
  const ids = [
    transcript.conversation.id,
    ...transcript.messages.map((msg) => msg.id),
    ...generations.map((g) => g.id),
    ...manifest.artifacts.map((a) => a.id),
    ...manifest.references.map((r) => r.id),
  ].map((id) => id.toLowerCase());
  if (new Set(ids).size !== ids.length) throw inconsistent('one id names two of its rows');
  for (const a of manifest.artifacts)
    if (a.generationId && !generationIds.has(a.generationId))
      throw inconsistent(`image ${a.id} belongs to a generation the package does not hold`);
  return {
    manifest,
    messages: treeOrder(transcript.messages),
    generations,
    entries,
  } satisfies PackageContent;
}
