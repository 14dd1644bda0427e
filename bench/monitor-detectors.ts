/**
 * Monitor detectors benchmark: labelled synthetic series (`monitor-lab.ts`: spikes, level
 * shifts, drifts, weekly-pattern breaks and tracking breaks over seasonal, trending, wobbling
 * series at volumes of 1e2 to 1e6 a day), scored by markpi's detectors and by two baselines, a
 * rolling z-score and a seasonal median/MAD, each held to the same false-positive budget.
 * Prints precision, recall, F1 and detection delay per class, recall per volume, the
 * thresholds, and whether markpi beats both baselines on every class (a higher F1, or the same
 * F1 sooner).
 *
 * Usage: node bench/dist/monitor-detectors.js [--series N] [--days D] [--seed S] [--budget B]
 *   --series  series per class, KPI kind and volume (default 6)
 *   --days    days per series (default 240)
 *   --budget  false alerting days per 365 clean days allowed to every method (default 1)
 */
import {
  ANOMALY_CLASSES,
  beats,
  DEFAULT_LAB,
  f1,
  type LabConfig,
  type METHODS,
  runLab,
} from './monitor-lab.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const config: LabConfig = {
  ...DEFAULT_LAB,
  seriesPerCell: option('series', DEFAULT_LAB.seriesPerCell),
  days: option('days', DEFAULT_LAB.days),
  seed: option('seed', DEFAULT_LAB.seed),
  falseAlertsPerYear: option('budget', DEFAULT_LAB.falseAlertsPerYear),
};

const started = performance.now();
const { series, results } = runLab(config);
const seconds = (performance.now() - started) / 1000;

const percent = (value: number) => `${(value * 100).toFixed(0)}%`.padStart(5);
const delay = (value: number | null) => (value === null ? '    –' : value.toFixed(1).padStart(5));
const label: Record<(typeof METHODS)[number], string> = {
  markpi: 'markpi',
  rolling_zscore: 'rolling z-score',
  seasonal_mad: 'seasonal median/MAD',
};

console.log(
  `monitor detectors: ${series} series × ${config.days} days (seed ${config.seed}); budget ${config.falseAlertsPerYear} false alerting day per 365 clean days for every method; ${seconds.toFixed(1)} s`,
);
console.log('');
console.log('thresholds at that budget (alert when the score is at least):');
for (const result of results) {
  const unit =
    result.method === 'markpi' ? `−log10 p (p ≤ ${(10 ** -result.threshold).toExponential(1)})` : '|z|';
  console.log(
    `  ${label[result.method].padEnd(20)} ${result.threshold.toFixed(2).padStart(8)}  ${unit}; ${result.falseAlertsPerYear.toFixed(2)} false days / year`,
  );
}
console.log('');
console.log(`${'class'.padEnd(15)} ${'method'.padEnd(20)} recall precision    F1 delay (days)  found`);
for (const anomalyClass of ANOMALY_CLASSES) {
  for (const result of results) {
    const metrics = result.perClass[anomalyClass];
    console.log(
      `${(result.method === 'markpi' ? anomalyClass : '').padEnd(15)} ${label[result.method].padEnd(20)} ${percent(metrics.recall)}      ${percent(metrics.precision)} ${percent(f1(metrics))}        ${delay(metrics.meanDelay)}  ${metrics.detected}/${metrics.anomalies}`,
    );
  }
}
console.log('');
console.log(`recall by daily volume: ${config.volumes.map((volume) => String(volume).padStart(8)).join('')}`);
for (const result of results) {
  console.log(
    `  ${label[result.method].padEnd(21)}${config.volumes.map((volume) => percent(result.recallByVolume[String(volume)]!).padStart(8)).join('')}`,
  );
}
console.log('');
const [ours, ...baselines] = results;
let all = true;
for (const anomalyClass of ANOMALY_CLASSES) {
  const verdicts = baselines.map((baseline) =>
    beats(ours!.perClass[anomalyClass], baseline.perClass[anomalyClass]),
  );
  all &&= verdicts.every(Boolean);
  console.log(
    `${anomalyClass.padEnd(15)} markpi beats ${baselines.map((baseline, index) => `${label[baseline.method]}: ${verdicts[index] ? 'yes' : 'NO'}`).join(', ')}`,
  );
}
if (!all) process.exitCode = 1;
