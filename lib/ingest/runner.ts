// Parses untrusted files in worker threads with V8 resource limits and a wall-clock limit. Workers
// stay warm between files (loading pdf.js costs far more than most parses); one that runs out of
// time is terminated, one that runs out of memory dies by itself, and a fresh one takes its place.
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { workerUrl } from '../../engine/runtime/worker-url';
import { parseWorkers, renderWorkers } from '../config/pools';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors';
import { Slots } from '../util/slots';
import { csvRanges, readCsvInParts } from './csv-parts';
import type { IngestLimits } from './limits';
import { partsFor, readPdfInParts } from './pdf-parts';
import { type FromWorker, type ParseJob, registerReaders, type WorkerJob } from './protocol';
import { ReaderStopped } from './reader-stopped';
import { CsvPart, ParseResult, Passage, type PassageSink, PdfPart } from './types';

const WORKER_FILE = import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js';
/** Loading the parsers under tsx can take seconds on a busy machine; the parse limit starts after. */
const STARTUP_MS = 120_000;

/**
 * Workers are kept apart by what they read: once pdf.js has run in a worker, its heap makes other
 * parsing there markedly slower (measured with a 100k-row CSV), so PDFs and everything else have
 * their own warm workers.
 */
type Family = 'pdf' | 'data';
type Warm = { worker: Worker; memoryMb: number; family: Family };

const familyOf = (job: WorkerJob): Family =>
  job.kind === 'pdf' || job.kind === 'pdf-page' || (job.kind === 'thumbnail' && job.of === 'pdf')
    ? 'pdf'
    : 'data';
/**
 * Files being read (uploads, imports) and images drawn for the viewer take slots of separate
 * lanes, so previews asked for in any number wait for each other, never for an upload's worker.
 */
type Lane = 'parse' | 'render';
const laneOf = (job: WorkerJob): Lane =>
  job.kind === 'pdf-page' || job.kind === 'thumbnail' ? 'render' : 'parse';

/**
 * The young generation of a CSV or PNG worker. V8's default (tens of MB) buys nothing for a CSV's
 * short-lived rows, and two workers reading one CSV grew a 1M-row ingest's peak RSS further with it
 * (bench:ingest's RSS run). pdf.js keeps the default: it parsed slower with this cap.
 */
const DATA_YOUNG_GENERATION_MB = 8;

class ParsePool {
  private readonly idle: Warm[] = [];
  private readonly lanes: Record<Lane, Slots>;
  /** Idle workers kept warm at most (the oldest beyond this is stopped). */
  private readonly maxIdle: number;
  private nextId = 1;

  constructor(private readonly entry: URL) {
    this.lanes = { parse: new Slots(parseWorkers()), render: new Slots(renderWorkers()) };
    this.maxIdle = Math.max(4, this.lanes.parse.size + this.lanes.render.size);
  }

  get parseSlots(): number {
    return this.lanes.parse.size;
  }

  async submit<T>(job: WorkerJob, result: z.ZodType<T>, onPassages?: PassageSink): Promise<T> {
    const lane = this.lanes[laneOf(job)];
    await lane.take();
    try {
      return await this.run(job, result, onPassages);
    } finally {
      lane.give();
    }
  }

