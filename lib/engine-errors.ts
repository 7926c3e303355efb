import { EngineError, type EngineErrorCode } from '../engine/errors';
import { AppError, type ErrorCode } from './errors';

/**
 * The one translation of engine refusals into app codes, for every surface (HTTP, chat tool, CLI).
 * A Record over the union: a new EngineErrorCode does not compile until it has a row here. The
 * engine's message is already one line written for the person, so it is kept as is.
 */
export const ENGINE_ERROR_CODE: Record<EngineErrorCode, ErrorCode> = {
  invalid_request: 'bad_request',
  unknown_model: 'not_found',
  // A model folder that cannot be used as it stands is a refusal of the folder, not a missing route.
  model_missing_file: 'bad_request',
  model_corrupt: 'bad_request',
  // Refused for safety, like a fetch of a private address.
  model_unsafe_path: 'forbidden',
  cancelled: 'conflict',
  // onnxruntime failed: a fault of this server, but its one line still says what went wrong.
  runtime_failure: 'internal',
};

/** An EngineError as an AppError; any other value is returned as it is. */
export function fromEngineError(err: EngineError): AppError;
export function fromEngineError(err: unknown): unknown;
export function fromEngineError(err: unknown): unknown {
  return err instanceof EngineError ? new AppError(ENGINE_ERROR_CODE[err.code], err.message) : err;
}
