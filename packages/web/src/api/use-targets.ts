import { isApiError } from './client';
import { api } from './endpoints';
import type { TargetListItem } from './types';
import { useResource } from './use-resource';

/**
 * The workspace's targets with their pace. A server without the targets endpoints answers 404;
 * that is "no targets here" for the pages, not an error, and `available` says which it was.
 */
export function useTargets(workspaceId: string): {
  targets: TargetListItem[];
  available: boolean;
  loading: boolean;
  error: unknown;
  reload: () => void;
} {
  const resource = useResource(`targets:${workspaceId}`, async (signal) => {
    try {
      return { targets: (await api.targets(workspaceId, signal)).targets, available: true };
    } catch (error) {
      if (
        isApiError(error) &&
        (error.status === 404 || error.status === 405) &&
        error.code !== 'workspace_not_found'
      )
        return { targets: [], available: false };
      throw error;
    }
  });
  return {
    targets: resource.data?.targets ?? [],
    available: resource.data?.available ?? true,
    loading: resource.loading,
    error: resource.error,
    reload: resource.reload,
  };
}
