/**
 * Typed errors. Rule: an AppError's message is written for the person who caused it and may be
 * shown on every surface (HTTP body, CLI line, UI toast). Any other thrown value is an internal
 * fault: it is logged with its stack and the surface shows only "internal: something went wrong".
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  csrf: 403,
  forbidden: 403,
  signup_closed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  db_locked: 503,
  provider_error: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Marks every AppError, whichever copy of this module made it. */
const APP_ERROR = Symbol.for('atelier.AppError');

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly [APP_ERROR] = true;

  /**
   * `instanceof AppError` holds for an AppError made by another copy of this module: the server
   * entry runs lib/ from source while route handlers run Next's bundled copy, and a refusal thrown
   * in one and caught in the other must still be a 4xx, not an internal fault.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== AppError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && APP_ERROR in value;
  }

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

/** What a surface may show for any thrown value. */
export function publicError(err: unknown): { code: ErrorCode; message: string; status: number } {
  if (err instanceof AppError) return { code: err.code, message: err.message, status: err.status };
  return { code: 'internal', message: 'something went wrong', status: 500 };
}

export function logInternal(err: unknown, context: string): void {
  if (err instanceof AppError) return;
  console.error(`[atelier] ${context}:`, err);
}
