// Typed engine errors. The message is one line written for the person who made the request and
// may be shown as is; the code says what kind of refusal it is.

export type EngineErrorCode =
  | 'invalid_request' // a parameter is out of range or malformed
  | 'unknown_model' // no model with that id
  | 'model_missing_file' // a file the model folder needs is not there
  | 'model_corrupt' // a model file cannot be parsed or loaded
  | 'model_unsafe_path' // a path in the model folder points outside it
  | 'cancelled'
  | 'runtime_failure'; // onnxruntime failed while running

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(firstLine(message));
    this.name = 'EngineError';
  }
}

export const invalid = (message: string) => new EngineError('invalid_request', message);

/**
 * The first line of an error's message (of the value itself when it has none), trimmed and cut to
 * max characters: the one way a failure from a library becomes part of a sentence for a person.
 */
export function firstLine(err: unknown, max?: number): string {
  const text = String((err as { message?: unknown } | null | undefined)?.message ?? err);
  return text.split('\n')[0].trim().slice(0, max);
}

/** Errors cross the worker boundary as plain objects. */
export function serializeError(err: unknown): { code: EngineErrorCode; message: string } {
  if (err instanceof EngineError) return { code: err.code, message: err.message };
  return { code: 'runtime_failure', message: firstLine(err) };
}
