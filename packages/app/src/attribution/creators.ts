/**
 * Creators' return on their fees under each model: the GMV and orders every model credits a
 * creator with, against what the creator was paid, per creator and per tier.
 *
 * Conventions:
 * - Credit comes from the window's journeys keyed by creator (`by: 'creator'` in `workspace.ts`:
 *   a touch without a creator counts for its channel, so creators are credited in the company
 *   of the rest of the journey).
 * - A fee counts in the window when its day (the post's or the contract's, as recorded) is in
 *   `from … to`; fees are in the base currency.
 * - ROI is the catalog's: (attributed value − fee) / fee; cost per attributed order is fee /
 *   attributed conversions. Both are null without a fee (or without conversions).
 * - Coupon codes and 口令: orders of the window that used a code are credited whole to the
 *   creator who owned the code (core's `couponAttribution`); a code registered more than once
 *   belongs to its latest registration on or before `to`.
 * - A tier's figures are its creators' sums; its ROI is taken on those sums.
 */
import {
  type AttributionModelId,
  type CouponCode,
  type CouponOrder,
  couponAttribution,
  firstTouchAttribution,
  type Journey,
  lastNonDirectAttribution,
  lastTouchAttribution,
  linearAttribution,
  markovAttribution,
  pathSetFromJourneys,
  positionBasedAttribution,
  shapleyAttribution,
  timeDecayAttribution,
} from '@markpi/core';
import { entityNames } from '../entities.js';
import type { WorkspaceContext } from '../workspace.js';
import { keyedJourneys, workspaceJourneys } from './events.js';
import { reportMessage, type SaidMessage, saidAttribution } from './messages.js';
import { attributionWindow, CHANNEL_KEY_PREFIX, type WorkspaceAttributionRequest } from './workspace.js';

/** Models in column order; time decay included (the journeys carry touch times). */
export const CREATOR_MODELS: readonly AttributionModelId[] = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'position',
  'time_decay',
  'markov',
  'shapley',
];

/** Creators named in a note at most. */
const NOTE_EXAMPLES = 5;

export interface ReturnFigures {
  conversions: number;
  value: number;
  /** (value − fee) / fee; null without a fee. */
  roi: number | null;
  /** fee / conversions; null without a fee or without conversions. */
  costPerConversion: number | null;
}

export interface CreatorModelFigures extends ReturnFigures {
  model: AttributionModelId;
}

export interface CreatorRoiRow {
  creator: string;
  label?: string;
  tier: string | null;
  fee: number;
  models: CreatorModelFigures[];
  /** Orders that used the creator's codes; null when no order of the window did. */
  coupon: (ReturnFigures & { orders: number; codes: string[] }) | null;
}

export interface TierRoiRow {
  tier: string;
  creators: number;
  fee: number;
  models: CreatorModelFigures[];
  coupon: (ReturnFigures & { orders: number }) | null;
}

export interface CreatorRoi {
  window: { from: string; to: string };
  lookbackDays: number;
  models: AttributionModelId[];
  creators: CreatorRoiRow[];
  tiers: TierRoiRow[];
  notes: SaidMessage[];
}

export type CreatorRoiRequest = Pick<WorkspaceAttributionRequest, 'from' | 'to' | 'lookbackDays'>;

type Credit = { conversions: number; value: number };

/** Each model's credit per key, conversions and value alike. */
export function creditsByModel(journeys: readonly Journey[]): Map<AttributionModelId, Map<string, Credit>> {
  const set = pathSetFromJourneys(journeys);
  const results = [
    firstTouchAttribution(set),
    lastTouchAttribution(set),
    lastNonDirectAttribution(set),
    linearAttribution(set),
    positionBasedAttribution(set),
    timeDecayAttribution(journeys),
    markovAttribution(set),
    shapleyAttribution(set),
  ];
  return new Map(
    results.map((result) => [
      result.model,
      new Map(
        result.credits.map((credit) => [
          credit.channel,
          { conversions: credit.conversions, value: credit.value },
        ]),
      ),
    ]),
  );
}

