import { describe, expect, it } from 'vitest';
import { EngineError, type EngineErrorCode, invalid } from '@/engine/errors';
import { ENGINE_ERROR_CODE, fromEngineError } from '@/lib/engine-errors';
import { AppError, ERROR_STATUS, publicError } from '@/lib/errors';

// Spelled out once more on purpose: a code added to the engine fails the Record in
// lib/engine-errors.ts at compile time, and a row left over after a code is removed fails here.
const ENGINE_CODES: EngineErrorCode[] = [
  'invalid_request',
  'unknown_model',
  'model_missing_file',
  'model_corrupt',
  'model_unsafe_path',
  'cancelled',
  'runtime_failure',
];

describe('ENGINE_ERROR_CODE', () => {
  it('has one row per engine code, each an app code with an HTTP status', () => {
    expect(Object.keys(ENGINE_ERROR_CODE).sort()).toEqual([...ENGINE_CODES].sort());
    for (const code of ENGINE_CODES) expect(ERROR_STATUS).toHaveProperty(ENGINE_ERROR_CODE[code]);
  });

  it('is the table every surface shows', () => {
    expect(ENGINE_ERROR_CODE).toEqual({
      invalid_request: 'bad_request',
      unknown_model: 'not_found',
      model_missing_file: 'bad_request',
      model_corrupt: 'bad_request',
      model_unsafe_path: 'forbidden',
      cancelled: 'conflict',
      runtime_failure: 'internal',
    });
  });
});

describe('fromEngineError', () => {
  it('keeps the engine message and gives it the app code and status', () => {
    const cases: Array<[EngineError, string, number]> = [
      [invalid('steps must be an integer from 1 to 150 (got 0)'), 'bad_request', 400],
      [
        new EngineError('unknown_model', 'unknown model "nope" (installed: builtin)'),
        'not_found',
        404,
      ],
      [
        new EngineError('model_missing_file', 'model "x": unet/model.onnx is missing'),
        'bad_request',
        400,
      ],
      [new EngineError('model_unsafe_path', 'model "x": vae points outside'), 'forbidden', 403],
      [new EngineError('cancelled', 'generation cancelled'), 'conflict', 409],
      [new EngineError('runtime_failure', 'unet failed: out of memory'), 'internal', 500],
    ];
    for (const [err, code, status] of cases) {
      const app = fromEngineError(err);
      expect(app).toBeInstanceOf(AppError);
      expect({ code: app.code, status: app.status, message: app.message }).toEqual({
        code,
        status,
        message: err.message,
      });
    }
  });

  it('shows a runtime failure its own line rather than "something went wrong"', () => {
    const err = new EngineError('runtime_failure', 'unet failed: out of memory\n  at Session.run');
    expect(publicError(fromEngineError(err))).toEqual({
      code: 'internal',
      message: 'unet failed: out of memory',
      status: 500,
    });
  });

  it('passes any other value through unchanged', () => {
    const app = new AppError('rate_limited', 'wait');
    const plain = new Error('boom');
    expect(fromEngineError(app)).toBe(app);
    expect(fromEngineError(plain)).toBe(plain);
    expect(fromEngineError('text')).toBe('text');
  });
});
