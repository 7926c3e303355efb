import { stat } from 'node:fs/promises';
import path from 'node:path';
import { verifyPackage } from '../../export/verify';
import { parse } from '../args';
import { CliError, printable, printJson } from '../output';

/** `verify FILE [--json]`: checks a package offline, no database; one line per problem. */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (positionals.length !== 1)
    throw new CliError('usage', 'verify takes one package file: verify FILE');
  const file = path.resolve(positionals[0]);
  if (
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    throw new CliError('not_found', `no package file at ${file}`);
  const report = await verifyPackage(file);
  if (values.json) printJson({ ok: report.ok, keyId: report.keyId, problems: report.problems });
  else if (report.ok)
    process.stdout.write(
      `${file}: verified (${report.manifest!.counts.artifacts} images, ${report.manifest!.counts.auditEvents} audit events; signed by key ${report.keyId})\n`,
    );
  else
    for (const p of report.problems)
      process.stdout.write(`${printable(p.file)}: ${printable(p.problem)}\n`);
  if (report.ok) return 0;
  throw new CliError(
    'bad_request',
    `the package does not verify: ${report.problems.length} problem(s), the first in ${printable(report.problems[0].file)}`,
  );
}
