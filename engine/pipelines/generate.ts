// One whole generation: model folder checks, sessions, the pipeline, PNG encoding with metadata.
// Runs wherever it is called; servers call it through the worker (engine/runtime/worker-client).
import { invalid } from '../errors';
import { defaultsFor, type ModelFamily } from '../models/family';
import { folderDigest, HashCache, sha256 } from '../models/hash';
import { type ModelFolder, readModelFolder } from '../models/model-folder';
import { fileStamps } from '../models/stamps';
import { type EncoderVersions, encodePng, encoderVersions, type ImageMetadata } from '../png';
import { RNG_NAME } from '../rng';
import { ORT_VERSION } from '../runtime/ort';
import {
  type ExecutionProvider,
  type RuntimeOptions,
  SessionCache,
  type SessionFactory,
  sessionOptions,
} from '../runtime/sessions';
import { openUpscaler, type UpscaleModel } from '../upscale';
import { type BatchMember, loopKey, txt2imgBatch } from './batch';
import { type RunContext, type SchedulerUsed, schedulerUsed, throwIfCancelled } from './diffusion';
import { emptyStageTimings, runStages, type StageOutput, type StageRecord } from './hd';
import { img2img } from './img2img';
import { type LoadedModel, loadModel } from './loaded-model';
import type { StagePlan } from './stages';
import { txt2img } from './txt2img';
import {
  type EngineLimits,
  emptyTimings,
  type GenerateHooks,
  type GenerationRequest,
  type ModelDefaults,
  type ResolvedRequest,
  type RgbImage,
  type Timings,
} from './types';
import { resolveRequest } from './validate';

export interface GenerateJob {
  modelId: string;
  modelDir: string;
  request: GenerationRequest;
  /** The stages an HD render adds after the base image (lib/profiles plans them). */
  stages?: StagePlan;
  runtime?: RuntimeOptions;
  limits?: Partial<EngineLimits>;
  /** Where file hashes are cached between runs (the registry's cache file). */
  hashCacheFile?: string;
}

export interface GeneratedImage {
  seed: number;
  width: number;
  height: number;
  png: Uint8Array;
  sha256: string;
  /** What the HD stages did, and the image's scores, when stages ran. */
  stages?: StageRecord;
  scores?: StageOutput['scores'];
}

export interface GenerateResult {
  model: { id: string; family: ModelFamily; files: Record<string, string> };
  request: ResolvedRequest;
  images: GeneratedImage[];
  scheduler: SchedulerUsed;
  /** The seeded noise generator (engine/rng). */
  rng: string;
  ep: ExecutionProvider;
  fallbackReason?: string;
  onnxruntime: string;
  /** The intra-op thread count given to onnxruntime; null when it chose its own (one per physical core). */
  intraOpThreads: number | null;
  /** What encoded the PNGs, in this process. */
  versions: EncoderVersions;
  timings: Timings;
}

export class Generator {
  private readonly sessions: SessionCache;
  private loaded: { key: string; model: LoadedModel } | undefined;
  private readonly folders = new Map<string, FolderState>();
  private readonly hashCaches = new Map<string, HashCache>();
  private upscaler: { key: string; model: UpscaleModel } | undefined;

  constructor(factory?: SessionFactory) {
    this.sessions = new SessionCache(factory);
  }

  async generate(job: GenerateJob, hooks: GenerateHooks = {}): Promise<GenerateResult> {
    const [out] = await this.generateBatch([{ job, hooks }]);
    if (out instanceof Error) throw out;
    return out;
  }

