/**
 * A SQL dialect is a small object: how to quote, bind, truncate dates and the like. The
 * planner is written once against it; nothing outside a dialect file knows an engine. Where
 * engines differ in what they can do rather than in how they spell it, the dialect says so with
 * a capability flag, and code chooses by the flag, never by the engine's name.
 */
import type { Grain } from './query.js';

export type ParameterType = 'text' | 'number' | 'date';

export interface Dialect {
  /** For messages and logs; choose behaviour by the flags below. */
  readonly name: 'duckdb' | 'clickhouse';
  /**
   * Nullability is part of a column's type (`Nullable(String)`) and columns are non-null unless
   * declared otherwise. Without it, columns take nulls unless declared `NOT NULL`.
   */
  readonly nullableTypes: boolean;
  /**
   * A table names its storage engine, splits its rows into partitions and keeps them sorted by
   * a key whose columns may not hold nulls (MergeTree). Without it, a table is just its columns.
   */
  readonly sortedTables: boolean;
  /**
   * `PRIMARY KEY` and `UNIQUE` are enforced and sequences exist, so a table may rely on them
   * (the server's accounts: one login per person, audit entries in order).
   */
  readonly enforcedKeys: boolean;
  /** Quotes an identifier that came from the validated catalog (never from user text). */
  quote(identifier: string): string;
  /**
   * SQL text of the bound parameter at 0-based position `index`, typed so every engine reads
   * it the same way (ClickHouse needs the type in the placeholder itself).
   */
  parameter(index: number, type: ParameterType): string;
  /**
   * A date the planner computed itself, as a typed literal. Refuses anything but a real
   * calendar date in `YYYY-MM-DD` form, so no text can travel this way.
   */
  dateLiteral(isoDate: string): string;
  /** Start of the `grain` bucket that `dateExpression` falls in (weeks start on Monday). */
  truncateDate(grain: Exclude<Grain, 'total'>, dateExpression: string): string;
  /** Moves a date by a whole number of days or months. */
  addToDate(dateExpression: string, amount: number, unit: 'day' | 'month'): string;
  /** `a / b`, null when `b` is zero or null, never Infinity. */
  divide(numerator: string, denominator: string): string;
  /** Value of `value` on the row with the greatest `order`. */
  lastValue(value: string, order: string): string;
  /** A typed null of a floating-point column, for padding UNION ALL branches. */
  nullNumber(): string;
  /** A typed null of a string column. */
  nullString(): string;
  /** Renders a date column as `YYYY-MM-DD` text so every engine returns the same thing. */
  formatDate(dateExpression: string): string;
  /** Floating-point cast, so integer columns never divide as integers. */
  toFloat(expression: string): string;
}
