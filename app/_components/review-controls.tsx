'use client';

import { useState } from 'react';
import { errorMessage } from '../_lib/api';
import { type Review, type ReviewVerdict, saveReview } from '../_lib/reviews';
import { Button } from './button';
import { InlineError } from './inline-error';

const LABEL: Record<ReviewVerdict, string> = { approved: 'Approved', rejected: 'Rejected' };
const TONE: Record<ReviewVerdict, string> = {
  approved: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  rejected: 'bg-red-50 text-red-800 ring-red-200',
};

/**
 * An image's review: its verdict and comment for everyone; approve, reject (with a comment) or
 * clear for those who may review (editors and owners). Every change is recorded in the audit log.
 */
export function ReviewControls({
  artifactId,
  review,
  canReview,
  onChange,
}: {
  artifactId: string;
  review: Review | null;
  canReview: boolean;
  onChange: (review: Review | null) => void;
}) {
  const [comment, setComment] = useState(review?.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(input: { verdict: ReviewVerdict; comment: string } | null) {
    setBusy(true);
    setError(null);
    try {
      onChange(await saveReview(artifactId, input));
      if (!input) setComment('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Review" data-testid="review-controls" className="space-y-2 text-sm">
      {review ? (
        <p data-testid="review-state">
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${TONE[review.verdict]}`}
          >
            {LABEL[review.verdict]}
          </span>
          {review.comment ? (
            <span className="ml-2 text-neutral-700">“{review.comment}”</span>
          ) : null}
        </p>
      ) : (
        <p className="text-neutral-500">Not reviewed yet.</p>
      )}
      {canReview ? (
        <>
          <label className="block">
            <span className="sr-only">Review comment</span>
            <textarea
              data-testid="review-comment"
              value={comment}
              maxLength={2000}
              rows={2}
              placeholder="Comment (optional)"
              onChange={(e) => setComment(e.target.value)}
              className="block w-full resize-none rounded-lg border border-neutral-300 bg-white px-2.5 py-1.5 text-sm focus:border-accent-400 focus:outline-none focus:ring-2 focus:ring-accent-100"
            />
          </label>
          <div className="flex flex-wrap gap-2">
            <Button
              size="sm"
              data-testid="review-approve"
              disabled={busy}
              onClick={() => save({ verdict: 'approved', comment })}
            >
              Approve
            </Button>
            <Button
              size="sm"
              variant="secondary"
              data-testid="review-reject"
              disabled={busy}
              onClick={() => save({ verdict: 'rejected', comment })}
            >
              Reject
            </Button>
            {review ? (
              <Button size="sm" variant="ghost" disabled={busy} onClick={() => save(null)}>
                Clear review
              </Button>
            ) : null}
          </div>
        </>
      ) : null}
      <InlineError message={error} size="xs" />
    </section>
  );
}
