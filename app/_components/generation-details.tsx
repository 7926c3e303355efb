'use client';

import type { GenerateImageOutput } from '@/lib/assistant/tools/generate-image';
import { type ScoresLike, scoreLine } from '@/lib/profiles/score-line';

type Done = Extract<GenerateImageOutput, { status: 'complete' }>;
type Image = Done['images'][number];

/** An image's scores in one line; the OCR part turns amber when the text missed the gate. */
export function ImageScores({ image, gate }: { image: Image; gate?: number }) {
  if (!image.scores) return null;
  const ocr = image.scores.ocr;
  const missed = ocr && gate !== undefined && ocr.accuracy < gate;
  return (
    <div
      data-testid="image-scores"
      className={`mt-1 text-xs ${missed ? 'text-amber-700' : 'text-neutral-500'}`}
    >
      {scoreLine(image.scores as ScoresLike)}
    </div>
  );
}

/** Why the render looks as it does: the router's reasons, the OCR gate's verdict, the CPU fallback. */
export function RoutingDetails({ out }: { out: Done }) {
  const text = out.images[0]?.stages?.text;
  return (
    <details data-testid="routing-details" className="mt-1 text-xs text-neutral-600">
      <summary className="cursor-pointer select-none text-neutral-500 hover:text-neutral-700">
        Why this render
      </summary>
      <ul className="mt-1 list-disc space-y-0.5 pl-5" data-testid="routing-reasons">
        {out.routing.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
        {text ? (
          <li data-testid="ocr-gate">
            {text.retried
              ? `OCR gate: the text read back at ${text.attempts[0].ocr.accuracy.toFixed(2)}, so it was set again larger with more contrast and read ${text.attempts[1].ocr.accuracy.toFixed(2)}${text.passed ? '' : ' (still below the gate)'}`
              : `OCR gate: the text read back at ${text.attempts[0].ocr.accuracy.toFixed(2)}, passed`}
          </li>
        ) : null}
      </ul>
    </details>
  );
}
