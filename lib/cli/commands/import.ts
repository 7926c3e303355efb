import { Uuid } from '../../http/respond';
// Reference files in a package are read again by the parse workers.
import '../../ingest/runner';
import { importPackage } from '../../packages/import';
import { getDb } from '../../runtime/database';
import { OPERATOR, operatorWorkspaceId } from '../../workspaces/operator';
import { parse } from '../args';
import { CliError, printable, printJson } from '../output';
import { packageFileArg } from '../package-file';

/** `import FILE [--workspace ID] [--json]`: a verified package as a read-only conversation. */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    workspace: { type: 'string' },
    json: { type: 'boolean' },
  });
  const file = await packageFileArg(
    positionals,
    'import takes one package file: import FILE [--workspace ID]',
  );
  const workspace = Uuid.safeParse(values.workspace);
  if (values.workspace !== undefined && !workspace.success)
    throw new CliError(
      'usage',
      `--workspace: "${printable(values.workspace)}" is not a workspace id`,
    );
  const db = await getDb();
  const workspaceId = workspace.data ?? (await operatorWorkspaceId(db));
  const result = await importPackage(db, OPERATOR, workspaceId, file);
  if (values.json) printJson(result);
  else {
    const { conversation: c, counts } = result;
    process.stdout.write(
      `${c.id}  "${printable(c.title)}": ${counts.messages} messages, ${counts.artifacts} images, ${counts.references} references; signed by key ${c.imported.keyId}\n`,
    );
  }
  return 0;
}
