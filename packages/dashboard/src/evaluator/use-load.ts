import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../shared/api';

/** What a page shows while it asks: nothing yet, the answer, or an error a person can act on. */
export type Load<T> = { state: 'loading' } | { state: 'done'; data: T } | { state: 'failed'; status: number | null };

/**
 * Runs `fetcher` whenever `key` changes and keeps only the latest answer (an older request that
 * answers late is dropped). A 401 already ends the session in the shell (shared/api.ts).
 */
export function useLoad<T>(key: string, fetcher: () => Promise<T>): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    fetcher()
      .then((data) => live && setLoad({ state: 'done', data }))
      .catch((err) => live && setLoad({ state: 'failed', status: err instanceof ApiError ? err.status : null }));
    return () => {
      live = false;
    };
    // `key` names everything the fetcher reads.
  }, [key]);
  return load;
}