export function returnOn(credit: Credit, fee: number): ReturnFigures {
  return {
    conversions: credit.conversions,
    value: credit.value,
    roi: fee > 0 ? (credit.value - fee) / fee : null,
    costPerConversion: fee > 0 && credit.conversions > 0 ? fee / credit.conversions : null,
  };
}

/** Creators' and tiers' return on fees under every model (see the module comment). */
export async function creatorRoi(
  workspace: WorkspaceContext,
  request: CreatorRoiRequest = {},
): Promise<CreatorRoi> {
  const window = await attributionWindow(workspace, request);
  const { warehouse } = workspace;
  const built = await workspaceJourneys(workspace, window);
  const journeys = keyedJourneys(
    built.journeys,
    (touch) => touch.creator ?? `${CHANNEL_KEY_PREFIX}${touch.channel}`,
  );
  const byModel = journeys.some((journey) => journey.conversions > 0) ? creditsByModel(journeys) : new Map();
  const [fees, tiers, coupons] = await Promise.all([
    creatorFees(workspace, window),
    creatorTiers(workspace),
    creatorCoupons(workspace, window),
  ]);

  const creators = new Set<string>(fees.keys());
  for (const credits of byModel.values())
    for (const [key, credit] of credits)
      if (!key.startsWith(CHANNEL_KEY_PREFIX) && (credit.conversions > 0 || credit.value > 0))
        creators.add(key);
  for (const creator of coupons.credits.keys()) creators.add(creator);
  const names = await entityNames(warehouse, 'creator', [...creators]);

  const rows: CreatorRoiRow[] = [...creators].sort().map((creator) => {
    const fee = fees.get(creator) ?? 0;
    const coupon = coupons.credits.get(creator);
    const label = names.get(creator);
    return {
      creator,
      ...(label ? { label } : {}),
      tier: tiers.get(creator) ?? null,
      fee,
      models: CREATOR_MODELS.map((model) => ({
        model,
        ...returnOn(byModel.get(model)?.get(creator) ?? { conversions: 0, value: 0 }, fee),
      })),
      coupon: coupon ? { ...returnOn(coupon, fee), orders: coupon.orders, codes: coupon.codes } : null,
    };
  });

  const tierRows = new Map<string, CreatorRoiRow[]>();
  for (const row of rows) {
    if (row.tier === null) continue;
    tierRows.set(row.tier, [...(tierRows.get(row.tier) ?? []), row]);
  }
  const tierList: TierRoiRow[] = [...tierRows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tier, members]) => {
      const fee = members.reduce((total, row) => total + row.fee, 0);
      const couponRows = members.filter((row) => row.coupon !== null);
      const couponTotal = couponRows.reduce(
        (total, row) => ({
          conversions: total.conversions + row.coupon!.conversions,
          value: total.value + row.coupon!.value,
          orders: total.orders + row.coupon!.orders,
        }),
        { conversions: 0, value: 0, orders: 0 },
      );
      return {
        tier,
        creators: members.length,
        fee,
        models: CREATOR_MODELS.map((model, index) => ({
          model,
          ...returnOn(
            members.reduce(
              (total, row) => ({
                conversions: total.conversions + row.models[index]!.conversions,
                value: total.value + row.models[index]!.value,
              }),
              { conversions: 0, value: 0 },
            ),
            fee,
          ),
        })),
        coupon: couponRows.length > 0 ? { ...returnOn(couponTotal, fee), orders: couponTotal.orders } : null,
      };
    });

  const notes: SaidMessage[] = [];
  if (built.untouched.conversions > 0) {
    notes.push(
      saidAttribution({
        key: 'attribution.journeys.untouched',
        params: { ...built.untouched, days: window.lookbackDays },
      }),
    );
  }
  const unpaid = rows.filter((row) => row.fee === 0 && row.models.some((entry) => entry.value > 0));
  if (unpaid.length > 0) {
    notes.push(
      reportMessage('attribution.report.no_fees', {
        creators: unpaid.length,
        examples: unpaid.slice(0, NOTE_EXAMPLES).map((row) => row.label ?? row.creator),
        more: unpaid.length > NOTE_EXAMPLES ? 1 : 0,
      }),
    );
  }
  notes.push(...coupons.notes.map(saidAttribution));
  return {
    window: { from: window.from, to: window.to },
    lookbackDays: window.lookbackDays,
    models: [...CREATOR_MODELS],
    creators: rows,
    tiers: tierList,
    notes,
  };
}

