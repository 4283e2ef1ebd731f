import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../shared/api';

/** Why a load failed: the workshop is not the user's (403/404), or anything else. */
export type LoadError = 'not-yours' | 'failed';

/**
 * Loads what a page shows, again every `refreshMs` (when given) and on `reload()`. A 401 has
 * already ended the session in the shell (shared/api.ts); a 403 or 404 means the address names
 * a workshop the user may not see, which the page says in words.
 */
export function useLoad<T>(
  load: (() => Promise<T>) | null,
  deps: readonly unknown[],
  refreshMs?: number,
): { data: T | null; error: LoadError | null; at: number | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<LoadError | null>(null);
  const [at, setAt] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (!load) return;
    let live = true;
    const run = async () => {
      try {
        const d = await load();
        if (!live) return;
        setData(d);
        setError(null);
        setAt(Date.now());
      } catch (err) {
        if (!live || (err instanceof ApiError && err.status === 401)) return;
        const notYours = err instanceof ApiError && (err.status === 403 || err.status === 404);
        setError(notYours ? 'not-yours' : 'failed');
        if (notYours) setData(null);
      }
    };
    void run();
    const timer = refreshMs ? setInterval(run, refreshMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [...deps, tick]);

  return { data, error, at, reload };
}
