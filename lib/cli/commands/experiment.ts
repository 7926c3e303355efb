import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelRegistry } from '../../../engine/models/registry';
import { ORT_VERSION } from '../../../engine/runtime/ort';
import { EngineWorker } from '../../../engine/runtime/worker-client';
import { readEnv } from '../../config/env';
import { fromEngineError } from '../../engine-errors';
import { readExperimentConfig } from '../../experiments/config';
import { contactSheet } from '../../experiments/contact-sheet';
import { jsonReport, markdownReport } from '../../experiments/report';
import { runExperiments, type VariantResult } from '../../experiments/run';
import { runtimeOptions } from '../../jobs/engine';
import { machine } from '../../util/machine';
import { parse } from '../args';
import { CliError, log, printJson } from '../output';

/** Written beside its final name and renamed, so an interrupted run leaves no file that looks whole. */
async function put(file: string, bytes: string | Uint8Array): Promise<void> {
  await writeFile(`${file}.partial`, bytes);
  await rename(`${file}.partial`, file);
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'x';

export async function experimentCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new CliError('usage', 'experiment takes one CONFIG.json');
  const file = path.resolve(positionals[0]);
  const config = await readExperimentConfig(file);
  const out = path.resolve(values.out ?? `${file.replace(/\.json$/i, '')}-results`);
  const registry = new ModelRegistry(readEnv().modelsDir);
  const worker = new EngineWorker();
  let results: VariantResult[];
  try {
    results = await runExperiments(worker, registry, config, (e, l) =>
      log(`experiment: ${e}: ${l}`),
    );
  } catch (err) {
    throw fromEngineError(err);
  } finally {
    await worker.close();
  }
  const where = { ...machine(), onnxruntime: ORT_VERSION, ep: runtimeOptions().ep ?? 'cpu' };
  await mkdir(path.join(out, 'images'), { recursive: true });
  const images = [];
  for (const r of results) {
    const name = path.join(out, 'images', `${slug(r.experiment)}--${slug(r.label)}.png`);
    await put(name, r.png);
    images.push(name);
  }
  const files = {
    markdown: path.join(out, 'experiment.md'),
    json: path.join(out, 'experiment.json'),
    contactSheet: path.join(out, 'contact-sheet.png'),
  };
  await put(files.markdown, markdownReport(config, results, where));
  await put(files.json, `${JSON.stringify(jsonReport(config, results, where), null, 2)}\n`);
  await put(files.contactSheet, await contactSheet(results));
  if (values.json) printJson({ out, ...files, images, ...jsonReport(config, results, where) });
  else process.stdout.write(`${markdownReport(config, results, where)}\nwritten to ${out}\n`);
  return 0;
}
