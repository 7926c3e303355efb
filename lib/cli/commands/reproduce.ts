import { ModelRegistry } from '../../../engine/models/registry';
import { EngineWorker } from '../../../engine/runtime/worker-client';
import { readEnv } from '../../config/env';
import { failed, type GenerationOutcome, reproducePackage } from '../../export/reproduce';
import { verifyPackage } from '../../export/verify';
import { parse } from '../args';
import { CliError, log, printable, printJson } from '../output';
import { packageFileArg } from '../package-file';

const ms = (x: number | null) => (x === null ? '?' : `${Math.round(x)} ms`);

function line(o: GenerationOutcome): string {
  if (o.problem) return `generation ${o.generationId}: ${o.problem}`;
  const exact = o.images.filter((i) => i.bitExact).length;
  const worst = Math.min(...o.images.map((i) => i.psnr ?? 0));
  const how =
    exact === o.images.length
      ? 'bit-exact'
      : `${exact}/${o.images.length} bit-exact, lowest PSNR ${worst.toFixed(2)} dB`;
  const ep = o.ep.recorded === o.ep.now ? o.ep.now : `${o.ep.recorded} then, ${o.ep.now} now`;
  return `generation ${o.generationId}: ${o.images.length} image(s) ${how} · ${o.model} on ${ep} · ${ms(o.reproduceMs)} (originally ${ms(o.originalMs)})`;
}

/**
 * `reproduce FILE [--json]`: verifies the package, then renders each generation again with the
 * installed models whose files hash as recorded. Exit 1 on a mismatch on the same execution
 * provider, or when a generation cannot be run.
 */
export async function reproduceCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const file = await packageFileArg(
    positionals,
    'reproduce takes one package file: reproduce FILE',
  );
  const verified = await verifyPackage(file);
  if (!verified.ok) {
    for (const p of verified.problems)
      log(`reproduce: ${printable(p.file)}: ${printable(p.problem)}`);
    throw new CliError(
      'bad_request',
      'the package does not verify, so it is not reproduced (see `verify`)',
    );
  }
  const worker = new EngineWorker();
  let outcomes: GenerationOutcome[];
  try {
    outcomes = await reproducePackage(
      verified.entries,
      { worker, registry: new ModelRegistry(readEnv().modelsDir) },
      (o, i, n) => log(`reproduce: ${i + 1}/${n} ${line(o)}`),
    );
  } finally {
    await worker.close();
  }
  const problems = outcomes.filter(failed).map(line);
  if (values.json)
    printJson({
      ok: problems.length === 0,
      problems,
      generations: outcomes.map((o) => ({
        ...o,
        images: o.images.map((i) => ({
          ...i,
          psnr: i.psnr === Number.POSITIVE_INFINITY ? 'Infinity' : i.psnr,
        })),
      })),
    });
  else for (const o of outcomes) process.stdout.write(`${line(o)}\n`);
  if (!problems.length) return 0;
  throw new CliError(
    'bad_request',
    `${problems.length} of ${outcomes.length} generation(s) did not reproduce`,
  );
}