  /**
   * Requests for one model and runtime: those whose loop settings match run as one UNet batch
   * (engine/pipelines/batch.ts), the rest one by one. Each gets its result, or the error that
   * stopped it alone; a failure of the model itself is every request's.
   */
  async generateBatch(
    members: Array<{ job: GenerateJob; hooks: GenerateHooks }>,
  ): Promise<Array<GenerateResult | Error>> {
    if (!members.length) return [];
    const started = performance.now();
    const first = members[0].job;
    let loaded: Loaded;
    try {
      loaded = await this.load(first);
    } catch (err) {
      return members.map(() => asError(err));
    }
    const loadMs = performance.now() - started;
    const runsBefore = sessionRunTotal(loaded.model);
    const out: Array<GenerateResult | Error> = members.map(() => new Error('not rendered'));
    const groups = new Map<string, Array<{ index: number; member: BatchMember }>>();
    for (const [index, { job, hooks }] of members.entries()) {
      try {
        if (!sameModel(job, first))
          throw invalid('requests rendered together must name the same model and runtime');
        const req = resolveRequest(job.request, loaded.defaults, job.limits);
        const timings = { ...emptyTimings(), loadMs };
        const key = job.request.initImage ? `solo:${index}` : loopKey(req);
        groups.set(key, [...(groups.get(key) ?? []), { index, member: { req, hooks, timings } }]);
      } catch (err) {
        out[index] = asError(err);
      }
    }
    for (const group of groups.values()) {
      const pictures = await this.render(
        loaded.model,
        group.map((g) => ({ ...g.member, init: members[g.index].job.request.initImage })),
      );
      for (const [i, { index, member }] of group.entries()) {
        const p = pictures[i];
        out[index] =
          p instanceof Error
            ? p
            : await this.finish(loaded, members[index].job, member, p, {
                started,
                runsBefore,
              }).catch(asError);
      }
    }
    return out;
  }

  /** Pictures of one group: a single request alone (txt2img or img2img), several as one batch. */
  private async render(
    model: LoadedModel,
    group: Array<BatchMember & { init?: RgbImage }>,
  ): Promise<Array<RgbImage[] | Error>> {
    if (group.length > 1) {
      return txt2imgBatch(model, group, emptyTimings()).catch((err) =>
        group.map(() => asError(err)),
      );
    }
    const [{ req, hooks, timings, init }] = group;
    const ctx: RunContext = { model, req, hooks, timings };
    try {
      return [init ? await img2img(ctx, init) : await txt2img(ctx)];
    } catch (err) {
      return [asError(err)];
    }
  }

  /** The model for a job's folder and runtime: loaded again only when a file or the runtime changed. */
  private async load(job: GenerateJob): Promise<Loaded> {
    const { folder, files } = await this.folderFor(job);
    const runtime = job.runtime ?? {};
    const key = [
      folder.dir,
      folderDigest(Object.entries(files)),
      runtime.ep,
      runtime.intraOpThreads,
      runtime.interOpThreads,
    ].join('|');
    if (this.loaded?.key !== key) {
      // Loading another model closes this one's sessions first; if the load then fails, nothing is loaded.
      this.loaded = undefined;
      // Keyed by the files' digests too: a file replaced in place is opened afresh, never served by its old session.
      this.loaded = { key, model: await loadModel(folder, runtime, this.sessions, key) };
    }
    const model = this.loaded.model;
    const defaults = defaultsFor(model.family, folder.index, folder.schedulerConfig);
    return { folder, files, runtime, model, defaults };
  }

