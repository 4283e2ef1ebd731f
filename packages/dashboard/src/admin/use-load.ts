import { type AsyncState, useAsync } from '../shared/use-async';

/** What a page fetched: the data, the error, and a way to fetch again after a change. */
export type Loaded<T> = Pick<AsyncState<T>, 'data' | 'error' | 'reload'>;

/** Fetches once per change of `deps` (shared/use-async.ts). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  return useAsync(load, deps);
}
