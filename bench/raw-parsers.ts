// The ingest benchmark's baselines, pdf-parse and papaparse alone, in a process of their own that
// loads nothing of the app. In the benchmark's own process they measured slower than alone
// (papaparse slows down once pdf.js has run on the same thread), which flattered every ratio taken
// against it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { cpuMsSince } from './stats';

export const RawRequest = z.object({ kind: z.enum(['pdf', 'csv']), file: z.string() });
export type RawRequest = z.infer<typeof RawRequest>;

// Each parser is loaded only where it is timed (the first runs are warm-ups), through require() as the
// app's parse workers load them (the ESM loader hooks of tsx would transform pdf.js first).
const load = createRequire(import.meta.url);

async function rawPdf(file: string): Promise<number> {
  const { PDFParse } = load('pdf-parse') as typeof import('pdf-parse');
  const bytes = fs.readFileSync(file);
  const t0 = performance.now();
  const parser = new PDFParse({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  await parser.getInfo();
  await parser.getText();
  await parser.destroy();
  return performance.now() - t0;
}

async function rawCsv(file: string): Promise<number> {
  const Papa = load('papaparse') as typeof import('papaparse');
  const t0 = performance.now();
  let rows = 0;
  return new Promise((resolve, reject) => {
    const config = {
      step: () => void rows++,
      complete: () => resolve(performance.now() - t0),
      error: reject,
    };
    (Papa.parse as (source: unknown, config: unknown) => void)(
      fs.createReadStream(file, { encoding: 'utf8' }),
      config,
    );
  });
}

// Each message asks for one timed run; the answer is its milliseconds, and the CPU time this process
// spent meanwhile (every thread of it).
process.on('message', (msg: unknown) => {
  const req = RawRequest.parse(msg);
  const cpu = process.cpuUsage();
  (req.kind === 'pdf' ? rawPdf(req.file) : rawCsv(req.file)).then(
    (ms) => process.send!({ ms, cpuMs: cpuMsSince(cpu) }),
    (err: Error) => process.send!({ error: err.message }),
  );
});
process.send!({ ready: true });
