/** Which pages a scoped member's sidebar offers. */
import { type AccessScope, isScoped } from '@markpi/core';

/**
 * Whether the server refuses a scoped member a page (`server/src/auth/scoped-routes.ts`), so the
 * sidebar leaves it out. Any scope closes attribution (a path's credit is shared among the
 * channels it touched), cohorts (a customer's later orders go to any channel) and imports (every
 * channel's files); a scope of accounts or campaigns also closes search visibility and audiences,
 * whose positions and stages carry neither. Creators, lift and incidents show their slice.
 */
export function pageClosedToScope(page: string, scope: AccessScope | null): boolean {
  if (!isScoped(scope)) return false;
  if (page === 'attribution' || page === 'cohorts' || page === 'imports') return true;
  const narrowerThanChannels = (scope.accounts?.length ?? 0) > 0 || (scope.campaigns?.length ?? 0) > 0;
  return narrowerThanChannels && (page === 'search' || page === 'audiences');
}
