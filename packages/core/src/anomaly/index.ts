/**
 * The monitor's detectors, pure: KPI anomalies scored causally against seasonality, trend and
 * the event calendar (ratios with their volume), data-quality checks (tracking breaks, late
 * sources, freshness), pace transitions of targets, and a scorer for any labelled series. Each
 * module's comment states its convention; `model.ts` holds the model they share.
 */
export {
  type DetectOptions,
  detectKpiAnomalies,
  type KpiAlert,
  type KpiDetection,
  type KpiSeries,
  type KpiSlot,
  type RatioPoint,
  type RatioSampling,
  type RatioSeries,
  type VolumeMeasure,
  type VolumePoint,
  type VolumeSeries,
} from './detect.js';
export { DEFAULT_ALERT_PROBABILITY as DEFAULT_MONITOR_ALERT_PROBABILITY } from './grid-model.js';
export {
  ANOMALY_MESSAGE_KEYS,
  type AnomalyMessageKey,
  isAnomalyMessageKey,
  type Language as MonitorLanguage,
  sayAnomaly,
  type TimeUnit as MonitorTimeUnit,
} from './messages.js';
export { type PaceAlert, type PaceState, paceTransition } from './pace-alerts.js';
export {
  checkDeliveries,
  type DeliveryOptions,
  dataFreshness,
  detectTrackingBreaks,
  type Freshness,
  type SourceDeliveries,
  type SourceDelivery,
  type SourceLastDay,
  type TrackingBreak,
  type TrackingOptions,
  type TrackingPoint,
  type TrackingSeries,
  type TrackingSlot,
} from './quality.js';
export type { Rarity, RarityLevel } from './rarity.js';
export { type LabelledPoint, type ScoredRow, scoreSeries } from './score-series.js';
export type {
  Cadence as SeriesCadence,
  Grid as SeriesGrid,
  SeasonalPeriods,
  Timestamp as SeriesTimestamp,
} from './timeline.js';
