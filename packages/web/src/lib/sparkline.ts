/** The geometry of a tile's line of days (`components/Sparkline.tsx`), for marks laid over it. */

/** Space above the highest point and below the lowest, in pixels. */
export const SPARKLINE_PAD = 2;
const PAD = SPARKLINE_PAD;

/**
 * Where a point of the line is drawn (pixels from the top left), for marks laid over it; null for
 * a point without a value or a line too short to draw.
 */
export function sparklinePoint(
  points: readonly (number | null)[],
  index: number,
  width = 120,
  height = 32,
): { x: number; y: number } | null {
  const values = points.filter((value): value is number => value !== null && Number.isFinite(value));
  const value = points[index];
  if (values.length < 2 || value === null || value === undefined || !Number.isFinite(value)) return null;
  const min = Math.min(...values);
  const span = Math.max(...values) - min || 1;
  const step = width / Math.max(points.length - 1, 1);
  return { x: index * step, y: PAD + (height - 2 * PAD) * (1 - (value - min) / span) };
}
