/**
 * A SQL dialect is a small object: how to quote, bind, truncate dates and the like. The
 * planner is written once against it; nothing outside a dialect file knows an engine.
 */
import type { Grain } from './query.js';

export type ParameterType = 'text' | 'number' | 'date';

export interface Dialect {
  readonly name: 'duckdb' | 'clickhouse';
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
