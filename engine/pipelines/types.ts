// What a generation request carries, once defaults are applied and limits checked.

export interface GenerationRequest {
  prompt: string;
  negativePrompt?: string;
  width?: number;
  height?: number;
  steps?: number;
  /** Classifier-free guidance scale; <= 1 runs the conditional half only. */
  guidance?: number;
  /** Image i of the request uses seed + i. Random when absent (and reported). */
  seed?: number;
  count?: number;
  /** A CLI scheduler name (ddim, euler, euler-ancestral, dpmpp-2m, lcm, pndm, *-karras); the model's own when absent. */
  scheduler?: string;
  /** DDIM only: 0 deterministic. */
  eta?: number;
  /** img2img: the starting picture, RGB 8-bit, its size a multiple of 8. */
  initImage?: RgbImage;
  /**
   * img2img: how much of the schedule runs, 0..1. The init latents are noised to timestep
   * number steps - floor(steps * strength) of the schedule and floor(steps * strength) steps run
   * from there: 0 returns the init picture (re-encoded), 1 starts from (almost) pure noise.
   */
  strength?: number;
}

export interface RgbImage {
  width: number;
  height: number;
  /** Row-major RGB, 3 bytes a pixel. */
  rgb: Uint8Array;
}

export interface ResolvedRequest {
  prompt: string;
  negativePrompt: string;
  width: number;
  height: number;
  steps: number;
  guidance: number;
  seed: number;
  count: number;
  scheduler: string;
  eta: number;
  strength?: number;
}

export interface ModelDefaults {
  width: number;
  height: number;
  steps: number;
  guidance: number;
  scheduler: string;
}

export interface EngineLimits {
  maxWidth: number;
  maxHeight: number;
  maxSteps: number;
  maxCount: number;
  maxPromptChars: number;
  maxGuidance: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxWidth: 2048,
  maxHeight: 2048,
  maxSteps: 150,
  maxCount: 8,
  maxPromptChars: 4000,
  maxGuidance: 30,
};

export const MAX_SEED = 0xffffffff;
/** The smallest side a request may ask for; every side is a multiple of 8 (the VAE's factor). */
export const MIN_SIDE = 64;

export interface StepProgress {
  step: number;
  steps: number;
  /** The stage reporting: the base render, or one an HD render adds (absent: base). */
  stage?: 'base' | 'hires' | 'upscale' | 'text' | 'score';
  /** Latent-resolution RGB preview of each image, when asked for. */
  previews?: RgbImage[];
}

export interface GenerateHooks {
  onProgress?: (p: StepProgress) => void;
  signal?: AbortSignal;
  /** Build a preview every this many steps (0 or absent: never). */
  previewEvery?: number;
  /** Cancellation from another thread: a non-zero element 0 (read with Atomics) stops the run. */
  cancelFlag?: Int32Array;
  /** Cancellation decided by the caller (a shared batch stops when all its requests are cancelled). */
  isCancelled?: () => boolean;
}

export interface Timings {
  loadMs: number;
  tokenizeMs: number;
  textEncoderMs: number;
  /** session.run time of each UNet call. */
  unetMs: number[];
  /** Host work per step: input scaling, guidance, scheduler step, step noise. */
  schedulerMs: number;
  vaeMs: number[];
  previewMs: number;
  pngMs: number;
  totalMs: number;
  /** Σ session.run over all components (in a batch: the batch's, until this request was done). */
  sessionRunMs: number;
  /** The stages an HD render adds, summed over its images. */
  stages?: StageTimings;
  /** Rendered in one UNet batch with other requests: the loop's times above are the batch's. */
  batch?: { requests: number; images: number };
}

export interface StageTimings {
  /** Pixel upscale before the hires img2img (model upscaler and/or Lanczos). */
  hiresUpscaleMs: number;
  /** The hires img2img: encode, denoise, decode. */
  hiresMs: number;
  upscalerMs: number;
  upscalerTiles: number;
  /** session.run time of each upscaler tile. */
  upscalerTileMs: number[];
  textMs: number;
  ocrMs: number;
  /** Sharpness and palette scoring (OCR counted apart). */
  scoreMs: number;
}

export const emptyTimings = (): Timings => ({
  loadMs: 0,
  tokenizeMs: 0,
  textEncoderMs: 0,
  unetMs: [],
  schedulerMs: 0,
  vaeMs: [],
  previewMs: 0,
  pngMs: 0,
  totalMs: 0,
  sessionRunMs: 0,
});
