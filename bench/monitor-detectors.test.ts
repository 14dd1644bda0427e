/**
 * The benchmark's claim, checked in CI on a small pool: at the same false-positive budget,
 * markpi's detectors have a higher F1 (recall and precision together) on every class of anomaly
 * than a rolling z-score and a seasonal median/MAD (or the same, sooner). `npm run
 * bench:monitor` runs the full pool and prints the table.
 */
import { describe, expect, it } from 'vitest';
import { ANOMALY_CLASSES, beats, DEFAULT_LAB, generateLab, runLab } from './monitor-lab.js';

describe('monitor detectors against the baselines', () => {
  it('generates the same labelled series from the same seed', () => {
    const config = { ...DEFAULT_LAB, seriesPerCell: 1, days: 120 };
    const first = generateLab(config);
    expect(generateLab(config)).toEqual(first);
    expect(first).toHaveLength(
      ANOMALY_CLASSES.length * 2 * DEFAULT_LAB.volumes.length - DEFAULT_LAB.volumes.length,
    );
    expect(generateLab({ ...config, seed: config.seed + 1 })[0]!.numerator).not.toEqual(first[0]!.numerator);
  });

  it('beat a rolling z-score and a seasonal median/MAD on every class at the same false-positive budget', () => {
    const { results } = runLab({ ...DEFAULT_LAB, seriesPerCell: 1 });
    const [ours, zscore, mad] = results;
    for (const result of results)
      expect(result.falseAlertsPerYear).toBeLessThanOrEqual(DEFAULT_LAB.falseAlertsPerYear);
    for (const anomalyClass of ANOMALY_CLASSES) {
      expect(
        beats(ours!.perClass[anomalyClass], zscore!.perClass[anomalyClass]),
        `${anomalyClass} vs z-score`,
      ).toBe(true);
      expect(
        beats(ours!.perClass[anomalyClass], mad!.perClass[anomalyClass]),
        `${anomalyClass} vs median/MAD`,
      ).toBe(true);
    }
  });
});
