// What the benchmark compares, side by side in one run over the same stored pages.
import type { SearchDeps } from '../lib/search/service';

export const VARIANTS: Record<string, SearchDeps> = {
  current: {},
};
