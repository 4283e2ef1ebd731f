import { ApiError } from '../shared/api';
import { useAsync } from '../shared/use-async';

/** What a page shows while it asks: nothing yet, the answer, or an error a person can act on. */
export type Load<T> =
  | { state: 'loading' }
  | { state: 'done'; data: T; reload: () => void }
  | { state: 'failed'; status: number | null };

/** Runs `fetcher` whenever `key` changes (`key` names everything it reads; shared/use-async.ts). */
export function useLoad<T>(key: string, fetcher: () => Promise<T>): Load<T> {
  const s = useAsync(fetcher, [key]);
  // A reload keeps the shown answer until the new one arrives; a new key clears it (use-async.ts).
  if (s.loading && s.data === null) return { state: 'loading' };
  if (s.error) return { state: 'failed', status: s.error instanceof ApiError ? s.error.status : null };
  return s.data === null ? { state: 'loading' } : { state: 'done', data: s.data, reload: s.reload };
}
