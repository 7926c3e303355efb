// Upscaler benchmark, CPU: ESRGAN slim x2 and x4 converted from TF.js to ONNX (conversion time,
// model sizes), then a 512×512 image upscaled in 128-pixel tiles with 16 pixels of overlap:
// per-tile and total times (wall and CPU), and the largest difference from one whole-image run.
// Prints one JSON object and writes bench/results/upscale.json. BENCH_ITERATIONS sets the runs.
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ORT_VERSION } from '../engine/runtime/ort';
import {
  convertEsrganSlim,
  DEFAULT_OVERLAP,
  DEFAULT_TILE,
  ensureEsrganSlim,
  openUpscaler,
  type PlanarImage,
  type UpscaleResult,
  upscaleImage,
} from '../engine/upscale';
import { esrganSlimPackageDir } from '../engine/upscale/esrgan-slim';
import { machine } from '../lib/util/machine';
import { runBench, writeResult } from './results';
import { cpuMsSince, round, summary } from './stats';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3);
const SIZE = 512;
const SCALES = [2, 4];

/** A picture-like image: gradients, a hard-edged disc and fine texture. */
function benchImage(size: number): PlanarImage {
  const data = new Float32Array(3 * size * size);
  const plane = size * size;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const disc = (x - size * 0.6) ** 2 + (y - size * 0.4) ** 2 < (size * 0.25) ** 2 ? 0.4 : 0;
      const texture = 0.1 * Math.sin(x * 0.9) * Math.cos(y * 1.3);
      const p = y * size + x;
      data[p] = Math.min(1, x / size + disc);
      data[plane + p] = Math.max(0, y / size - disc + texture);
      data[2 * plane + p] = 0.5 + texture;
    }
  return { width: size, height: size, data };
}

const maxDiff = (a: Float32Array, b: Float32Array) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

async function benchScale(root: string, scale: number, image: PlanarImage) {
  const convertMs: number[] = [];
  let modelBytes = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    const { files } = await convertEsrganSlim(scale);
    convertMs.push(performance.now() - started);
    modelBytes = files.get('model.onnx')!.length;
  }
  const sourceDir = path.join(esrganSlimPackageDir(), 'models', `x${scale}`);
  const sourceBytes = fs
    .readdirSync(sourceDir)
    .reduce((n, f) => n + fs.statSync(path.join(sourceDir, f)).size, 0);
  const started = performance.now();
  const installed = await ensureEsrganSlim(root, scale);
  const firstUseMs = performance.now() - started;
  const reuseStarted = performance.now();
  await ensureEsrganSlim(root, scale);
  const reuseMs = performance.now() - reuseStarted;
  const openStarted = performance.now();
  const model = await openUpscaler(installed.file);
  const openMs = performance.now() - openStarted;

  const opts = { tile: DEFAULT_TILE, overlap: DEFAULT_OVERLAP };
  await upscaleImage(model, image, opts); // warm-up: session optimisation, allocator
  const runs: UpscaleResult[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const cpu = process.cpuUsage();
    runs.push(await upscaleImage(model, image, opts));
    cpuMs.push(cpuMsSince(cpu));
  }
  const whole = await upscaleImage(model, image, { tile: SIZE });
  await model.release();
  return {
    scale,
    model: {
      id: installed.id,
      sha256: installed.manifest.files['model.onnx'],
      modelBytes,
      sourceBytes,
      receptiveRadius: installed.manifest.receptiveRadius,
    },
    convertMs: summary(convertMs),
    firstUseMs: round(firstUseMs),
    reuseMs: round(reuseMs),
    openMs: round(openMs),
    tiled: {
      tile: opts.tile,
      overlap: opts.overlap,
      tiles: runs[0].tiles,
      output: `${runs[0].width}×${runs[0].height}`,
      perTileMs: summary(runs.flatMap((r) => r.tileMs)),
      totalMs: summary(runs.map((r) => r.totalMs)),
      // CPU time of all threads: less sensitive than wall time to other load on a shared machine.
      totalCpuMs: summary(cpuMs),
      megapixelsOutPerSecond: round(
        (runs[0].width * runs[0].height) / 1e6 / (summary(runs.map((r) => r.totalMs)).p50 / 1000),
      ),
    },
    wholeImageMs: round(whole.totalMs),
    maxAbsDiffTiledVsWhole: maxDiff(runs[0].data, whole.data),
  };
}

async function main() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'atelier-bench-upscale-'));
  const image = benchImage(SIZE);
  const scales = [];
  for (const scale of SCALES) scales.push(await benchScale(root, scale, image));
  await rm(root, { recursive: true, force: true });
  const result = {
    benchmark: 'upscale',
    machine: { ...machine(), onnxruntime: ORT_VERSION, ep: 'cpu' },
    model: 'ESRGAN slim (@upscalerjs/esrgan-slim), converted from TF.js layers to ONNX',
    input: `${SIZE}×${SIZE}`,
    iterations: ITERATIONS,
    scales,
  };
  writeResult('upscale', result);
}

runBench(main);
