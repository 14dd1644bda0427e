import { useCallback, useState } from 'react';

/**
 * A change made from a page: clears the last error, runs the call, refreshes what it changed,
 * and keeps the error to show when the call fails.
 */
export function useAction(refresh: () => void) {
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setError(null);
      try {
        await action();
        refresh();
      } catch (caught) {
        setError(caught);
      }
    },
    [refresh],
  );
  return { error, run };
}
