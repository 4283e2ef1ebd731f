import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** What a page's request stands at: the latest answer, the latest error, when it answered. */
export interface AsyncState<T> {
  data: T | null;
  error: unknown;
  /** When the shown answer arrived (ms), null before the first. */
  at: number | null;
  /** A request is under way (the first, after a change of `deps`, or a reload). */
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` when `deps` change, again on `reload()` and every `refreshMs` when given. An
 * answer that arrives after the page moved on is dropped. A change of `deps` (another workshop,
 * another day) clears what was shown, so nothing of the previous one stays on screen; a reload
 * or a refresh keeps it until the new answer. A 401 has already ended the session (shared/api.ts).
 * Each role's `use-load.ts` shapes this for its pages.
 */
export function useAsync<T>(
  load: (() => Promise<T>) | null,
  deps: readonly unknown[],
  refreshMs?: number,
): AsyncState<T> {
  const [state, setState] = useState<Omit<AsyncState<T>, 'reload'>>({
    data: null,
    error: null,
    at: null,
    loading: load !== null,
  });
  const [tick, setTick] = useState(0);
  const lastTick = useRef(tick);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (!load) return;
    let live = true;
    const changed = lastTick.current === tick;
    lastTick.current = tick;
    setState((s) => (changed ? { data: null, error: null, at: null, loading: true } : { ...s, loading: true }));
    const run = async () => {
      try {
        const data = await load();
        if (live) setState({ data, error: null, at: Date.now(), loading: false });
      } catch (error) {
        if (live) setState((s) => ({ ...s, error, loading: false }));
      }
    };
    void run();
    const timer = refreshMs ? setInterval(run, refreshMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
    // `load` is a new closure at each render; `deps` say when it asks for something else.
  }, [...deps, tick]);

  return { ...state, reload };
}
