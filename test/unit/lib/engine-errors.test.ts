import { describe, expect, it } from 'vitest';
import { EngineError, type EngineErrorCode } from '@/engine/errors';
import { ENGINE_ERROR_CODE, fromEngineError } from '@/lib/engine-errors';
import { AppError, ERROR_STATUS, publicError } from '@/lib/errors';

// One refusal of each kind, as the engine words them, and what every surface answers.
const REFUSALS: Array<[EngineErrorCode, string, string, number]> = [
  ['invalid_request', 'steps must be an integer from 1 to 150 (got 0)', 'bad_request', 400],
  ['unknown_model', 'unknown model "nope" (installed: builtin)', 'not_found', 404],
  ['model_missing_file', 'model "no-unet": unet/model.onnx is missing', 'bad_request', 400],
  ['model_corrupt', 'model "x": unet/model.onnx is not a valid ONNX model', 'bad_request', 400],
  ['model_unsafe_path', 'model "x": vae/model.onnx points outside the folder', 'forbidden', 403],
  ['cancelled', 'generation cancelled', 'conflict', 409],
  ['runtime_failure', 'unet failed: out of memory', 'internal', 500],
];

describe('ENGINE_ERROR_CODE', () => {
  it('has a row for every engine code, each an app code with an HTTP status', () => {
    // A code added to the engine fails the Record at compile time; here, a row without a case.
    expect(Object.keys(ENGINE_ERROR_CODE).sort()).toEqual(REFUSALS.map(([c]) => c).sort());
    for (const app of Object.values(ENGINE_ERROR_CODE)) expect(ERROR_STATUS).toHaveProperty(app);
  });
});

describe('fromEngineError', () => {
  it.each(REFUSALS)('%s: keeps the message, answers %s', (engineCode, message, code, status) => {
    const app = fromEngineError(new EngineError(engineCode, message));
    expect(app).toBeInstanceOf(AppError);
    expect({ code: app.code, status: app.status, message: app.message }).toEqual({
      code,
      status,
      message,
    });
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
