/**
 * Coupon and passphrase (口令) attribution: each code belongs to one creator (and optionally one
 * campaign); an order that used a code credits that creator with the whole order — no sharing
 * with touches. Orders whose code nobody owns are reported per code with their totals and a note,
 * never dropped silently: credited + unknown = all orders, exactly.
 *
 * Codes are matched after Unicode NFKC normalisation (full-width letters and digits become their
 * ASCII forms), trimming and, unless `caseSensitive`, lower-casing.
 */
import { type AttributionMessage, attributionMessage } from './messages.js';
import { byCodePoint, checkAmount, ProblemList, sum } from './paths.js';

export interface CouponCode {
  code: string;
  creator: string;
  campaign?: string;
  /** `coupon` (a discount code) or `passphrase` (a 口令); for reports only. */
  kind?: 'coupon' | 'passphrase';
}

export interface CouponOrder {
  code: string;
  /** Order value. */
  value: number;
  /** Conversions the order counts for. Default 1. */
  conversions?: number;
}

export interface CouponOptions {
  caseSensitive?: boolean;
}

export interface CreatorCredit {
  creator: string;
  orders: number;
  conversions: number;
  value: number;
  /** The codes (as registered) that brought these orders. */
  codes: string[];
}

export interface CampaignCredit {
  campaign: string;
  creator: string;
  orders: number;
  conversions: number;
  value: number;
}

export interface UnknownCode {
  /** The code as the first order carrying it wrote it. */
  code: string;
  orders: number;
  conversions: number;
  value: number;
}

export interface CouponTotals {
  orders: number;
  conversions: number;
  value: number;
}

export interface CouponAttribution {
  creators: CreatorCredit[];
  /** Orders whose code names a campaign, per campaign. */
  campaigns: CampaignCredit[];
  unknownCodes: UnknownCode[];
  totals: CouponTotals;
  credited: CouponTotals;
  unknown: CouponTotals;
  notes: AttributionMessage[];
}

export function normalizeCode(code: string, caseSensitive = false): string {
  const normal = code.normalize('NFKC').trim();
  return caseSensitive ? normal : normal.toLowerCase();
}

