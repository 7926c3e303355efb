// HD against draft on the built-in model, side by side in one run: the same banner request
// rendered alternately as a draft and through the HD stages, with each HD stage's time (base
// render, hires upscale and img2img, upscaler per tile, text layer, OCR, scoring), wall and CPU
// time per render (CPU of all threads: steadier than wall time on a shared machine).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ModelRegistry } from '../engine/models/registry';
import { ORT_VERSION } from '../engine/runtime/ort';
import { EngineWorker } from '../engine/runtime/worker-client';
import { renderRouted } from '../lib/jobs/render';
import { routeGeneration } from '../lib/profiles/route';
import { machine } from '../lib/util/machine';
import { runBench, writeResult } from './results';
import { cpuMsSince, round, summary } from './stats';

const PROMPT = 'HD banner with the headline "SPRING SALE"';
const PALETTE = ['#141840', '#faf0d7'];
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function main() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'atelier-bench-hd-'));
  const registry = new ModelRegistry(path.join(root, 'models'));
  const worker = new EngineWorker();
  const render = async (profile: 'draft' | 'hd', seed: number) => {
    const routing = await routeGeneration(registry, { profile, prompt: PROMPT, palette: PALETTE });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const r = await renderRouted(worker, registry, routing, { prompt: PROMPT, seed, count: 1 });
    return { r, wallMs: performance.now() - started, cpuMs: cpuMsSince(cpu) };
  };
  await render('hd', 0); // warm-up: model build, sessions, upscaler conversion, OCR models
  type Run = Awaited<ReturnType<typeof render>>;
  const draft: Run[] = [];
  const hd: Run[] = [];
  for (let i = 1; i <= ITERATIONS; i++) {
    draft.push(await render('draft', i));
    hd.push(await render('hd', i));
  }
  await worker.close();
  await rm(root, { recursive: true, force: true });

  const stage = (pick: (s: NonNullable<Run['r']['timings']['stages']>) => number) =>
    summary(hd.map((h) => pick(h.r.timings.stages!)));
  const image = hd[0].r.images[0];
  const result = {
    benchmark: 'hd',
    machine: { ...machine(), onnxruntime: ORT_VERSION, ep: hd[0].r.ep },
    model: 'built-in model (synthetic shapes)',
    prompt: PROMPT,
    iterations: ITERATIONS,
    draft: {
      size: `${draft[0].r.images[0].width}×${draft[0].r.images[0].height}`,
      unetCalls: draft[0].r.timings.unetMs.length,
      wallMs: summary(draft.map((d) => d.wallMs)),
      cpuMs: summary(draft.map((d) => d.cpuMs)),
    },
    hd: {
      size: `${image.width}×${image.height}`,
      unetCalls: hd[0].r.timings.unetMs.length,
      wallMs: summary(hd.map((h) => h.wallMs)),
      cpuMs: summary(hd.map((h) => h.cpuMs)),
      stagesMs: {
        base: summary(
          hd.map((h) => {
            const t = h.r.timings;
            const s = t.stages!;
            return (
              t.totalMs -
              t.pngMs -
              s.hiresUpscaleMs -
              s.hiresMs -
              s.upscalerMs -
              s.textMs -
              s.ocrMs -
              s.scoreMs
            );
          }),
        ),
        hiresUpscale: stage((s) => s.hiresUpscaleMs),
        hiresImg2img: stage((s) => s.hiresMs),
        upscaler: stage((s) => s.upscalerMs),
        upscalerTilesPerImage: hd[0].r.timings.stages!.upscalerTiles,
        upscalerPerTile: summary(hd.flatMap((h) => h.r.timings.stages!.upscalerTileMs)),
        text: stage((s) => s.textMs),
        ocr: stage((s) => s.ocrMs),
        score: stage((s) => s.scoreMs),
        png: summary(hd.map((h) => h.r.timings.pngMs)),
      },
      ocrAccuracy: image.scores?.ocr?.accuracy,
      textAttempts: image.stages?.text?.attempts.length,
    },
    ratios: {
      wallHdOverDraft: round(
        summary(hd.map((h) => h.wallMs)).p50 / summary(draft.map((d) => d.wallMs)).p50,
      ),
      cpuHdOverDraft: round(
        summary(hd.map((h) => h.cpuMs)).p50 / summary(draft.map((d) => d.cpuMs)).p50,
      ),
    },
    unetMsTotalHd: round(sum(hd[0].r.timings.unetMs)),
  };
  writeResult('hd', result);
}

runBench(main);
