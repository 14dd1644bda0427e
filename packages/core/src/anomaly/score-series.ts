/**
 * A scorer for any labelled series: `scoreSeries(points)` reads the grid's step and seasonal
 * periods from the timestamps (`timeline.ts`) and scores every row from the rows before it with
 * the same causal model as the KPI detector, on the values themselves (no counting noise, any
 * sign: the `gaussian` family).
 *
 * Causal in values: a row's score depends on the values at or before its slot only; appending
 * later rows on the same grid never changes it. The grid itself is read from all the timestamps
 * (a file's timestamps are known before its values are scored).
 *
 * Rows sharing a slot are scored against the same prediction, and their mean is what later
 * slots learn from; rows with no finite value score 0, as do rows before the model has enough
 * history (`grid-model.ts`). The score is 1 − probability (`model.ts`), in [0, 1].
 */
import { placeOnGrid, settingsFor, slotPhase } from './grid-model.js';
import { type ModelSlot, runModel } from './model.js';
import { readTimestamps, type Timestamp } from './timeline.js';

export interface LabelledPoint {
  timestamp: Timestamp;
  value: number | null;
}

export interface ScoredRow {
  timestamp: Timestamp;
  value: number | null;
  /** 1 − the probability of a value this far from expected, in [0, 1]; 0 for unscored rows. */
  score: number;
}

export function scoreSeries(points: readonly LabelledPoint[]): ScoredRow[] {
  readTimestamps(points.map((point) => point.timestamp));
  const indexed = points.map((point, index) => ({ ...point, index }));
  const placed = placeOnGrid(indexed);
  const slots: ModelSlot[] = placed.members.map((members, slot) => {
    const values = members
      .map((member) => member.value)
      .filter((value): value is number => value !== null && Number.isFinite(value));
    return {
      y: values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : null,
      exposure: 1,
      ...slotPhase(placed.grid, placed.times[slot]!),
      event: null,
    };
  });
  const scores = runModel(slots, settingsFor(placed.grid, 'gaussian', { bands: false }));
  const rows: ScoredRow[] = points.map((point) => ({
    timestamp: point.timestamp,
    value: point.value,
    score: 0,
  }));
  placed.members.forEach((members, slot) => {
    const score = scores[slot]!;
    for (const member of members) {
      if (member.value === null || !Number.isFinite(member.value) || score.status !== 'scored') continue;
      rows[member.index]!.score = score.score;
    }
  });
  return rows;
}
