import { type ParseArgsConfig, parseArgs } from 'node:util';
import { firstLine } from '../../engine/errors';
import { CliError } from './output';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliError('usage', firstLine(err));
  }
}
