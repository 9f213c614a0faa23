import { useAsyncState } from '@vueuse/core';

/**
 * A store's request state: the data, `loading` and `error`, where only the latest request may
 * land (typing in the search box fires requests quickly; an older, slower answer must not
 * overwrite a newer one). VueUse's `useAsyncState` does the bookkeeping; this sets it up the way
 * every store wants it: run on demand, keep the old data on screen meanwhile, and leave errors to
 * the screen (its default reports them to the console as well).
 */
export function useRequest<Data, Params extends unknown[], Initial = Data>(
  request: (...args: Params) => Promise<Data>,
  /** What `data` holds until the first answer: `null` for "nothing yet", or an empty value. */
  initial: Initial,
) {
  const { state, isLoading, error, executeImmediate } = useAsyncState<Data | Initial, Params>(request, initial, {
    immediate: false,
    resetOnExecute: false,
    onError: () => {},
  });
  return {
    data: state,
    loading: isLoading,
    error,
    /** Runs the request; resolves when it settles, without throwing (its error is in `error`). */
    run: (...args: Params): Promise<void> => executeImmediate(...args).then(() => undefined),
  };
}
