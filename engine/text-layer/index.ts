export { hexToRgb } from '../metrics/colour';
export { BOOST_CONTRAST, type ColourChoice, chooseColour, MIN_CONTRAST } from './choose-colour';
export { contrastRatio, luminance } from './colour';
export { FONT_PACKAGE, type FontRole, loadTextFonts, type TextFontRecord } from './fonts';
export { type Box, layoutText, type Placement, type TextLayout } from './layout';
export { createMeasure, type Measure } from './measure';
export { extractQuotedText, type QuotedText } from './quotes';
export {
  RESVG_VERSION,
  renderTextLayer,
  type TextLayerOptions,
  type TextLayerParams,
  type TextLayerResult,
} from './render';
export { type RgbImage, type TextLayerSpec } from './spec';
export { escapeXml } from './svg';
