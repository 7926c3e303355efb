export { type Region } from './input';
export { loadOcr, OCR_MAX_SIDE, type OcrSource, readText, type TextLine } from './ocr';
export { laplacianVariance, type SharpnessResult, sharpness } from './sharpness';