  private take(limits: IngestLimits, family: Family): Warm {
    const i = this.idle.findIndex((w) => w.memoryMb === limits.memoryMb && w.family === family);
    if (i >= 0) return this.idle.splice(i, 1)[0];
    const worker = new Worker(workerUrl(this.entry, { scoped: true }), {
      resourceLimits: {
        maxOldGenerationSizeMb: limits.memoryMb,
        stackSizeMb: 4,
        ...(family === 'data' ? { maxYoungGenerationSizeMb: DATA_YOUNG_GENERATION_MB } : {}),
      },
      // Library chatter must not reach the CLI's stdout (one JSON object with --json); results come as messages.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const warm = { worker, memoryMb: limits.memoryMb, family };
    worker.once('exit', () => {
      const at = this.idle.indexOf(warm);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return warm;
  }

  private run<T>(job: WorkerJob, result: z.ZodType<T>, onPassages?: PassageSink): Promise<T> {
    const warm = this.take(job.limits, familyOf(job));
    const { worker } = warm;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      let timer = setTimeout(
        () =>
          stop(
            new ReaderStopped('bad_request', 'the file reader did not start in time; try again'),
          ),
        STARTUP_MS,
      );
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const stop = (err: Error) => {
        cleanup();
        void worker.terminate();
        reject(err);
      };
      const onMessage = (msg: FromWorker) => {
        if (msg.id !== id) return;
        if (msg.type === 'started') {
          clearTimeout(timer);
          timer = setTimeout(() => stop(timedOut(job)), job.limits.timeoutMs);
          return;
        }
        if (msg.type === 'passages') {
          const batch = Passages.safeParse(msg.passages);
          if (batch.success && onPassages) onPassages(batch.data, msg.last === true);
          else if (!batch.success)
            stop(
              new Error(
                `parse worker passages failed validation: ${batch.error.issues[0]?.message}`,
              ),
            );
          return;
        }
        cleanup();
        worker.unref();
        this.idle.push(warm);
        if (this.idle.length > this.maxIdle) void this.idle.shift()!.worker.terminate();
        if (msg.type === 'failed') {
          const failure = Failure.safeParse(msg.error);
          return reject(
            failure.success
              ? new AppError(failure.data.code, failure.data.message)
              : new Error('parse worker failure failed validation'),
          );
        }
        const parsed = result.safeParse(msg.result);
        if (parsed.success) resolve(parsed.data);
        else
          reject(
            new Error(`parse worker result failed validation: ${parsed.error.issues[0]?.message}`),
          );
      };
      const onError = (err: Error & { code?: string }) => {
        cleanup();
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ReaderStopped(
                'payload_too_large',
                `reading the file needed more than ${job.limits.memoryMb} MB of memory, so it was stopped (an overly complex file or a decompression bomb)`,
              )
            : err,
        );
      };
      const onExit = (code: number) => stop(new Error(`parse worker exited with code ${code}`));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.worker.terminate()));
  }
}

function timedOut(job: WorkerJob): ReaderStopped {
  const what = {
    pdf: 'the PDF',
    csv: 'the CSV',
    png: 'the PNG',
    'pdf-page': `page ${'page' in job ? job.page : ''} of the PDF`,
    thumbnail: 'the file for its preview',
  }[job.kind];
  const ms = job.limits.timeoutMs;
  return new ReaderStopped(
    'bad_request',
    `reading ${what} took longer than ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}, so it was stopped; the file may be malformed or too complex`,
  );
}

const KEY = Symbol.for('atelier.ingestPool');
type Holder = { [KEY]?: ParsePool };
const pool = () =>
  ((globalThis as Holder)[KEY] ??= new ParsePool(new URL(WORKER_FILE, import.meta.url)));

const PageImage = z.instanceof(Uint8Array);
/** A refusal from the worker: a known code and a sentence for the person (the surface shows it). */
const Failure = z.object({
  code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
  message: z.string().min(1).max(2000),
});
const Passages = z.array(Passage);

registerReaders({
  parse: async (job, onPassages) => {
    if (job.kind === 'pdf')
      return readPdfInParts(
        job,
        onPassages,
        (part, sink) => pool().submit(part, PdfPart, sink),
        await partsFor(job.path, pool().parseSlots),
      );
    const whole = (j: ParseJob, sink: PassageSink) => pool().submit(j, ParseResult, sink);
    if (job.kind === 'csv')
      return readCsvInParts(
        job,
        onPassages,
        (part, sink) => pool().submit(part, CsvPart, sink),
        whole,
        await csvRanges(job, pool().parseSlots),
      );
    return whole(job, onPassages);
  },
  pageImage: (job) => pool().submit(job, PageImage),
  thumbnail: (job) => pool().submit(job, PageImage),
});

/** Terminates the warm workers (tests, benchmarks; a process exits without it, idle workers are unref'd). */
export async function closeParsers(): Promise<void> {
  const g = globalThis as Holder;
  const p = g[KEY];
  delete g[KEY];
  await p?.close();
}
