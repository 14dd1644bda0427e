/** Typed calls to a board's answer and the overview's tiles (docs/api.md). */
import type { BoardAnswer, OverviewTiles, OverviewTilesInput } from '@markpi/core';
import { http } from './client';

const ws = (id: string) => `/api/workspaces/${encodeURIComponent(id)}`;

export const boardsApi = {
  answer: (id: string, board: string, signal?: AbortSignal) =>
    http.get<BoardAnswer>(`${ws(id)}/boards/${encodeURIComponent(board)}/answer`, undefined, signal),
  tiles: (id: string, signal?: AbortSignal) =>
    http.get<OverviewTiles>(`${ws(id)}/overview/tiles`, undefined, signal),
  setTiles: (id: string, tiles: OverviewTilesInput) =>
    http.put<OverviewTiles>(`${ws(id)}/overview/tiles`, tiles),
  resetTiles: (id: string, scope: 'workspace' | 'mine') =>
    http.delete<OverviewTiles>(`${ws(id)}/overview/tiles?scope=${scope}`),
};
