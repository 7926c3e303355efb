import fs from 'node:fs';
import path from 'node:path';
import { parseWith, Uuid } from '../../http/respond';
import '../../ingest/runner';
import { resolveTarget, type Target } from '../../references/access';
import { describeReference } from '../../references/describe';
import { ingestReference } from '../../references/ingest';
import type { ReferenceView } from '../../references/view';
import { getDb } from '../../runtime/database';
import { OPERATOR, operatorWorkspaceId } from '../../workspaces/operator';
import { parse } from '../args';
import { CliError, failLine, log, printJson } from '../output';
import { byteProgress } from '../progress';

/** A conversation's references, or (without one) the local operator's workspace. */
export async function cliTarget(
  conversation: string | undefined,
  need: 'viewer' | 'editor',
): Promise<Target> {
  const db = await getDb();
  if (conversation)
    return resolveTarget(db, OPERATOR, { conversationId: parseWith(Uuid, conversation) }, need);
  return { workspaceId: await operatorWorkspaceId(db), conversationId: null };
}

/** The file's bytes, with a progress bar on stderr while they are read (large files only). */
async function* openFile(file: string, name: string): AsyncGenerator<Uint8Array> {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new CliError('not_found', `no file at ${file}`);
  if (!stat.isFile()) throw new CliError('usage', `${file} is not a file`);
  const bar = byteProgress(`ingest: ${name}: receiving`, stat.size);
  for await (const piece of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    bar.advance((piece as Buffer).byteLength);
    yield piece as Buffer;
  }
  bar.finish();
}

type Done = ReferenceView & { deduplicated: boolean };

/** Ingests every file (progress on stderr); the first refusal, prefixed with its file name, is returned. */
async function ingestFiles(
  files: string[],
  target: Target,
): Promise<{ done: Done[]; firstFailure?: Error }> {
  const db = await getDb();
  const done: Done[] = [];
  let firstFailure: Error | undefined;
  for (const file of files) {
    const name = path.basename(file);
    try {
      const { reference, deduplicated } = await ingestReference(db, OPERATOR, {
        target,
        name,
        source: openFile(file, name),
        onProgress: (p) => log(`ingest: ${name}: ${p.step}${p.kind ? ` (${p.kind})` : ''}…`),
      });
      done.push({ ...reference, deduplicated });
      log(
        `ingest: ${describeReference(reference)}${deduplicated ? ' (already attached)' : ''} → ${reference.id}`,
      );
    } catch (err) {
      const failure = err instanceof Error ? err : new Error(String(err));
      failure.message = `${name}: ${failure.message}`;
      firstFailure ??= failure;
      log(`ingest: refused ${failLine(failure).replace(/^error: /, '')}`);
    }
  }
  return { done, firstFailure };
}

/** `chat --attach FILE`: the files become references of the conversation before the turn; a refusal stops the command. */
export async function attachFiles(files: string[], conversationId: string): Promise<void> {
  const { firstFailure } = await ingestFiles(files, await cliTarget(conversationId, 'editor'));
  if (firstFailure) throw firstFailure;
}

/** `ingest FILE... [--conversation ID] [--json]`: every file is tried; the first refusal is the exit's. */
export async function ingestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    conversation: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!positionals.length) throw new CliError('usage', 'ingest takes one or more FILE paths');
  const { done, firstFailure } = await ingestFiles(
    positionals,
    await cliTarget(values.conversation, 'editor'),
  );
  if (values.json) printJson({ references: done });
  else for (const r of done) process.stdout.write(`${r.id}  ${describeReference(r)}\n`);
  if (firstFailure) throw firstFailure;
  return 0;
}
