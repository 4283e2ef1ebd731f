import { ApiError } from '../shared/api';
import { useAsync } from '../shared/use-async';

/** Why a load failed: the workshop is not the user's (403/404), or anything else. */
export type LoadError = 'not-yours' | 'failed';

/**
 * Loads what a page shows, again every `refreshMs` (when given) and on `reload()`
 * (shared/use-async.ts). A 403 or 404 means the address names a workshop the user may not see,
 * which the page says in words, showing nothing of it.
 */
export function useLoad<T>(
  load: (() => Promise<T>) | null,
  deps: readonly unknown[],
  refreshMs?: number,
): { data: T | null; error: LoadError | null; at: number | null; reload: () => void } {
  const s = useAsync(load, deps, refreshMs);
  const notYours = s.error instanceof ApiError && (s.error.status === 403 || s.error.status === 404);
  const error: LoadError | null = s.error === null ? null : notYours ? 'not-yours' : 'failed';
  return { data: notYours ? null : s.data, error, at: s.at, reload: s.reload };
}
