export { ciede2000, type Lab, labToRgb, rgbToLab } from './colour';
export { type Region } from './input';
export { loadOcr, OCR_MAX_SIDE, type OcrSource, readText, type TextLine } from './ocr';
export { accuracyOf, type OcrAccuracy, ocrAccuracy } from './ocr-accuracy';
export {
  DOMINANT_COLOURS,
  type DominantColour,
  dominantColours,
  type PaletteMatch,
  paletteDistance,
} from './palette';
export { type ImageScore, type ScoreOptions, scoreImage } from './score';
export { laplacianVariance, type SharpnessResult, sharpness } from './sharpness';
export { bestSubstringMatch, normaliseText } from './text-match';
