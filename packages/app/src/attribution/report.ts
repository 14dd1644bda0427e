/**
 * Every model side by side as one report: a row per channel (or campaign, or creator) with each
 * model's credit, Markov's removal effect, the spread between the models and the sentence where
 * they disagree — what `markpi attribution`, the API and the dashboard all show.
 */
import {
  ATTRIBUTION_MODELS,
  type AttributionModelId,
  type CompareOptions,
  type ComparisonInput,
  compareAttributionModels,
  type ModelComparison,
  type ModelSpread,
} from '@markpi/core';
import { reportMessage, type SaidMessage, saidAttribution } from './messages.js';

/** Every column of a report row that holds a model's credit, in column order. */
export const REPORT_MODELS: readonly AttributionModelId[] = ATTRIBUTION_MODELS;

export type AttributionMeasure = 'conversions' | 'value';

export interface AttributionReportRow {
  /** The channel, campaign or creator credited. */
  key: string;
  first_touch: number;
  last_touch: number;
  last_non_direct: number;
  linear: number;
  position: number;
  /** Null where touch times are unknown (aggregated paths). */
  time_decay: number | null;
  markov: number;
  shapley: number;
  /** Share of conversions (or value) lost without the key, 0 … 1 (Markov). */
  removal_effect: number;
  spread: ModelSpread;
  disagreement: SaidMessage | null;
}

export interface AttributionReport {
  /** What a row is: a channel (the default), a campaign or a creator. */
  by: string;
  /** What credits count: conversions or their value. */
  measure: AttributionMeasure;
  /** Conversions (or value) every model's credits add up to. */
  total: number;
  totals: { conversions: number; value: number; nulls: number };
  factor: number;
  minShare: number;
  /** Model columns that hold numbers. */
  models: AttributionModelId[];
  rows: AttributionReportRow[];
  markov: { order: number; conversionProbability: number; valuePerJourney: number };
  shapley: { exact: boolean; players: number; samples: number };
  notes: SaidMessage[];
}

export interface ReportOptions extends CompareOptions {
  by?: string;
}

/** Compares every model on the input and shapes the answer (rows in the models' channel order). */
export function attributionReport(input: ComparisonInput, options: ReportOptions = {}): AttributionReport {
  const { by = 'channel', ...compare } = options;
  return reportOf(compareAttributionModels(input, compare), by);
}

export function reportOf(comparison: ModelComparison, by: string): AttributionReport {
  const { markov, shapley } = comparison;
  const notes: SaidMessage[] = [];
  if (!comparison.models.includes('time_decay')) notes.push(reportMessage('attribution.report.no_times'));
  if (markov.totals.conversions === 0) notes.push(reportMessage('attribution.report.no_conversions'));
  for (const note of shapley.notes) notes.push(saidAttribution(note));
  return {
    by,
    measure: comparison.measure,
    total: comparison.total,
    totals: { ...markov.totals },
    factor: comparison.factor,
    minShare: comparison.minShare,
    models: [...comparison.models],
    rows: comparison.rows.map((row) => ({
      key: row.channel,
      first_touch: row.first_touch,
      last_touch: row.last_touch,
      last_non_direct: row.last_non_direct,
      linear: row.linear,
      position: row.position,
      time_decay: row.time_decay,
      markov: row.markov,
      shapley: row.shapley,
      removal_effect: row.removal_effect,
      spread: row.spread,
      disagreement: row.disagreement ? saidAttribution(row.disagreement) : null,
    })),
    markov: {
      order: markov.order,
      conversionProbability: markov.conversionProbability,
      valuePerJourney: markov.valuePerJourney,
    },
    shapley: { exact: shapley.exact, players: shapley.players, samples: shapley.samples },
    notes,
  };
}
