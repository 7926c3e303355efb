'use client';

import type { GenerateImageOutput } from '@/lib/assistant/tools/generate-image';

type Running = Extract<GenerateImageOutput, { status: 'running' }>;

const STAGES: Record<NonNullable<Running['stage']>, (p: Running) => string> = {
  base: (p) => `Rendering… step ${p.step} of ${p.steps}`,
  hires: (p) => `Hires pass… step ${p.step} of ${p.steps}`,
  upscale: (p) => `Upscaling… tile ${p.step} of ${p.steps}`,
  text: () => 'Setting the text and reading it back…',
  score: () => 'Scoring the image…',
};

/** A render in progress: which stage, how far, and which cell of a diagnostics grid. */
export function GenerationProgress({ progress }: { progress: Running | undefined }) {
  const pct = progress ? Math.round((progress.step / Math.max(1, progress.steps)) * 100) : 0;
  const label = progress
    ? STAGES[progress.stage ?? 'base'](progress)
    : 'Starting the image pipeline…';
  const cell = progress?.cell ? `Cell ${progress.cell.index + 1} of ${progress.cell.total} · ` : '';
  return (
    <div
      data-testid="generation-progress"
      className="my-2 max-w-sm rounded-lg border border-neutral-200 bg-neutral-50 px-3 py-2 text-xs text-neutral-600"
    >
      <div className="mb-1.5" data-testid="generation-stage">
        {cell}
        {label}
      </div>
      <div className="h-1.5 overflow-hidden rounded-full bg-neutral-200">
        <div
          className="h-full rounded-full bg-accent-600 transition-[width]"
          style={{ width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
