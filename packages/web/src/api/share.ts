/**
 * Typed calls of a share link's pages beyond the overview (docs/api.md): a board it opens, answered
 * whole, and Explore's question. The token is the path's; no session is sent or needed.
 */
import type { BoardAnswer } from '@markpi/core';
import { http, type Params } from './client';
import type { QueryResult } from './types';

const share = (token: string) => `/api/share/${encodeURIComponent(token)}`;

/** Explore's question as the link's query route reads it from the URL. */
export interface SharedQueryParams extends Params {
  kpis: readonly string[];
  dimensions?: readonly string[];
  from: string;
  to: string;
  grain: string;
  compare?: string;
}

export const shareApi = {
  board: (token: string, board: string, signal?: AbortSignal) =>
    http.get<BoardAnswer>(`${share(token)}/boards/${encodeURIComponent(board)}`, undefined, signal),
  query: (token: string, params: SharedQueryParams, signal?: AbortSignal) =>
    http.get<QueryResult>(`${share(token)}/query`, params, signal),
};
