import { describeProblem } from '../../audit/problems';
import { verifyAudit } from '../../audit/verify';
import { getDb } from '../../runtime/database';
import { parse } from '../args';
import { CliError, printJson } from '../output';

/** `audit verify [--json]`: exit 0 only when the audit log and the message digests verify. */
export async function auditCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (positionals.length !== 1 || positionals[0] !== 'verify')
    throw new CliError('usage', 'usage: audit verify [--json]');
  const report = await verifyAudit(await getDb());
  if (values.json) printJson(report);
  else if (report.ok) process.stdout.write(`audit chain verified: ${report.count} events\n`);
  else for (const p of report.problems) process.stdout.write(`${describeProblem(p)}\n`);
  if (report.ok) return 0;
  const first = report.problems[0];
  throw new CliError(
    'audit_broken',
    `the audit log does not verify: ${report.problems.length} problem(s), the first at seq ${first.seq} (${first.kind})`,
  );
}
