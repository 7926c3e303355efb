import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadSigningKey } from '../../audit/signing-key';
import { readEnv } from '../../config/env';
import { exportEntries } from '../../export/export';
import { writeZipAtomic } from '../../export/zip-write';
import { getDb } from '../../runtime/database';
import { OPERATOR } from '../../workspaces/operator';
import { parse } from '../args';
import { CliError, log, printJson } from '../output';

/** `export CONVERSATION_ID --out FILE [--no-references] [--approved-only] [--json]`: one signed package. */
export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    'no-references': { type: 'boolean' },
    'approved-only': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new CliError('usage', 'export takes one conversation id: export ID --out FILE');
  const id = z.uuid().safeParse(positionals[0]);
  if (!id.success) throw new CliError('usage', `"${positionals[0]}" is not a conversation id`);
  if (!values.out) throw new CliError('usage', 'export needs --out FILE');
  const out = path.resolve(values.out);
  const dir = await stat(path.dirname(out)).catch(() => null);
  if (!dir?.isDirectory())
    throw new CliError('usage', `--out: the folder ${path.dirname(out)} does not exist`);
  if (
    await stat(out).then(
      (s) => s.isDirectory(),
      () => false,
    )
  )
    throw new CliError('usage', `--out: ${out} is a folder; name the package file`);
  const key = loadSigningKey(readEnv().stateDir);
  const { entries, manifest } = await exportEntries(await getDb(), OPERATOR, id.data, {
    includeReferences: !values['no-references'],
    approvedOnly: values['approved-only'] === true,
    key,
  });
  const written = await writeZipAtomic(entries, out);
  log(
    `export: ${manifest.counts.messages} messages, ${manifest.counts.artifacts} images, ${manifest.counts.references} references, ${manifest.counts.auditEvents} audit events`,
  );
  if (values.json)
    printJson({ path: out, sha256: written.sha256, bytes: written.bytes, keyId: key.keyId });
  else process.stdout.write(`${out}  sha256 ${written.sha256}  ${written.bytes} bytes\n`);
  return 0;
}
