/** Typed calls to the monitor's routes (docs/api.md): freshness per source for the header. */
import type { Freshness } from '../lib/monitor';
import { http } from './client';

const ws = (id: string) => `/api/workspaces/${encodeURIComponent(id)}`;

export const monitorApi = {
  freshness: (id: string, signal?: AbortSignal) =>
    http.get<Freshness>(`${ws(id)}/freshness`, undefined, signal),
};
