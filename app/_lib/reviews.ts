import type { Review } from '@/lib/reviews/review';
import { api } from './api';

export type { Review };
export type ReviewVerdict = Review['verdict'];

/** Sets an image's review (editors and owners); null clears it. */
export async function saveReview(
  artifactId: string,
  input: { verdict: ReviewVerdict; comment: string } | null,
): Promise<Review | null> {
  const path = `/api/artifacts/${artifactId}/review`;
  if (!input) {
    await api(path, { method: 'DELETE' });
    return null;
  }
  return (await api<{ review: Review }>(path, { method: 'PUT', body: input })).review;
}
