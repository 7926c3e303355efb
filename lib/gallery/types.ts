import type { Profile } from '../../engine/models/family';
import type { ScoresLike } from '../profiles/score-line';
import type { Review } from '../reviews/review';

/** A diagnostics grid cell: the settings this image was rendered under instead of the request's. */
export type GalleryCell = { scheduler: string; steps: number; guidance: number };

/** One stored image as the gallery, the lightbox and the compare view show it. */
export type GalleryImage = {
  id: string;
  url: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  seed: number | null;
  createdAt: string;
  generationId: string;
  conversation: { id: string; title: string } | null;
  profile: Profile;
  model: { id: string; label: string };
  /** What the person asked for in the turn that rendered it (null without a chat turn). */
  request: string | null;
  prompt: string;
  negative: string;
  /** The resolved settings the engine ran with (steps, guidance, scheduler, base size). */
  params: {
    steps?: number;
    guidance?: number;
    scheduler?: string;
    width?: number;
    height?: number;
  };
  /** Colours the text layer and palette score used (the conversation's references). */
  palette: string[];
  reasons: string[];
  scores: ScoresLike | null;
  cell: GalleryCell | null;
  ep: string | null;
  /** The `atelier generate` command line that renders this image again. */
  recipe: string;
  /** Its current review (lib/reviews), null when none. */
  review: Review | null;
  /** The same request rendered in the other of draft and HD, when there is one. */
  counterpart: { id: string; profile: Profile } | null;
};

export type GalleryPage = {
  images: GalleryImage[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
  /** What the filters may choose from in this scope. */
  facets: { profiles: Profile[]; models: Array<{ id: string; label: string }> };
  /** Whether the caller may approve or reject images here (editors and owners). */
  canReview: boolean;
};

/** An image's own facts, before it is paired and its recipe written. */
export type ImageFacts = Omit<GalleryImage, 'counterpart' | 'recipe'>;
