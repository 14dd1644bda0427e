/**
 * Which stored records a scoped caller sees (a member or share link whose scope names channels,
 * campaigns or accounts). KPI questions need none of this: the planner ANDs the scope into them.
 * These are the records read beside the planner — incidents, markers, sources, notes, lift
 * results — each judged by one rule, the one targets follow: a record is inside when what it
 * is about pins every dimension the scope restricts to values inside it (`filterWithinScope`).
 * A record about more (the whole workspace, a creator tier, a creator, who mixes channels) is
 * outside, so nothing a scoped caller reads sums rows they may not see.
 */
import { type AccessScope, filterTextWithinScope, isScoped } from '@markpi/core';

/** A text in the formula language's single quotes. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `dimension = 'value'`, the filter a record about one value stands for. */
export function equalsFilter(dimension: string, value: string): string {
  return `${dimension} = ${quoted(value)}`;
}

/**
 * Whether a monitor segment key (`workspace`, `channel:douyin`, `campaign:x`, `creator_tier:kol`,
 * `creator:y`) lies inside the scope: its filter must pin the scope's dimensions. The workspace,
 * tiers and creators never do (their series sum rows of every channel); a channel does for a
 * scope of channels, a campaign for a scope of campaigns.
 */
export function segmentWithinScope(scope: AccessScope | null | undefined, key: string): boolean {
  if (!isScoped(scope)) return true;
  const colon = key.indexOf(':');
  if (colon <= 0) return false;
  return filterTextWithinScope(scope, equalsFilter(key.slice(0, colon), key.slice(colon + 1)));
}

/** What an incident is about: its headline segment, every alert's segment and every marker's. */
export interface IncidentSegments {
  kind?: string;
  /** The target a pace incident is about. */
  target?: string | undefined;
  segment: string;
  segments: readonly string[];
  markers: readonly { segment: string }[];
}

/**
 * Whether a scoped caller sees an incident: every segment it has an alert in lies inside the
 * scope. A target's pace stands on the workspace segment but is about the target alone: it is
 * seen when the target is (`targetInside`; none is without it).
 */
export function incidentWithinScope(
  scope: AccessScope | null | undefined,
  incident: IncidentSegments,
  targetInside: (id: string) => boolean = () => false,
): boolean {
  if (!isScoped(scope)) return true;
  if (incident.kind === 'pace' && incident.target !== undefined) return targetInside(incident.target);
  const keys = [incident.segment, ...incident.segments, ...incident.markers.map((marker) => marker.segment)];
  return keys.every((key) => segmentWithinScope(scope, key));
}

/** Whether a source (one platform account's data) lies inside the scope: its channel and account pinned. */
export function sourceWithinScope(
  scope: AccessScope | null | undefined,
  source: { channel: string; account: string },
): boolean {
  if (!isScoped(scope)) return true;
  return filterTextWithinScope(
    scope,
    `${equalsFilter('channel', source.channel)} and ${equalsFilter('account', source.account)}`,
  );
}

/** Whether a note shows to a scoped caller: workspace-wide notes do, a channel's or campaign's when inside. */
export function annotationWithinScope(
  scope: AccessScope | null | undefined,
  annotation: { scope: 'all' | 'channel' | 'campaign'; value?: string | undefined },
): boolean {
  if (!isScoped(scope) || annotation.scope === 'all') return true;
  if (annotation.value === undefined) return false;
  return filterTextWithinScope(scope, equalsFilter(annotation.scope, annotation.value));
}

/**
 * Whether a lift ledger entry shows to a scoped caller: its filter must lie inside the scope
 * (an entry over the whole workspace, a file or typed counts has none and stays hidden), and
 * the channel it calibrates, if any, too.
 */
export function liftEntryWithinScope(
  scope: AccessScope | null | undefined,
  entry: { scope: { filter: string | null }; calibration: { channel: string } | null },
): boolean {
  if (!isScoped(scope)) return true;
  if (!filterTextWithinScope(scope, entry.scope.filter ?? undefined)) return false;
  return entry.calibration === null || channelWithinScope(scope, entry.calibration.channel);
}

/** Whether a figure about a whole channel (a calibration factor) lies inside the scope. */
export function channelWithinScope(scope: AccessScope | null | undefined, channel: string): boolean {
  return !isScoped(scope) || filterTextWithinScope(scope, equalsFilter('channel', channel));
}
