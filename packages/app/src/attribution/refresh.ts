/**
 * The attributed measures: every model's credit written to `fact_attributed` by day, channel,
 * campaign, creator (with tier) and model, so `attributed_roas_markov` and the like are ordinary
 * KPIs of the catalog, asked for in Explore, targets and scorecards through the planner.
 *
 * Conventions:
 * - The models are fitted one calendar month of conversions at a time (conversions whose day is
 *   in the month, touches up to `lookbackDays` before each), the same window the attribution
 *   page shows for that month: summed over a month, a channel's attributed conversions equal the
 *   page's credits for it under every model.
 * - Within a month each model's channel credit is split down to single touches (`credits.ts`),
 *   so a touch's campaign and creator carry their part; a row's day is its conversion's day.
 * - Conversions no touch reached are not written: no channel earned them.
 * - A refresh replaces every row: on DuckDB in one transaction; on engines without
 *   transactions (ClickHouse) the table is emptied and written again.
 */
import {
  ATTRIBUTION_MODELS,
  type AttributionModelId,
  addDays,
  DEFAULT_LOOKBACK_DAYS,
  MarkpiError,
  monthEndOf,
} from '@markpi/core';
import type { WorkspaceContext } from '../workspace.js';
import { creatorTiers } from './creators.js';
import { touchCredits } from './credits.js';
import { keyedJourneys, workspaceJourneys } from './events.js';

export const ATTRIBUTED_TABLE = 'fact_attributed';
/** What `import_id` says of the rows a refresh writes. */
export const ATTRIBUTED_IMPORT_ID = 'attribution-refresh';
/** Rows appended per batch. */
const BATCH_ROWS = 50_000;

export interface RefreshRequest {
  lookbackDays?: number | undefined;
}

export interface RefreshSummary {
  lookbackDays: number;
  /** The conversions' days covered; null when the workspace has no conversions. */
  window: { from: string; to: string } | null;
  /** Rows written. */
  rows: number;
  /** Months fitted. */
  months: number;
  models: AttributionModelId[];
  /** Conversions credited (by every model alike) and conversions no touch reached. */
  conversions: { credited: number; untouched: number };
}

interface Cell {
  date: string;
  channel: string;
  campaign: string | null;
  creator: string | null;
  model: AttributionModelId;
  conversions: number;
  value: number;
}

/** Writes every model's credit for every conversion of the workspace (see the module comment). */
export async function refreshAttribution(
  workspace: WorkspaceContext,
  request: RefreshRequest = {},
): Promise<RefreshSummary> {
  const lookbackDays = request.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  if (!(Number.isFinite(lookbackDays) && lookbackDays > 0 && lookbackDays <= 366)) {
    throw new MarkpiError('attribution.invalid_lookback', 'the lookback must be 1 to 366 days', [
      { message: `got ${lookbackDays}`, path: 'lookbackDays', hint: 'e.g. 30' },
    ]);
  }
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const range = await warehouse.query(
    `SELECT ${dialect.formatDate(`MIN(${q('date')})`)} AS first_day, ${dialect.formatDate(`MAX(${q('date')})`)} AS last_day, COUNT(*) AS conversion_rows FROM ${q('fact_conversions')}`,
  );
  // Counted: over no rows ClickHouse gives the type's default day, not null.
  const any = Number(range[0]?.conversion_rows ?? 0) > 0;
  const first = any && typeof range[0]?.first_day === 'string' ? range[0].first_day : null;
  const last = any && typeof range[0]?.last_day === 'string' ? range[0].last_day : null;

  const cells = new Map<string, Cell>();
  let months = 0;
  let credited = 0;
  let untouched = 0;
  if (first !== null && last !== null) {
    for (let start = first; start <= last; start = addDays(monthEndOf(start), 1)) {
      const end = earlierDay(monthEndOf(start), last);
      const built = await workspaceJourneys(workspace, { from: start, to: end, lookbackDays });
      months++;
      untouched += built.untouched.conversions;
      if (!built.journeys.some((journey) => journey.conversions > 0)) continue;
      const { credits } = touchCredits(keyedJourneys(built.journeys, (touch) => touch.channel));
      for (const credit of credits) {
        const journey = built.journeys[credit.journey]!;
        const touch = journey.touches[credit.touch]!;
        const date = journey.conversionDate!;
        const key = [date, touch.channel, touch.campaign ?? '', touch.creator ?? '', credit.model].join(
          '\u001f',
        );
        const cell = cells.get(key);
        if (cell) {
          cell.conversions += credit.conversions;
          cell.value += credit.value;
        } else {
          cells.set(key, {
            date,
            channel: touch.channel,
            campaign: touch.campaign,
            creator: touch.creator,
            model: credit.model,
            conversions: credit.conversions,
            value: credit.value,
          });
        }
      }
      for (const journey of built.journeys) credited += journey.conversions;
    }
  }

  const tiers = await creatorTiers(workspace);
  const rows = [...cells.values()];
  await warehouse.transaction(async (scoped) => {
    await scoped.run(`TRUNCATE TABLE ${q(ATTRIBUTED_TABLE)}`);
    for (let offset = 0; offset < rows.length; offset += BATCH_ROWS) {
      const batch = rows.slice(offset, offset + BATCH_ROWS);
      await scoped.append(ATTRIBUTED_TABLE, {
        rowCount: batch.length,
        columns: {
          date: batch.map((row) => row.date),
          channel: batch.map((row) => row.channel),
          campaign: batch.map((row) => row.campaign),
          creator: batch.map((row) => row.creator),
          creator_tier: batch.map((row) => (row.creator ? (tiers.get(row.creator) ?? null) : null)),
          attribution_model: batch.map((row) => row.model),
          attributed_conversions: batch.map((row) => row.conversions),
          attributed_value: batch.map((row) => row.value),
          import_id: batch.map(() => ATTRIBUTED_IMPORT_ID),
        },
      });
    }
  });
  return {
    lookbackDays,
    window: first !== null && last !== null ? { from: first, to: last } : null,
    rows: rows.length,
    months,
    models: [...ATTRIBUTION_MODELS],
    conversions: { credited, untouched },
  };
}

/** The earlier of two `YYYY-MM-DD` days. */
function earlierDay(a: string, b: string): string {
  return a <= b ? a : b;
}
