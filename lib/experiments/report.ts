// The experiment's table, as markdown for a person and JSON for a machine.
import type { ExperimentConfig } from './config';
import type { VariantResult } from './run';

const fixed = (x: number | undefined, digits: number) =>
  x === undefined ? '—' : x.toFixed(digits);

export function markdownReport(
  config: ExperimentConfig,
  results: VariantResult[],
  machine: Record<string, unknown>,
): string {
  const lines = [
    `# ${config.title}`,
    '',
    `Prompt: \`${config.prompt}\` · seed ${config.seed}${config.model ? ` · model ${config.model}` : ''}`,
    `Machine: ${Object.values(machine).join(' · ')}`,
    '',
  ];
  for (const experiment of config.experiments) {
    lines.push(`## ${experiment.name}`, '');
    if (experiment.question) lines.push(experiment.question, '');
    lines.push(
      '| variant | size | UNet calls | upscaler tiles | sharpness (Laplacian var.) | OCR accuracy | palette ΔE | time (s) |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const r of results.filter((x) => x.experiment === experiment.name)) {
      lines.push(
        `| ${r.label} | ${r.width}×${r.height} | ${r.unetCalls} | ${r.upscalerTiles} | ${fixed(r.sharpness, 1)} | ${fixed(r.ocrAccuracy, 3)} | ${fixed(r.paletteDeltaE, 2)} | ${(r.totalMs / 1000).toFixed(2)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export function jsonReport(
  config: ExperimentConfig,
  results: VariantResult[],
  machine: Record<string, unknown>,
) {
  return {
    title: config.title,
    prompt: config.prompt,
    seed: config.seed,
    machine,
    results: results.map(({ png: _png, ...r }) => r),
  };
}
