import { firstLine } from '../../engine/errors';
import { AppError, type ErrorCode } from '../errors';
import { HIDDEN } from '../search/untrusted';

export class CliError extends Error {
  constructor(
    readonly code: ErrorCode | 'usage' | 'audit_broken',
    message: string,
  ) {
    super(message);
  }
}

export const log = (line: string) => process.stderr.write(`${line}\n`);

/** Text from the web or a file, as printed to a terminal: no control sequence of its own survives. */
export const printable = (text: string) => text.replace(HIDDEN, '');

/** One clear last line on stderr, never a stack trace. */
export function failLine(err: unknown): string {
  if (err instanceof CliError || err instanceof AppError)
    return `error: ${err.code}: ${err.message}`;
  return `error: internal: ${firstLine(err)}`;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
