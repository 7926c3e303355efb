// The JSON files of a model folder as Python writes them. diffusers and transformers save configs
// with Python's json module, which writes the bare tokens NaN, Infinity and -Infinity for
// non-finite floats (DPMSolverMultistepScheduler's default lambda_min_clipped is -Infinity), and
// JSON.parse refuses them. A file JSON.parse refuses is read again as JSON5, a superset of JSON
// that has these tokens.
import JSON5 from 'json5';

/** Parse a config file's text: strict JSON first (fast, e.g. a 1.6 MB vocab.json), then JSON5. */
export function parseConfigJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON5.parse(text);
  }
}
