// The parse worker: reads one untrusted file at a time inside V8 resource limits; the main thread
// terminates it past the time limit.
import { parentPort } from 'node:worker_threads';
import { firstLine } from '../../engine/errors';
import { AppError } from '../errors';
import { parseCsv, parseCsvPart } from './csv';
import { parsePdfPart } from './pdf';
import { renderPdfPage } from './pdf-page';
import { parsePng } from './png';
import type { FromWorker, ToWorker, WorkerJob } from './protocol';
import { storable } from './storable';
import { thumbnail } from './thumbnail';
import type { PassageSink } from './types';

// Source maps cost a parse of every loaded library's map (megabytes for pdf.js); stacks from this
// worker never reach a person.
process.setSourceMapsEnabled(false);

const WHAT = {
  pdf: 'PDF',
  csv: 'CSV',
  png: 'PNG',
  'pdf-page': 'PDF page',
  thumbnail: 'file',
} as const;

function run(job: WorkerJob, emit: PassageSink): Promise<unknown> {
  if (job.kind === 'pdf-page') return renderPdfPage(job.path, job.page, job.width, job.limits);
  if (job.kind === 'thumbnail') return thumbnail(job.of, job.path, job.size, job.limits);
  if (job.kind === 'pdf')
    return parsePdfPart(job.path, job.limits, emit, job.part ?? { index: 0, count: 1 });
  if (job.kind === 'png') return parsePng(job.path, job.limits, emit);
  if (job.range)
    return parseCsvPart(job.path, job.encoding ?? 'utf-8', job.limits, emit, job.range);
  return parseCsv(job.path, job.encoding ?? 'utf-8', job.limits, emit);
}

const post = (msg: FromWorker) => parentPort!.postMessage(msg);

parentPort!.on('message', async ({ id, job }: ToWorker) => {
  post({ id, type: 'started' });
  const emit: PassageSink = (batch, last = false) =>
    post({ id, type: 'passages', passages: storable(batch), last });
  try {
    const result = await run(job, emit);
    // Parse results are made storable in PostgreSQL (image bytes and offsets go across as they are).
    post({ id, type: 'done', result: storable(result) });
  } catch (err) {
    const error =
      err instanceof AppError
        ? { code: err.code, message: err.message }
        : {
            code: 'bad_request' as const,
            message: `the ${WHAT[job.kind]} could not be read (${firstLine(err, 160)})`,
          };
    post({ id, type: 'failed', error });
  }
});
