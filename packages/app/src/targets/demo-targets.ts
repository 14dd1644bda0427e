/**
 * Targets for the demo workspace's 618 2026 campaign, set the way the source documents say:
 * from history (618 2025, the same period a year earlier), a little better than it, with a
 * business goal, an owner and a weekly review. Running it twice changes nothing.
 */
import { type Catalog, MarkpiError, type TargetVersion } from '@markpi/core';
import { addTarget, DEMO_STORY, findTarget, type Warehouse } from '@markpi/store';
import { suggestTarget } from './services.js';

const CAMPAIGN = '618-2026';
const LAST_YEAR = '618-2025';

/** KPI, how much better than 618 2025, and how the target is spread over the days. */
const PLAN = [
  { kpi: 'roi', growth: 0.1, mode: 'even' },
  { kpi: 'cpl', growth: 0.1, mode: 'even' },
  { kpi: 'impressions', growth: 0.15, mode: 'seasonal' },
  { kpi: 'conversion_value', growth: 0.2, mode: 'seasonal' },
] as const;

export interface SeedDemoTargetsOptions {
  now?: Date;
}

export interface SeededTargets {
  added: TargetVersion[];
  /** Targets that were there already, unchanged. */
  kept: TargetVersion[];
  /** KPIs skipped because 618 2025 has no value to start from. */
  skipped: string[];
}

/** Adds the 618 2026 targets (ROI, CPL, impressions, GMV) to a workspace holding the demo data. */
export async function seedDemoTargets(
  warehouse: Warehouse,
  catalog: Catalog,
  options: SeedDemoTargetsOptions = {},
): Promise<SeededTargets> {
  const campaign = DEMO_STORY.campaigns.find((entry) => entry.campaign === CAMPAIGN);
  if (!campaign) throw new MarkpiError('demo_campaign_missing', `the demo story has no campaign ${CAMPAIGN}`);
  const period = { from: campaign.from, to: campaign.to };
  const result: SeededTargets = { added: [], kept: [], skipped: [] };
  for (const entry of PLAN) {
    const id = `${CAMPAIGN}-${entry.kpi.replaceAll('_', '-')}`;
    const existing = await findTarget(warehouse, id);
    if (existing) {
      result.kept.push(existing);
      continue;
    }
    const baselineScope = { filter: `campaign = '${LAST_YEAR}'`, label: '618 2025' };
    const { suggestion } = await suggestTarget(warehouse, catalog, {
      kpi: entry.kpi,
      filter: baselineScope.filter,
      period,
      basis: 'last_year',
      growth: entry.growth,
    });
    if (!suggestion) {
      result.skipped.push(entry.kpi);
      continue;
    }
    const added = await addTarget(
      warehouse,
      catalog,
      {
        id,
        kpi: entry.kpi,
        scope: { filter: `campaign = '${CAMPAIGN}'`, label: campaign.name },
        baselineScope,
        period,
        value: suggestion.value,
        goal: '618 大促收割: harvest mid-year demand — GMV up 20% on 618 2025 at a better ROI and lead cost',
        owner: 'Growth team 增长组',
        cadence: 'weekly',
        breakdown: { mode: entry.mode },
        note: suggestion.reason,
      },
      { ...(options.now ? { now: options.now } : {}), author: 'markpi demo', reason: 'set from 618 2025' },
    );
    result.added.push(added);
  }
  return result;
}
