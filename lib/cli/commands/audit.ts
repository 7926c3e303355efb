import { describeProblem } from '../../audit/problems';
import { loadSigningKey } from '../../audit/signing-key';
import { verifyAudit } from '../../audit/verify';
import { readEnv } from '../../config/env';
import { getDb } from '../../runtime/database';
import { parse } from '../args';
import { CliError, printJson } from '../output';

/**
 * `audit verify [--json]`: exit 0 only when the chain, the message digests and the checkpoints
 * verify; the head is then signed as a new checkpoint with the installation's key.
 */
export async function auditCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (positionals.length !== 1 || positionals[0] !== 'verify')
    throw new CliError('usage', 'the audit command takes one subcommand: audit verify [--json]');
  const key = loadSigningKey(readEnv().stateDir);
  const report = await verifyAudit(await getDb(), key);
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