/** Credits each order to the creator who owns its code. Throws on ambiguous codes or bad orders. */
export function couponAttribution(
  codes: readonly CouponCode[],
  orders: readonly CouponOrder[],
  options: CouponOptions = {},
): CouponAttribution {
  const caseSensitive = options.caseSensitive ?? false;
  const problems = new ProblemList();
  const owners = new Map<string, CouponCode>();
  codes.forEach((entry, index) => {
    const row = index + 1;
    if (typeof entry.code !== 'string' || normalizeCode(entry.code, caseSensitive) === '') {
      problems.add({ file: 'codes', row, column: 'code', message: 'a code is empty' });
      return;
    }
    if (typeof entry.creator !== 'string' || entry.creator.trim() === '') {
      problems.add({
        file: 'codes',
        row,
        column: 'creator',
        message: `the code \`${entry.code}\` has no creator`,
      });
      return;
    }
    const key = normalizeCode(entry.code, caseSensitive);
    const known = owners.get(key);
    if (!known) owners.set(key, entry);
    else if (known.creator !== entry.creator || (known.campaign ?? '') !== (entry.campaign ?? '')) {
      problems.add({
        file: 'codes',
        row,
        column: 'code',
        message: `the code \`${entry.code}\` is registered to ${describe(known)} and to ${describe(entry)}`,
        hint: 'a code must belong to one creator and campaign',
      });
    }
  });
  orders.forEach((order, index) => {
    const row = index + 1;
    if (typeof order.code !== 'string' || normalizeCode(order.code, caseSensitive) === '') {
      problems.add({
        file: 'orders',
        row,
        column: 'code',
        message: 'an order has no code',
        hint: 'pass only orders that used a code',
      });
    }
    checkAmount(problems, order.value, row, 'value', true, 'orders');
    checkAmount(problems, order.conversions, row, 'conversions', false, 'orders');
  });
  problems.throwIfAny('attribution.invalid_coupons', 'the codes and orders');

  const creators = new Map<
    string,
    { orders: number; conversions: number[]; value: number[]; codes: Set<string> }
  >();
  const campaigns = new Map<
    string,
    { campaign: string; creator: string; orders: number; conversions: number[]; value: number[] }
  >();
  const unknown = new Map<string, { code: string; orders: number; conversions: number[]; value: number[] }>();
  for (const order of orders) {
    const key = normalizeCode(order.code, caseSensitive);
    const conversions = order.conversions ?? 1;
    const owner = owners.get(key);
    if (!owner) {
      const entry = unknown.get(key) ?? { code: order.code.trim(), orders: 0, conversions: [], value: [] };
      unknown.set(key, entry);
      entry.orders++;
      entry.conversions.push(conversions);
      entry.value.push(order.value);
      continue;
    }
    const creator = creators.get(owner.creator) ?? {
      orders: 0,
      conversions: [],
      value: [],
      codes: new Set<string>(),
    };
    creators.set(owner.creator, creator);
    creator.orders++;
    creator.conversions.push(conversions);
    creator.value.push(order.value);
    creator.codes.add(owner.code);
    if (owner.campaign !== undefined && owner.campaign !== '') {
      const campaignKey = `${owner.creator}\u001f${owner.campaign}`;
      const campaign = campaigns.get(campaignKey) ?? {
        campaign: owner.campaign,
        creator: owner.creator,
        orders: 0,
        conversions: [],
        value: [],
      };
      campaigns.set(campaignKey, campaign);
      campaign.orders++;
      campaign.conversions.push(conversions);
      campaign.value.push(order.value);
    }
  }

  const creatorRows = [...creators.entries()]
    .map(([creator, entry]) => ({
      creator,
      orders: entry.orders,
      conversions: sum(entry.conversions),
      value: sum(entry.value),
      codes: [...entry.codes].sort(byCodePoint),
    }))
    .sort((a, b) => b.value - a.value || byCodePoint(a.creator, b.creator));
  const campaignRows = [...campaigns.values()]
    .map((entry) => ({
      campaign: entry.campaign,
      creator: entry.creator,
      orders: entry.orders,
      conversions: sum(entry.conversions),
      value: sum(entry.value),
    }))
    .sort(
      (a, b) => b.value - a.value || byCodePoint(a.campaign, b.campaign) || byCodePoint(a.creator, b.creator),
    );
  const unknownRows = [...unknown.values()]
    .map((entry) => ({
      code: entry.code,
      orders: entry.orders,
      conversions: sum(entry.conversions),
      value: sum(entry.value),
    }))
    .sort((a, b) => b.orders - a.orders || byCodePoint(a.code, b.code));
  const totalsOf = (
    rows: readonly { orders: number; conversions: number; value: number }[],
  ): CouponTotals => ({
    orders: rows.reduce((count, row) => count + row.orders, 0),
    conversions: sum(rows.map((row) => row.conversions)),
    value: sum(rows.map((row) => row.value)),
  });
  const unknownTotals = totalsOf(unknownRows);
  const notes: AttributionMessage[] = [];
  if (unknownRows.length > 0) {
    notes.push(
      attributionMessage('attribution.coupon.unknown_codes', {
        orders: unknownTotals.orders,
        codes: unknownRows.map((row) => row.code),
        value: unknownTotals.value,
      }),
    );
  }
  return {
    creators: creatorRows,
    campaigns: campaignRows,
    unknownCodes: unknownRows,
    totals: {
      orders: orders.length,
      conversions: sum(orders.map((order) => order.conversions ?? 1)),
      value: sum(orders.map((order) => order.value)),
    },
    credited: totalsOf(creatorRows),
    unknown: unknownTotals,
    notes,
  };
}

function describe(entry: CouponCode): string {
  return entry.campaign ? `${entry.creator} (${entry.campaign})` : entry.creator;
}
