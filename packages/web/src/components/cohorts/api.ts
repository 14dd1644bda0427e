/**
 * The customer routes as the dashboard calls them, and the parts of their answers it shows (the
 * server's zod schemas in `server/src/routes/customers.ts`).
 */
import { http } from '../../api/client';

export interface CustomersSaid {
  message: { key: string; params: Record<string, string | number> };
  text: { en: string; zh: string };
}

export interface CohortCell {
  offset: number;
  month: string;
  activeCustomers: number;
  retention: number;
  orders: number;
  revenue: number;
  cumulativeRevenue: number;
  ltv: number;
}

export interface CohortRow {
  cohort: string;
  channel: string | null;
  customers: number;
  cells: CohortCell[];
}

export interface CohortAnswer {
  through: string | null;
  table: { through: string; rows: CohortRow[] };
  notes: CustomersSaid[];
}

const base = (workspace: string) => `/api/workspaces/${encodeURIComponent(workspace)}`;

export const cohortsApi = {
  cohorts: (
    workspace: string,
    params: { byChannel?: 'true' | 'false'; fromCohort?: string },
    signal?: AbortSignal,
  ) => http.get<CohortAnswer>(`${base(workspace)}/customers/cohorts`, params, signal),
};
