import { ApiError } from '../shared/api';
import { useAsync } from '../shared/use-async';

/** What a page shows while it loads: the answer, or why there is none. */
export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'not-found' } | { state: 'failed' };

/**
 * Runs `load` when `deps` change and again on `reload()` (shared/use-async.ts). A 404 is "not
 * found" (another workshop's id looks the same as a missing one).
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const s = useAsync(load, deps);
  // A reload keeps what is shown until its answer arrives.
  if (s.data !== null && !s.error) return [{ state: 'ok', data: s.data }, s.reload];
  if (s.loading) return [{ state: 'loading' }, s.reload];
  if (s.error)
    return [{ state: s.error instanceof ApiError && s.error.status === 404 ? 'not-found' : 'failed' }, s.reload];
  return [{ state: 'loading' }, s.reload];
}
