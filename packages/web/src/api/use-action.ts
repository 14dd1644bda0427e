import { useCallback, useState } from 'react';

/**
 * A change made from a page: clears the last error, runs the call, refreshes what it changed,
 * and keeps the error to show when the call fails. `pending` is true while the call runs, so a
 * form can disable its button instead of sending the same change twice.
 */
export function useAction(refresh: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setError(null);
      setPending(true);
      try {
        await action();
        refresh();
      } catch (caught) {
        setError(caught);
      } finally {
        setPending(false);
      }
    },
    [refresh],
  );
  return { error, pending, run };
}
