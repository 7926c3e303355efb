// The stages an HD render adds after the base txt2img, as the router planned them. Each is
// optional; what ran, with its parameters and scores, is recorded in the PNG metadata.

export interface HiresStage {
  /** Target size = base size × scale, rounded to a multiple of 8. */
  scale: number;
  /** img2img strength at the target size (diffusers' meaning). */
  strength: number;
  /** Pixel upscale before img2img: the model upscaler (then Lanczos to size) or Lanczos alone. */
  upscale: 'model' | 'lanczos';
}

export interface UpscalerStage {
  id: string;
  /** Folder holding model.onnx ([N,3,H,W] in 0..1 → [N,3,sH,sW] in 0..1). */
  dir: string;
  /** sha256 of model.onnx (and of the weights it was converted from, when converted). */
  files: Record<string, string>;
  tile: number;
  overlap: number;
}

export interface TextStage {
  /** Headline first, then sub-lines; rendered exactly as given. */
  lines: string[];
  /** Hex colours to choose the text colour from (brand colours); empty: black or white. */
  palette: string[];
  placement: 'top' | 'centre' | 'bottom';
  /** OCR gate: below this character accuracy the text is rendered once more, bigger and bolder. */
  minOcrAccuracy: number;
  retry: boolean;
}

export interface StagePlan {
  hires?: HiresStage;
  upscaler?: UpscalerStage;
  text?: TextStage;
  /** Score every image (sharpness, palette distance, OCR of the text stage's lines). */
  score?: { palette: string[] };
}
