// What the benchmark compares, side by side in one run over the same stored pages: the ranking
// before BM25 (ts_rank_cd over whole passages) and the current one.
import { tsRankRetriever } from '../lib/search/rank';
import type { SearchDeps } from '../lib/search/service';

export const VARIANTS: Record<string, SearchDeps> = {
  before: { retrieve: tsRankRetriever },
  after: {},
};
