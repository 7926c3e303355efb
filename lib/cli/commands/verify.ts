import { verifyPackage } from '../../export/verify';
import { parse } from '../args';
import { CliError, printable, printJson } from '../output';
import { packageFileArg } from '../package-file';

/** `verify FILE [--json]`: checks a package offline, no database; one line per problem. */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const file = await packageFileArg(positionals, 'verify takes one package file: verify FILE');
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
