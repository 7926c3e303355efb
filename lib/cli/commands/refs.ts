import { describeReference } from '../../references/describe';
import { listReferences } from '../../references/store';
import { referenceView } from '../../references/view';
import { getDb } from '../../runtime/database';
import { parse } from '../args';
import { printJson } from '../output';
import { cliTarget } from './ingest';

/** `refs [--conversation ID] [--json]`: a conversation's references, or all of the local operator's workspace. */
export async function refsCommand(args: string[]): Promise<number> {
  const { values } = parse(
    args,
    { conversation: { type: 'string' }, json: { type: 'boolean' } },
    false,
  );
  const db = await getDb();
  const references = (await listReferences(db, await cliTarget(values.conversation, 'viewer'))).map(
    referenceView,
  );
  if (values.json) printJson({ references });
  else if (!references.length) process.stdout.write('no references\n');
  else
    for (const r of references)
      process.stdout.write(
        `${r.id}  ${r.createdAt.slice(0, 16).replace('T', ' ')}  ${describeReference(r)}\n`,
      );
  return 0;
}
