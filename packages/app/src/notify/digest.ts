/**
 * What a person's digest reports, fetched through the same use cases the dashboard uses: the
 * KPIs they follow from the overview (the digest's period against the one before), the targets
 * current on its last day with their pace, and the open incidents the monitor hands over.
 *
 * Period: a daily digest covers the last day with data; a weekly one the seven days ending on
 * it (a workspace whose exports stop on Friday gets Friday's figures on Monday, not zeros).
 */
import {
  addDays,
  type DigestCadence,
  type DigestIncident,
  type DigestInput,
  type DigestTarget,
} from '@markpi/core';
import { answerOverview } from '../analytics/overview.js';
import { paceTargets } from '../targets/use-cases.js';
import { lastDayWithData, type WorkspaceContext } from '../workspace.js';

export interface DigestRequest {
  workspace: { id: string; name: string };
  cadence: DigestCadence;
  /** KPI ids the person follows; ids no longer in the catalog are left out. */
  kpis: readonly string[];
  incidents: DigestIncident[];
  link?: string;
}

export async function gatherDigest(context: WorkspaceContext, request: DigestRequest): Promise<DigestInput> {
  const { catalog } = context;
  const to = await lastDayWithData(context);
  const from = request.cadence === 'weekly' ? addDays(to, -6) : to;
  const followed = request.kpis.filter((kpi) => catalog.kpis.has(kpi));
  const overview =
    followed.length > 0
      ? await answerOverview(context, { from, to, kpis: followed, compare: 'previous' })
      : { tiles: [] };
  const paced = await paceTargets(context, { activeOn: to, asOf: to });
  const targets: DigestTarget[] = paced.targets.map(({ entry, pace }) => {
    const kpi = catalog.kpis.get(entry.target.kpi);
    return {
      id: entry.target.id,
      kpiName: kpi ? { en: kpi.name.en, zh: kpi.name.zh } : { en: entry.target.kpi, zh: entry.target.kpi },
      status: pace ? pace.status : null,
      index: pace?.index ?? null,
      projectedIndex: pace?.projectedIndex ?? null,
    };
  });
  return {
    workspace: request.workspace,
    cadence: request.cadence,
    period: { from, to },
    currency: catalog.config.base_currency,
    kpis: overview.tiles.map((tile) => ({
      kpi: tile.kpi,
      name: { en: tile.name.en, zh: tile.name.zh },
      unit: tile.unit,
      value: tile.value,
      change: tile.change,
    })),
    targets,
    incidents: request.incidents,
    ...(request.link ? { link: request.link } : {}),
  };
}
