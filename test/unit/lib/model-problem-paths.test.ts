import { describe, expect, it } from 'vitest';
import { withoutPaths } from '@/lib/jobs/models';

describe('model problems shown without server paths', () => {
  it.each([
    [
      'model "a": folder /srv/my models/a does not exist',
      '/srv/my models/a',
      'model "a": folder … does not exist',
    ],
    [
      'model "b": cannot read unet/model.onnx: EACCES: permission denied, open \'/srv/m/b/unet/model.onnx\'',
      '/srv/m/b',
      'model "b": cannot read unet/model.onnx: EACCES: permission denied, open \'…/unet/model.onnx\'',
    ],
    [
      'model "c": unet/model.onnx refers to weights outside the model folder (/etc/passwd)',
      '/srv/m/c',
      'model "c": unet/model.onnx refers to weights outside the model folder (…)',
    ],
    [
      'model "d": model_index.json has no "unet" component',
      '/srv/m/d',
      'model "d": model_index.json has no "unet" component',
    ],
  ])('%s', (message, dir, shown) => expect(withoutPaths(message, dir)).toBe(shown));
});
