import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../shared/api';

/** What a page shows while it loads: the answer, or why there is none. */
export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'not-found' } | { state: 'failed' };

/**
 * Runs `load` when `deps` change and again on `reload()`. A 404 is "not found" (another
 * workshop's id looks the same as a missing one); a 401 has already ended the session in the app.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const lastTick = useRef(tick);
  useEffect(() => {
    let live = true;
    // Other deps (another workshop, another agent): drop what was shown; a reload keeps it until the answer.
    if (lastTick.current === tick) setState({ state: 'loading' });
    lastTick.current = tick;
    load()
      .then((data) => live && setState({ state: 'ok', data }))
      .catch((err) => {
        if (!live) return;
        setState({ state: err instanceof ApiError && err.status === 404 ? 'not-found' : 'failed' });
      });
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [state, reload];
}
