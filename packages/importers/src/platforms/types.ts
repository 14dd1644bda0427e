/**
 * What an import needs to know about one kind of file: which headers mean which canonical
 * field, in what unit, and which quirks apply. Built-in platforms and the user's saved
 * column mappings both compile to an `ImportProfile`, so one pipeline reads them all.
 */
import type { Channel, FactId, Said } from '@markpi/core';
import type { DateOrder } from '../parse/dates.js';

/** How a column's cells are read. */
export type ValueKind =
  /** Free text: a dimension such as campaign or content format. */
  | 'text'
  /** An identifier, kept as text exactly as written. */
  | 'id'
  /** A day: the row's date, a report window bound, a publish time. */
  | 'date'
  /**
   * An instant: a date with a time of day (in the file's time zone unless it writes an offset),
   * or epoch seconds, milliseconds or microseconds. Stored as epoch milliseconds; a row with no
   * date of its own takes the day as written.
   */
  | 'time'
  /** A non-negative count (fractional allowed: Google Ads conversions are `25.75`). */
  | 'count'
  /** An amount of money in the column's or row's currency. */
  | 'money'
  /** A ratio (percent points or fraction); only used to derive counts, never stored. */
  | 'rate'
  /** Any other number, stored as written (an FX rate). */
  | 'number'
  /** An ISO currency code per row. */
  | 'currency'
  /** A column the platform is known to export and markpi does not store (CPC, CPM, rankings). */
  | 'ignore';

/**
 * A header the rule answers to: a plain string (compared after `normalizeHeader`) or a
 * pattern tested against the normalised header; a named group `currency` in the pattern
 * gives the column's currency (`amount spent(usd)`).
 */
export type HeaderPattern = string | RegExp;

export interface ColumnRule {
  /** Canonical field (a dimension or measure id) or a helper field a quirk uses. */
  field: string;
  kind: ValueKind;
  headers: readonly HeaderPattern[];
  /** Distinctive of this platform: weighs more when recognising a file. */
  signature?: boolean;
  /** How a rate without a `%` sign is written. */
  rateUnit?: 'points' | 'fraction';
  /**
   * `fen`: the column counts 1/100 of the currency (Tencent's API `cost` is in 分);
   * `micros`: millionths (Google Ads API `cost_micros`).
   */
  moneyUnit?: 'major' | 'fen' | 'micros';
  /** The column's currency when the header implies one (`(元)` is CNY). */
  currency?: string;
}

/** A count derived from a rate and its base (Douyin `5s完播率` × `播放量` → `views_5s`). */
export interface Derivation {
  target: string;
  rate: string;
  base: string;
}

/** Where rows go: a fact table, or the FX table money conversion reads. */
export type ImportTarget = FactId | 'fx_rates';

/** A parsed row on its way to the fact table: field → value. */
export type DraftRow = Record<string, string | number | null>;

export interface RefineResult {
  /** Set to reject the row with this reason (core's `import.reason.*`). */
  reject?: { field: string; reason: Said };
  /**
   * Set to leave the row out, neither loaded nor rejected, because an earlier row already holds
   * what it says (a Shopify order's further line items): the reason (core's `import.warning.*`)
   * is counted in the warnings.
   */
  skip?: Said;
}

export interface ImportProfile {
  /** `meta`, `google_ads`, … or `mapping:<name>` for a saved column mapping. */
  id: string;
  label: string;
  target: ImportTarget;
  /** Channel every row belongs to; absent when rows say (GA4 source/medium, a channel column). */
  channel?: Channel;
  trafficType?: 'paid' | 'organic';
  /** Currency when neither header nor rows give one (Chinese platforms report in CNY). */
  defaultCurrency?: string;
  /** In order of preference: when two rules fill one field, the earlier bound rule wins. */
  rules: readonly ColumnRule[];
  derivations?: readonly Derivation[];
  /** What the mapping does that a user might not expect, as messages; reported with every import. */
  notes: readonly Said[];
  /** Constant field values (a mapping's `constants`, e.g. `cost_type: agency`). */
  constants?: Readonly<Record<string, string>>;
  /** Day/month order, when the mapping states it. */
  dateOrder?: DateOrder;
  /** IANA time zone of times written without an offset (Chinese shops: Asia/Shanghai). */
  timeZone?: string;
  /** Rows covering a period (a path report): filed on its first day instead of refused. */
  periodRows?: 'start-date';
  /** Platform quirks that need more than one column (Meta results, GA4 channels). */
  refine?(row: DraftRow): RefineResult | undefined;
}

export type { Channel };
