'use client';

import type { GenerateImageOutput } from '@/lib/assistant/tools/generate-image';

type Running = Extract<GenerateImageOutput, { status: 'running' }>;
type Queued = Extract<GenerateImageOutput, { status: 'queued' }>;

const STAGES: Record<NonNullable<Running['stage']>, (p: Running) => string> = {
  base: (p) => `Rendering… step ${p.step} of ${p.steps}`,
  hires: (p) => `Hires pass… step ${p.step} of ${p.steps}`,
  upscale: (p) => `Upscaling… tile ${p.step} of ${p.steps}`,
  text: () => 'Setting the text and reading it back…',
  score: () => 'Scoring the image…',
};

const duration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
};

const queuedLabel = (q: Queued) => {
  const place = q.position <= 1 ? 'next in line' : `${q.position - 1} ahead in line`;
  const wait =
    q.waitMs === undefined
      ? ''
      : q.waitMs < 1500
        ? ' · starts in a moment'
        : ` · starts in about ${duration(q.waitMs)}`;
  return `Queued · ${place}${wait}`;
};

/** The whole render's time left, or only this stage's when no render of its kind has finished yet. */
const timeLeft = (ms: number, scope: Running['etaScope']) => {
  const left = scope === 'job' ? 'left' : 'left in this stage';
  return ms < 1500 ? ` · a moment ${left}` : ` · about ${duration(ms)} ${left}`;
};

/**
 * A render waiting or in progress: its place in the queue, or which stage, how far, the time left
 * in it, which grid cell, and the latest latent preview of each image.
 */
export function GenerationProgress({ progress }: { progress: Running | Queued | undefined }) {
  const running = progress?.status === 'running' && progress.steps > 0 ? progress : undefined;
  const pct = running ? Math.round((running.step / Math.max(1, running.steps)) * 100) : 0;
  const label =
    progress?.status === 'queued'
      ? queuedLabel(progress)
      : running
        ? STAGES[running.stage ?? 'base'](running)
        : 'Starting the image pipeline…';
  const cell = running?.cell ? `Cell ${running.cell.index + 1} of ${running.cell.total} · ` : '';
  const eta = running?.etaMs !== undefined ? timeLeft(running.etaMs, running.etaScope) : '';
  return (
    <div
      data-testid="generation-progress"
      data-status={progress?.status ?? 'running'}
      className="my-2 max-w-sm rounded-lg border border-neutral-200 bg-neutral-50 px-3 py-2 text-xs text-neutral-600"
    >
      <div className="mb-1.5" data-testid="generation-stage">
        {cell}
        {label}
        {eta}
      </div>
      {running?.previews?.length ? (
        <div className="mb-1.5 flex flex-wrap gap-1.5">
          {running.previews.map((src, i) => (
            // A data URL made by our server from the latents: small, and never fetched.
            <img
              key={i}
              data-testid="generation-preview"
              src={src}
              alt={`preview of image ${i + 1}`}
              width={64}
              height={64}
              className="h-16 w-16 rounded border border-neutral-200 object-cover [image-rendering:auto]"
            />
          ))}
        </div>
      ) : null}
      <div className="h-1.5 overflow-hidden rounded-full bg-neutral-200">
        <div
          className="h-full rounded-full bg-accent-600 transition-[width]"
          style={{ width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
