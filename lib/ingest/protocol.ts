import type { ReferenceKind } from '../../db/schema/references';
import type { ErrorCode } from '../errors';
import type { IngestLimits } from './limits';
import type { TextEncodingName } from './sniff';
import type { ParseResult } from './types';

export type ParseJob = { kind: ReferenceKind; path: string; encoding?: TextEncodingName; limits: IngestLimits };
export type ToWorker = { id: number; job: ParseJob };
export type FromWorker =
  | { id: number; type: 'started' }
  | { id: number; type: 'done'; result: ParseResult }
  | { id: number; type: 'failed'; error: { code: ErrorCode; message: string } };

export type Parse = (job: ParseJob) => Promise<ParseResult>;

const KEY = Symbol.for('atelier.ingestParser');
type Holder = { [KEY]?: Parse };

/**
 * The process's parser, registered by lib/ingest/runner.ts when an entry point (server, CLI, tests)
 * imports it. Route bundles reach it through here, so they never start a worker from a moved file.
 */
export function registerParser(parse: Parse): void {
  (globalThis as Holder)[KEY] = parse;
}

export function parser(): Parse {
  const parse = (globalThis as Holder)[KEY];
  if (!parse) throw new Error('no file parser is registered: the process entry point must import lib/ingest/runner');
  return parse;
}