/** Fees dated in the window, per creator. */
async function creatorFees(
  workspace: WorkspaceContext,
  window: { from: string; to: string },
): Promise<Map<string, number>> {
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('creator')} AS creator, SUM(COALESCE(${q('fee')}, 0)) AS total_fee FROM ${q('fact_creator_fees')} WHERE ${q('date')} >= ${dialect.dateLiteral(window.from)} AND ${q('date')} <= ${dialect.dateLiteral(window.to)} AND ${q('creator')} IS NOT NULL AND ${q('creator')} <> '' GROUP BY ${q('creator')}`,
  );
  return new Map(rows.map((row) => [String(row.creator), Number(row.total_fee ?? 0)]));
}

/** Each creator's tier, as the creator registry states it. */
export async function creatorTiers(workspace: WorkspaceContext): Promise<Map<string, string>> {
  const { warehouse } = workspace;
  const q = (name: string) => warehouse.dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('creator')} AS creator, ${q('tier')} AS tier FROM ${q('dim_creators')} WHERE ${q('tier')} IS NOT NULL AND ${q('tier')} <> ''`,
  );
  return new Map(rows.map((row) => [String(row.creator), String(row.tier)]));
}

/** Orders of the window that used a code, credited to the codes' owners. */
async function creatorCoupons(
  workspace: WorkspaceContext,
  window: { from: string; to: string },
): Promise<{
  credits: Map<string, { orders: number; conversions: number; value: number; codes: string[] }>;
  notes: ReturnType<typeof couponAttribution>['notes'];
}> {
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const inWindow = `${q('date')} >= ${dialect.dateLiteral(window.from)} AND ${q('date')} <= ${dialect.dateLiteral(window.to)}`;
  const orderRows = await warehouse.query(
    `SELECT ${q('person')} AS person, ${q('order_id')} AS order_id, ${q('at')} AS at, ${q('coupon_code')} AS code, ${q('value')} AS value FROM ${q('fact_conversions')} WHERE ${inWindow} AND ${q('coupon_code')} IS NOT NULL AND ${q('coupon_code')} <> ''`,
  );
  const credits = new Map<string, { orders: number; conversions: number; value: number; codes: string[] }>();
  if (orderRows.length === 0) return { credits, notes: [] };
  const registry = await warehouse.query(
    `SELECT ${q('code')} AS code, ${q('creator')} AS creator, ${q('campaign')} AS campaign, ${dialect.formatDate(q('date'))} AS day FROM ${q('fact_coupon_codes')} WHERE ${q('date')} <= ${dialect.dateLiteral(window.to)} AND ${q('code')} IS NOT NULL AND ${q('creator')} IS NOT NULL ORDER BY ${q('date')}`,
  );
  // The latest registration of each code on or before the window's end.
  const latest = new Map<string, CouponCode>();
  for (const row of registry) {
    const code = String(row.code);
    latest.set(code.normalize('NFKC').trim().toLowerCase(), {
      code,
      creator: String(row.creator),
      ...(typeof row.campaign === 'string' && row.campaign !== '' ? { campaign: row.campaign } : {}),
    });
  }
  // One order per person and order id (rows without an id stand alone), worth its rows' sum.
  const orders = new Map<string, CouponOrder>();
  for (const row of orderRows) {
    const id = typeof row.order_id === 'string' && row.order_id !== '' ? row.order_id : `\u0000${row.at}`;
    const key = `${String(row.person)}\u001f${id}\u001f${String(row.code)}`;
    const known = orders.get(key);
    const value = Number(row.value ?? 0) || 0;
    if (known) known.value += value;
    else orders.set(key, { code: String(row.code), value });
  }
  const attributed = couponAttribution([...latest.values()], [...orders.values()]);
  for (const entry of attributed.creators) {
    credits.set(entry.creator, {
      orders: entry.orders,
      conversions: entry.conversions,
      value: entry.value,
      codes: entry.codes,
    });
  }
  return { credits, notes: attributed.notes };
}
