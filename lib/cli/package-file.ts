import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './output';

/** The one package FILE a command takes, resolved; `usage` says how to call the command. */
export async function packageFileArg(positionals: string[], usage: string): Promise<string> {
  if (positionals.length !== 1) throw new CliError('usage', usage);
  const file = path.resolve(positionals[0]);
  if (
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    throw new CliError('not_found', `no package file at ${file}`);
  return file;
}
