/** A tiny line of a tile's days, in SVG: dozens of them render instantly and print sharply. */
import { SPARKLINE_PAD as PAD } from '../lib/sparkline';

export function Sparkline({
  points,
  tone,
  width = 120,
  height = 32,
}: {
  points: readonly (number | null)[];
  tone: 'good' | 'bad' | 'neutral';
  width?: number;
  height?: number;
}) {
  const values = points.filter((value): value is number => value !== null && Number.isFinite(value));
  if (values.length < 2)
    return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = width / Math.max(points.length - 1, 1);
  const pad = PAD;
  // Gaps (days without a value) break the line rather than pretending to be zero.
  const segments: string[] = [];
  let current = '';
  points.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    const x = (index * step).toFixed(1);
    const y = (pad + (height - 2 * pad) * (1 - (value - min) / span)).toFixed(1);
    current += `${current ? 'L' : 'M'}${x},${y}`;
  });
  if (current) segments.push(current);
  const lastIndex = points.findLastIndex((value) => value !== null && Number.isFinite(value));
  const last = points[lastIndex] as number;
  return (
    <svg
      className={`sparkline sparkline-${tone}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
    >
      <path
        d={segments.join('')}
        fill="none"
        strokeWidth="1.5"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
      <circle cx={lastIndex * step} cy={pad + (height - 2 * pad) * (1 - (last - min) / span)} r="2.2" />
    </svg>
  );
}
