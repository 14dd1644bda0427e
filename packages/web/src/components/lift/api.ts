/**
 * The lift routes as the dashboard calls them, and the parts of their answers it shows (the
 * server's zod schemas in `server/src/routes/lift.ts`).
 */
import { http } from '../../api/client';

export interface LiftSaid {
  key: string;
  params: Record<string, string | number | string[]>;
  text: { en: string; zh: string };
}

export interface LiftEstimate {
  value: number;
  low: number | null;
  high: number | null;
}

export interface LiftPeriod {
  from: string;
  to: string;
}

export interface LiftCalibration {
  basis: string;
  channel: string;
  attributedKpi: string;
  attributed: number;
  factor: LiftEstimate;
}

export interface GeoRequest {
  kpi: string;
  filter?: string;
  by?: string;
  treated: string[];
  testFrom: string;
  testTo: string;
  preFrom?: string;
}

export interface GeoDay {
  date: string;
  period: 'pre' | 'test';
  treated: number;
  synthetic: number;
  gap: number;
}

export interface GeoAnswer {
  method: 'geo';
  kpi: { id: string; unit: string } | null;
  scope: { filter: string | null; dimension: string; label: string };
  test: LiftPeriod;
  pre: LiftPeriod;
  controls: string[];
  cell: {
    treated: string[];
    weights: { location: string; weight: number }[];
    days: GeoDay[];
    actual: number;
    counterfactual: number;
    incremental: number;
    percentLift: number | null;
    inference: {
      pValue: number;
      level: number;
      incremental: { low: number | null; high: number | null };
      lift: { low: number | null; high: number | null };
    } | null;
    economics: { spend: number; costPerIncremental: LiftEstimate } | null;
  };
  spend: number | null;
  calibration: LiftCalibration | null;
  summary: LiftSaid;
  notes: LiftSaid[];
}

export interface LiftLedgerEntry {
  id: string;
  name: string;
  method: 'prepost' | 'geo' | 'holdout' | 'search';
  kpi: string | null;
  scope: { filter: string | null; dimension: string | null; locations: string[]; label: string };
  period: LiftPeriod;
  incremental: LiftEstimate;
  lift: LiftEstimate | null;
  pValue: number | null;
  level: number;
  calibration: LiftCalibration | null;
  withdrawn: { reason: string | null } | null;
  recordedAt: string;
  author: string | null;
  ageDays: number;
}

export interface LiftLedger {
  entries: LiftLedgerEntry[];
  calibrations: {
    channel: string;
    factor: number;
    measured: LiftEstimate;
    source: { id: string; name: string; method: string; period: LiftPeriod; recordedAt: string };
  }[];
  basis: { id: string; label: { en: string; zh: string } };
}

const base = (workspace: string) => `/api/workspaces/${encodeURIComponent(workspace)}/lift`;

export const liftApi = {
  geo: (workspace: string, request: GeoRequest) => http.post<GeoAnswer>(`${base(workspace)}/geo`, request),
  ledger: (workspace: string, signal?: AbortSignal) =>
    http.get<LiftLedger>(`${base(workspace)}/ledger`, {}, signal),
  record: (workspace: string, name: string, request: GeoRequest) =>
    http.post<LiftLedgerEntry>(`${base(workspace)}/ledger`, { name, analysis: { method: 'geo', request } }),
  withdraw: (workspace: string, id: string) =>
    http.post<LiftLedgerEntry>(`${base(workspace)}/ledger/${encodeURIComponent(id)}/withdraw`, {}),
};
