import { useCallback, useEffect, useState } from 'preact/hooks';

/** What a page fetched: the data, the error, and a way to fetch again after a change. */
export interface Loaded<T> {
  data: T | null;
  error: unknown;
  reload: () => void;
}

/** Fetches once per change of `deps`; an answer that arrives after the page moved on is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  // `load` is a new closure at each render; `deps` say when it asks for something else.
  useEffect(() => {
    let live = true;
    load()
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(null);
      })
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}
