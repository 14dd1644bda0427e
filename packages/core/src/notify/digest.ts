/**
 * A person's daily or weekly digest, composed from what was fetched for them: the KPIs they
 * follow over the digest's period against the period before, their workspace's current targets
 * and their pace, and the incidents still open. Pure: the application layer fetches, this
 * decides what is said and in which order.
 *
 * Order: KPIs as the person listed them; targets worst first (red, amber, green, then those
 * without a colour, then those that could not be paced), by pace index within a colour; incidents
 * by severity, then oldest first. Each list stops at `maxItems` and says how many more there are.
 */
import type { Language, NotifyMessage } from './messages.js';
import { notifyMessage } from './messages.js';
import type { Notification, NotificationSection, Severity } from './notification.js';
import { SEVERITIES } from './notification.js';

export type DigestCadence = 'daily' | 'weekly';

export interface BilingualName {
  en: string;
  zh: string;
}

export interface DigestKpi {
  kpi: string;
  name: BilingualName;
  unit: string;
  value: number | null;
  /** (value − previous) / |previous|; null without a previous value. */
  change: number | null;
}

export type DigestPaceStatus = 'green' | 'amber' | 'red' | 'not_started' | 'no_data';

export interface DigestTarget {
  id: string;
  kpiName: BilingualName;
  /** Null when the target could not be paced (its KPI was removed). */
  status: DigestPaceStatus | null;
  /** Actual vs to-date target in the KPI's direction. */
  index: number | null;
  projectedIndex: number | null;
}

export interface DigestIncident {
  id: string;
  severity: Severity;
  /** The monitor's own title for it. */
  title: NotifyMessage;
  /** When it opened (ISO date or instant). */
  openedAt: string;
}

export interface DigestInput {
  workspace: { id: string; name: string };
  cadence: DigestCadence;
  period: { from: string; to: string };
  /** The workspace's base currency, for money KPIs. */
  currency: string;
  /** The followed KPIs with their values; empty when the person follows none. */
  kpis: DigestKpi[];
  targets: DigestTarget[];
  incidents: DigestIncident[];
  /** The dashboard page the digest links to. */
  link?: string;
  /** Longest list shown per section; default 10. */
  maxItems?: number;
}

const STATUS_ORDER: readonly (DigestPaceStatus | null)[] = [
  'red',
  'amber',
  'green',
  'not_started',
  'no_data',
  null,
];

const bilingual = (name: BilingualName) =>
  notifyMessage('notify.text.bilingual', { en: name.en, zh: name.zh });

function capped(lines: NotifyMessage[], maxItems: number): NotifyMessage[] {
  if (lines.length <= maxItems) return lines;
  return [
    ...lines.slice(0, maxItems),
    notifyMessage('notify.digest.more', { count: lines.length - maxItems }),
  ];
}

function kpiLine(kpi: DigestKpi, currency: string): NotifyMessage {
  const name = bilingual(kpi.name);
  if (kpi.value === null) return notifyMessage('notify.digest.kpi_no_value', { kpi: name });
  const params = { kpi: name, value: kpi.value, unit: kpi.unit, currency };
  return kpi.change === null
    ? notifyMessage('notify.digest.kpi_no_change', params)
    : notifyMessage('notify.digest.kpi', { ...params, change: kpi.change });
}

function targetLine(target: DigestTarget): NotifyMessage {
  const kpi = bilingual(target.kpiName);
  if (target.status === null) return notifyMessage('notify.digest.target_unpaced', { target: target.id });
  const status = notifyMessage(`notify.status.${target.status}` as const);
  if (target.index === null)
    return notifyMessage('notify.digest.target_status', { target: target.id, kpi, status });
  if (target.projectedIndex === null)
    return notifyMessage('notify.digest.target', { target: target.id, kpi, status, index: target.index });
  return notifyMessage('notify.digest.target_projected', {
    target: target.id,
    kpi,
    status,
    index: target.index,
    projectedIndex: target.projectedIndex,
  });
}

/** Targets worst first: by colour, then by pace index (lowest first), then by id. */
export function digestTargetOrder(a: DigestTarget, b: DigestTarget): number {
  return (
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    (a.index ?? Number.POSITIVE_INFINITY) - (b.index ?? Number.POSITIVE_INFINITY) ||
    a.id.localeCompare(b.id)
  );
}

/** Incidents most severe first, then oldest first. */
export function digestIncidentOrder(a: DigestIncident, b: DigestIncident): number {
  return (
    SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
    a.openedAt.localeCompare(b.openedAt) ||
    a.id.localeCompare(b.id)
  );
}

export function composeDigest(input: DigestInput): Notification {
  const maxItems = input.maxItems ?? 10;
  const period =
    input.period.from === input.period.to
      ? notifyMessage('notify.period.day', { day: input.period.to })
      : notifyMessage('notify.period.range', { from: input.period.from, to: input.period.to });
  const sections: NotificationSection[] = [
    {
      heading: notifyMessage('notify.digest.kpis'),
      lines:
        input.kpis.length === 0
          ? [notifyMessage('notify.digest.no_kpis')]
          : capped(
              input.kpis.map((kpi) => kpiLine(kpi, input.currency)),
              maxItems,
            ),
    },
    {
      heading: notifyMessage('notify.digest.targets'),
      lines:
        input.targets.length === 0
          ? [notifyMessage('notify.digest.no_targets')]
          : capped([...input.targets].sort(digestTargetOrder).map(targetLine), maxItems),
    },
    {
      heading: notifyMessage('notify.digest.incidents', { count: input.incidents.length }),
      lines:
        input.incidents.length === 0
          ? [notifyMessage('notify.digest.no_incidents')]
          : capped(
              [...input.incidents].sort(digestIncidentOrder).map((incident) =>
                notifyMessage('notify.digest.incident', {
                  severity: notifyMessage(`notify.severity.${incident.severity}` as const),
                  title: incident.title,
                  since: incident.openedAt,
                }),
              ),
              maxItems,
            ),
    },
  ];
  return {
    kind: 'digest',
    severity: 'info',
    title: notifyMessage('notify.digest.title', {
      workspace: input.workspace.name,
      cadence: notifyMessage(`notify.cadence.${input.cadence}` as const),
      period,
    }),
    sections,
    ...(input.link ? { link: input.link } : {}),
  };
}

/** The language a recipient reads, from a stored preference or an Accept-Language-like text. */
export function languageOf(preference: string | null | undefined): Language {
  return preference?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
