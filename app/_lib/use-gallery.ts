'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from './api';
import { type GalleryFilters, type GalleryPage, type GalleryScope, galleryUrl } from './gallery';

type State = {
  key: string;
  images: GalleryPage['images'];
  facets?: GalleryPage['facets'];
  canReview: boolean;
  nextCursor: string | null;
  loading: boolean;
  error?: string;
};

/** A scope's images under the filters, first page on change, more on `loadMore`. */
export function useGallery(scope: GalleryScope | null, filters: GalleryFilters) {
  const key = scope ? galleryUrl(scope, filters) : '';
  const [state, setState] = useState<State>({
    key: '',
    images: [],
    canReview: false,
    nextCursor: null,
    loading: true,
  });

  const fetchPage = useCallback(
    (cursor: string | undefined, signal?: AbortSignal) => {
      if (!scope) return;
      setState((s) => ({ ...s, loading: true, error: undefined }));
      api<GalleryPage>(galleryUrl(scope, filters, cursor), { signal })
        .then((page) =>
          setState((s) => ({
            key,
            images: cursor && s.key === key ? [...s.images, ...page.images] : page.images,
            facets: page.facets,
            canReview: page.canReview,
            nextCursor: page.nextCursor,
            loading: false,
          })),
        )
        .catch((err) => {
          if (!signal?.aborted)
            setState((s) => ({ ...s, loading: false, error: errorMessage(err) }));
        });
    },
    [scope, filters, key],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    fetchPage(undefined, ctrl.signal);
    return () => ctrl.abort();
  }, [fetchPage]);

  const current = state.key === key;
  return {
    images: current ? state.images : [],
    facets: state.facets,
    canReview: state.canReview,
    nextCursor: current ? state.nextCursor : null,
    loading: state.loading || !current,
    error: state.error,
    loadMore: () => state.nextCursor && fetchPage(state.nextCursor),
    reload: () => fetchPage(undefined),
  };
}