  /** A request's pictures through its stages, encoded as PNGs with their metadata. */
  private async finish(
    loaded: Loaded,
    job: GenerateJob,
    member: BatchMember,
    rendered: RgbImage[],
    clock: { started: number; runsBefore: number },
  ): Promise<GenerateResult> {
    const { folder, files, runtime, model } = loaded;
    const { req, hooks, timings } = member;
    const { started, runsBefore } = clock;
    const ctx: RunContext = { model, req, hooks, timings };
    const init = job.request.initImage;
    let pictures = rendered;
    throwIfCancelled(hooks);
    const staged: StageOutput[] = [];
    if (job.stages) {
      timings.stages = emptyStageTimings();
      const upscaler = job.stages.upscaler && (await this.upscalerFor(job, runtime));
      for (const [index, picture] of pictures.entries())
        staged.push(await runStages(ctx, job.stages, picture, index, upscaler, timings.stages));
      pictures = staged.map((s) => s.image);
    }
    const scheduler = schedulerUsed(req.scheduler, folder.schedulerConfig);
    const images: GeneratedImage[] = [];
    const pngStarted = performance.now();
    for (const [index, picture] of pictures.entries()) {
      const meta: ImageMetadata = {
        pipeline: init ? 'img2img' : 'txt2img',
        prompt: req.prompt,
        negativePrompt: req.negativePrompt,
        model: { id: folder.id, family: model.family, files },
        scheduler: { name: scheduler.name, config: scheduler.config },
        steps: req.steps,
        guidance: req.guidance,
        seed: req.seed + index,
        batch: { size: req.count, index },
        width: req.width,
        height: req.height,
        eta: req.eta,
        ...(init ? { strength: req.strength, initImageSha256: sha256(init.rgb) } : {}),
        rng: RNG_NAME,
        ep: model.ep,
        onnxruntime: ORT_VERSION,
        ...(staged[index] ? { stages: staged[index].record } : {}),
      };
      const png = await encodePng(picture, meta);
      images.push({
        seed: meta.seed,
        width: picture.width,
        height: picture.height,
        png,
        sha256: sha256(png),
        ...(staged[index] ? { stages: staged[index].record, scores: staged[index].scores } : {}),
      });
    }
    timings.pngMs = performance.now() - pngStarted;
    timings.sessionRunMs = sessionRunTotal(model) - runsBefore;
    timings.totalMs = performance.now() - started;
    return {
      model: { id: folder.id, family: model.family, files },
      request: req,
      images,
      scheduler,
      rng: RNG_NAME,
      ep: model.ep,
      fallbackReason: model.fallbackReason,
      onnxruntime: ORT_VERSION,
      intraOpThreads: sessionOptions(model.ep, runtime).intraOpNumThreads ?? null,
      versions: encoderVersions(),
      timings,
    };
  }

  /** The checked folder and its file hashes, read again only when a file's size or mtime changes. */
  private async folderFor(job: GenerateJob): Promise<FolderState> {
    const key = `${job.modelId}\0${job.modelDir}`;
    const known = this.folders.get(key);
    if (known && (await fileStamps(known.folder.files.values())) === known.stamps) return known;
    const folder = await readModelFolder(job.modelDir, job.modelId);
    const cacheKey = job.hashCacheFile ?? '';
    if (!this.hashCaches.has(cacheKey))
      this.hashCaches.set(cacheKey, new HashCache(job.hashCacheFile));
    const files = await this.hashCaches.get(cacheKey)!.hashAll(folder.files);
    const state = { folder, files, stamps: await fileStamps(folder.files.values()) };
    this.folders.set(key, state);
    return state;
  }

  /** The plan's upscaler, opened once and kept while its file and runtime stay the same. */
  private async upscalerFor(job: GenerateJob, runtime: RuntimeOptions): Promise<UpscaleModel> {
    const stage = job.stages!.upscaler!;
    const key = [stage.dir, folderDigest(Object.entries(stage.files)), runtime.ep].join('|');
    if (this.upscaler?.key === key) return this.upscaler.model;
    const previous = this.upscaler;
    this.upscaler = undefined;
    await previous?.model.release();
    const model = await openUpscaler(stage.dir, { label: `upscaler "${stage.id}"`, runtime });
    this.upscaler = { key, model };
    return model;
  }

  async close(): Promise<void> {
    await this.upscaler?.model.release();
    this.upscaler = undefined;
    this.loaded = undefined;
    await this.sessions.clear();
  }
}

interface Loaded {
  folder: ModelFolder;
  files: Record<string, string>;
  runtime: RuntimeOptions;
  model: LoadedModel;
  defaults: ModelDefaults;
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

const sameModel = (a: GenerateJob, b: GenerateJob): boolean =>
  a.modelId === b.modelId &&
  a.modelDir === b.modelDir &&
  JSON.stringify(a.runtime ?? {}) === JSON.stringify(b.runtime ?? {});

interface FolderState {
  folder: ModelFolder;
  files: Record<string, string>;
  stamps: string;
}

function sessionRunTotal(m: LoadedModel): number {
  return m.textEncoder.runMs + m.unet.runMs + m.vaeDecoder.runMs + (m.vaeEncoder?.runMs ?? 0);
}
