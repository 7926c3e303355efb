import { getDatabase } from '../../runtime/database';
import { parse } from '../args';
import { log, printJson } from '../output';

export async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' } }, false);
  const database = await getDatabase();
  if (values.json) printJson({ ok: true, database: database.kind });
  else log(`migrations applied (${database.kind})`);
  return 0;
}
