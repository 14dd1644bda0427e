/**
 * A SQL dialect is a small object: how to quote, bind, truncate dates and the like. The
 * planner is written once against it; nothing outside a dialect file knows an engine. Where
 * engines differ in what they can do rather than in how they spell it, the dialect says so with
 * a capability flag, and code chooses by the flag, never by the engine's name.
 */
import type { Grain } from './query.js';

export type ParameterType = 'text' | 'number' | 'date';

/** One named list a computation needs before the next: the caller selects it in a layer of its own. */
export interface ListStep {
  name: string;
  expression: string;
}

/**
 * Lists inside one row, for the questions that must see a whole group at once (a person's
 * touches and orders) on engines without window functions. Each engine implements these its own
 * way — ClickHouse 18.16 lambdas see only their own arguments, DuckDB lambdas see the row but
 * recompute any expression they read per element — so every list argument must be a column of
 * the layer below (a name), never an expression, and several-step functions return their steps.
 *
 * Lists are 1-based. Elements compared with `<` are numbers, texts, dates or `tuple`s of those,
 * compared field by field. Lambda parameters are named `l_…`: keep other names clear of that.
 */
export interface ListFunctions {
  /**
   * A step may read a list an earlier step of the same SELECT named (the engine computes it once
   * wherever it is read). Without it, each step reads only lists of the layer below.
   */
  readonly inlineSteps: boolean;
  /**
   * Aggregate: the group's rows that meet `condition` as a list of `fields` tuples, sorted by
   * the fields in order (ties broken by the later ones); an empty list when none.
   */
  sortedTuples(fields: readonly string[], condition: string): string;
  /** The list of the `index`-th (1-based) field of a list of tuples. */
  field(list: string, index: number): string;
  /** Aggregate: the texts of rows meeting `condition`, sorted by `keys`, joined by `separator` ('' when none). */
  joinedText(value: string, keys: readonly string[], condition: string, separator: '>' | ','): string;
  /** A number as text, for `joinedText`. */
  text(expression: string): string;
  length(list: string): string;
  /** `[1, 2, …, length(list)]` as 64-bit integers. */
  indexes(list: string): string;
  /** Element by element over lists of one length; `body` gets each list's element. */
  map(lists: readonly string[], body: (elements: readonly string[]) => string): string;
  concat(lists: readonly string[]): string;
  /** A list as long as `list`, each element the constant `value`. */
  constant(list: string, value: string): string;
  append(list: string, value: string): string;
  /** The list's distinct elements in ascending order. */
  sortedDistinct(list: string): string;
  tuple(fields: readonly string[]): string;
  /** A 64-bit integer. */
  integer(expression: string): string;
  /**
   * For each element of the ascending list `queries`, how many elements of `sorted` come before
   * it: strictly smaller (`strict`) or not greater. O((m + n) log(m + n)): both lists sorted
   * together, a query's place among them less its own position. The last step, named `name`,
   * is the answer.
   */
  countBefore(sorted: string, queries: string, strict: boolean, name: string): ListStep[];
  /**
   * `values[indexes[i]]` for each i, for integer `values` and every index within
   * `1..length(values)`. The last step, named `name`, is the answer.
   */
  gather(values: string, indexes: string, name: string): ListStep[];
  /**
   * A statement turning each row of `source` into one row per element of the lists (all of one
   * length), keeping the `keep` columns: `lists` pairs a list column with the name its elements take.
   */
  unnest(source: string, keep: readonly string[], lists: readonly { list: string; as: string }[]): string;
}

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
  /**
   * The list `[0, 1, …, count − 1]` for a non-negative whole `count` (a column), its elements
   * whole numbers that `date + element` moves a date by.
   */
  dayOffsets(count: string): string;
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
  /** Lists within a row (see `ListFunctions`). */
  readonly lists: ListFunctions;
}
