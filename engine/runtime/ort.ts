// The one place that loads onnxruntime-node. Its log level is raised to errors on load.
import ort from 'onnxruntime-node';

ort.env.logLevel = 'error';

export { ort };
export type OrtSession = ort.InferenceSession;
export type OrtTensor = ort.Tensor;

export const ORT_VERSION: string = ort.env.versions?.node ?? ort.env.versions?.common ?? 'unknown';
