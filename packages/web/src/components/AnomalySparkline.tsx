/**
 * A tile's line of days with the monitor's anomalies on it: a dot on each day the monitor alerted
 * on the KPI over the whole workspace, and, hovered, the monitor's explanation in the
 * interface's language. Without markers (none, or the monitor not reachable) it is the plain line.
 */
import { useState } from 'react';
import { monitorApi } from '../api/monitor';
import { useResource } from '../api/use-resource';
import { useLanguage } from '../i18n';
import { markerDots } from '../lib/monitor';
import { sparklinePoint } from '../lib/sparkline';
import { Sparkline } from './Sparkline';
import './monitor.css';

export function AnomalySparkline({
  workspaceId,
  kpi,
  points,
  tone,
}: {
  workspaceId: string;
  kpi: string;
  points: readonly { date: string; value: number | null }[];
  tone: 'good' | 'bad' | 'neutral';
}) {
  const { pick } = useLanguage();
  const from = points[0]?.date;
  const to = points.at(-1)?.date;
  const markers = useResource(from && to ? `${workspaceId}|markers|${kpi}|${from}|${to}` : null, (signal) =>
    monitorApi.markers(workspaceId, kpi, from!, to!, signal),
  );
  const [hovered, setHovered] = useState<string | null>(null);
  const dots = markerDots(
    points.map((point) => point.date),
    markers.data?.markers ?? [],
  );
  const values = points.map((point) => point.value);
  const shown = dots.find((dot) => dot.marker.time === hovered);
  return (
    <div className="anomaly-sparkline" data-testid={`anomalies-${kpi}`} data-dots={dots.length}>
      <Sparkline points={values} tone={tone} />
      {dots.map(({ index, marker }) => {
        const at = sparklinePoint(values, index);
        if (!at) return null;
        const label = `${marker.time} ${pick(marker.said.text)}`;
        return (
          <button
            key={marker.time}
            type="button"
            className="anomaly-dot"
            style={{ left: at.x, top: at.y }}
            aria-label={label}
            data-testid="anomaly-dot"
            data-day={marker.time}
            onMouseEnter={() => setHovered(marker.time)}
            onMouseLeave={() => setHovered(null)}
            onFocus={() => setHovered(marker.time)}
            onBlur={() => setHovered(null)}
          />
        );
      })}
      {shown ? (
        <div className="anomaly-tooltip" role="tooltip" data-testid="anomaly-explanation">
          <strong>{shown.marker.time}</strong> {pick(shown.marker.said.text)}
        </div>
      ) : null}
    </div>
  );
}
