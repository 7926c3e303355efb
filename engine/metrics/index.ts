export { ciede2000, type Lab, labToRgb, rgbToLab } from './colour';
export { type Region } from './input';
export { loadOcr, OCR_MAX_SIDE, type OcrSource, readText, type TextLine } from './ocr';
export {
  DOMINANT_COLOURS,
  type DominantColour,
  dominantColours,
  type PaletteMatch,
  paletteDistance,
} from './palette';
export { laplacianVariance, type SharpnessResult, sharpness } from './sharpness';
