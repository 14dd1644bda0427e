/**
 * Journeys built in the warehouse, from the touchpoint and conversion facts, by core's
 * `buildJourneys` rules (see core `attribution/journeys.ts`), so that ten million touches are
 * split and aggregated by the engine and only distinct paths reach JavaScript.
 *
 * Conventions:
 * - Times are the facts' `at` (epoch milliseconds). A day of lookback is 86,400,000 ms; a touch
 *   counts toward a conversion when `conversion.at − touch.at ≤ lookbackDays × 86,400,000`
 *   (times are whole milliseconds, so the bound is taken whole, rounded down).
 * - Events read: touches and conversions with `at ≥ from − 1 day − lookback` (a day of margin
 *   for any time zone, `from` read as UTC midnight), `at < to + 2 days` and `date ≤ to`;
 *   touches need a channel (blank ones are left out: no step of a path can be blank). The
 *   journeys are `buildJourneys` of exactly those events, as if given to it in time order, with
 *   ties between touches at one millisecond taken by channel, and between conversions by order.
 * - Rows of one order (same person and `order_id`) are one conversion at its earliest row's time
 *   and day, worth their summed value; rows with no order id are one conversion per person and
 *   millisecond.
 * - Reported: converting journeys (and conversions no touch reached, `untouched`) whose
 *   conversion's `date` lies within `from … to`; journeys that did not convert whose last
 *   touch's `date` is on or after `from`.
 * - `filter` is a condition on the touchpoints' dimensions (which touches count: `channel in
 *   ('douyin', 'xiaohongshu')`), `conversionFilter` on the conversions' (which orders are
 *   explained: `shop = 'tmall'`); both in the formula language, values bound as parameters.
 *
 * The engine's side: each person's touches and conversions become sorted lists; a touch's
 * conversion is found by counting (conversions before it, conversions within its lookback); the
 * touches no conversion takes are cut into runs no longer than the lookback, each run starting
 * at the first touch more than the lookback after the previous start — found by jumping through
 * "next start" pointers doubled K times (binary lifting), K fixed from the window so that 2^K
 * exceeds the most runs a person can have in it. No window functions and no joins: the same
 * statement runs on ClickHouse 18.16 and DuckDB, printed through the dialect's list functions.
 */
import {
  type AttributionMessage,
  DEFAULT_LOOKBACK_DAYS,
  type Dialect,
  FACTS,
  type FactDefinition,
  isValidIsoDate,
  type Journey,
  type ListStep,
  MarkpiError,
  type Row,
} from '@markpi/core';
import type { Warehouse } from '../warehouse.js';
import { Parameters, renderEventFilter } from './filter.js';

export interface AttributionWindow {
  /** First day whose conversions are explained (`YYYY-MM-DD`, the facts' local days). */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** Days before a conversion whose touches count toward it (inclusive). Default 30. */
  lookbackDays?: number;
  /** A condition on the touchpoints' dimensions: which touches count. */
  filter?: string;
  /** A condition on the conversions' dimensions: which conversions are explained. */
  conversionFilter?: string;
}

/** One distinct path: what the models read (core `PathRow`, with the journeys counted). */
export interface WarehousePath {
  /** Channels in order, joined by `>`. */
  path: string;
  conversions: number;
  value: number;
  /** Journeys with this path that did not convert. */
  nulls: number;
}

export interface AttributionPaths {
  paths: WarehousePath[];
  /** Conversions in the window with no touch in their lookback: no channel gets them. */
  untouched: { conversions: number; value: number };
  counts: { converting: number; nonConverting: number };
  /** What was read: the events' bounds in epoch milliseconds and the whole-millisecond lookback. */
  window: { from: string; to: string; lookbackDays: number; eventsFrom: number; eventsTo: number };
  notes: AttributionMessage[];
}

export interface AttributionJourneys extends Omit<AttributionPaths, 'paths'> {
  /** Journeys with their touch times (what time decay needs), persons in code-point order. */
  journeys: Journey[];
}

const DAY_MS = 86_400_000;

/** Identifiers of the facts read here, from core's model. */
const TOUCHES = factOf('touches');
const CONVERSIONS = factOf('conversions');

function factOf(id: 'touches' | 'conversions'): FactDefinition {
  return FACTS.find((fact) => fact.id === id)!;
}

/** The events a window reads and the lists' sizes it can meet, worked out before any SQL. */
export interface JourneyBounds {
  /** Whole milliseconds of lookback. */
  lookbackMs: number;
  /** Events with `at` in [eventsFrom, eventsTo) and `date ≤ to` are read. */
  eventsFrom: number;
  eventsTo: number;
  /** Pointer doublings: 2^levels exceeds the most runs of non-converting touches in the window. */
  levels: number;
}

/** Checks a window and works out what it reads (see the module comment). */
export function journeyBounds(window: AttributionWindow): JourneyBounds {
  const lookbackDays = window.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  if (!(typeof lookbackDays === 'number' && Number.isFinite(lookbackDays) && lookbackDays > 0)) {
    throw new MarkpiError('attribution.invalid_lookback', 'the lookback must be a number of days > 0', [
      { message: `got ${String(lookbackDays)}`, path: 'lookbackDays' },
    ]);
  }
  for (const field of ['from', 'to'] as const) {
    if (typeof window[field] !== 'string' || !isValidIsoDate(window[field])) {
      throw new MarkpiError(
        'invalid_query',
        `\`${field}\` is not a calendar date: ${String(window[field])}`,
        [{ message: `not a calendar date: ${String(window[field])}`, path: field, hint: 'YYYY-MM-DD' }],
      );
    }
  }
  if (window.from > window.to) {
    throw new MarkpiError('invalid_query', '`from` must not be after `to`', [
      { message: `${window.from} is after ${window.to}`, path: 'to' },
    ]);
  }
  const lookbackMs = Math.floor(lookbackDays * DAY_MS);
  if (lookbackMs < 1 || !Number.isSafeInteger(lookbackMs)) {
    throw new MarkpiError('attribution.invalid_lookback', 'the lookback must be at least a millisecond', [
      { message: `got ${lookbackDays} days`, path: 'lookbackDays' },
    ]);
  }
  const eventsFrom = Date.parse(`${window.from}T00:00:00Z`) - DAY_MS - lookbackMs;
  const eventsTo = Date.parse(`${window.to}T00:00:00Z`) + 2 * DAY_MS;
  // Each run starts more than the lookback after the one before, so a span holds at most
  // ⌊span / (lookback + 1 ms)⌋ + 1 runs; the jumps must be able to cover all but the first.
  const maxRuns = Math.floor((eventsTo - eventsFrom) / (lookbackMs + 1)) + 1;
  const levels = Math.max(1, Math.ceil(Math.log2(maxRuns + 1)));
  return { lookbackMs, eventsFrom, eventsTo, levels };
}

export interface JourneySql {
  sql: string;
  params: Row[keyof Row][];
  bounds: JourneyBounds;
}

/** Longest a step may grow, its same-layer names written out, before a new layer starts. */
const EXPANDED_STEP_LIMIT = 40_000;

/**
 * Builds the per-person statement step by step. Where the engine computes a name once wherever
 * it is read (`inlineSteps`), steps share a layer until their names, written out in full, would
 * pass `EXPANDED_STEP_LIMIT` (the engine expands names into a tree it caps, and analyses each
 * layer of nested subqueries again, so fewer layers answer sooner); otherwise every call to
 * `add` is a layer of its own, so a list is read, never recomputed. Each layer passes on only
 * the columns a later one reads.
 */
class ListProgram {
  private readonly layers: { name: string; expression: string }[][] = [];
  private readonly pending: { name: string; expression: string; expanded: number }[] = [];

  constructor(
    private readonly dialect: Dialect,
    private readonly source: string,
    private readonly sourceColumns: readonly string[],
  ) {}

  readonly add = (...columns: { name: string; expression: string }[]): void => {
    if (!this.dialect.lists.inlineSteps) {
      this.layers.push(columns);
      return;
    }
    const sized = columns.map((column) => ({ ...column, expanded: this.expandedSize(column.expression) }));
    if (sized.some((column) => column.expanded > EXPANDED_STEP_LIMIT)) {
      this.flush();
      this.pending.push(...columns.map((column) => ({ ...column, expanded: column.expression.length })));
    } else this.pending.push(...sized);
  };

  readonly addSteps = (steps: readonly ListStep[]): void => {
    for (const step of steps) this.add(step);
  };

  /** The statement, its last layer selecting `outputs`. */
  finish(outputs: readonly string[]): string {
    this.flush();
    const names = [
      ...this.sourceColumns,
      ...this.layers.flatMap((columns) => columns.map((column) => column.name)),
    ];
    // Walking back from the outputs: what each layer computes and what it passes on.
    const plans: { own: { name: string; expression: string }[]; passed: string[] }[] = [];
    let after = new Set(outputs);
    for (let index = this.layers.length - 1; index >= 0; index--) {
      const columns = this.layers[index]!;
      const ownNames = new Set(columns.map((column) => column.name));
      const selected = new Set(
        columns.filter((column) => after.has(column.name)).map((column) => column.name),
      );
      // A step read by another step of the same layer is computed there too.
      for (let grew = true; grew; ) {
        grew = false;
        for (const column of columns) {
          if (!selected.has(column.name)) continue;
          for (const other of columns) {
            if (selected.has(other.name) || !reads(column.expression, other.name)) continue;
            selected.add(other.name);
            grew = true;
          }
        }
      }
      const own = columns.filter((column) => selected.has(column.name));
      const passed = [...after].filter((name) => !ownNames.has(name));
      plans[index] = { own, passed };
      const before = new Set(passed);
      for (const column of own)
        for (const name of names) if (!ownNames.has(name) && reads(column.expression, name)) before.add(name);
      after = before;
    }
    let sql = this.source;
    for (const { own, passed } of plans) {
      const selects = [...passed, ...own.map((column) => `${column.expression} AS ${column.name}`)];
      sql = `SELECT ${selects.join(', ')} FROM (${sql})`;
    }
    return sql;
  }

  /** The expression's length with every same-layer name it reads written out. */
  private expandedSize(expression: string): number {
    let size = expression.length;
    for (const column of this.pending) {
      const uses = expression.match(new RegExp(`\\b${column.name}\\b`, 'g'))?.length ?? 0;
      size += uses * column.expanded;
    }
    return size;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.layers.push(this.pending.map(({ name, expression }) => ({ name, expression })));
    this.pending.length = 0;
  }
}

function reads(expression: string, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(expression);
}

/**
 * The statement that yields one row per journey reported in the window: `person`, `journey`
 * (a number within the person), `path`, `touches`, `conversions`, `value`, and, with
 * `withTimes`, `touch_at` (the touches' times as text joined by `,`, in path order) and
 * `converted_at`.
 */
export function journeyRowsSql(dialect: Dialect, window: AttributionWindow, withTimes: boolean): JourneySql {
  const bounds = journeyBounds(window);
  const { lookbackMs: lookback, eventsFrom, eventsTo, levels } = bounds;
  const q = (name: string) => dialect.quote(name);
  const lists = dialect.lists;
  const parameters = new Parameters(dialect);
  const toDay = dialect.dateLiteral(window.to);
  const fromDay = dialect.dateLiteral(window.from);
  const read = (fact: FactDefinition, filter: string | undefined, field: string) => {
    const conditions = [
      `${q('at')} >= ${eventsFrom}`,
      `${q('at')} < ${eventsTo}`,
      `${q('date')} <= ${toDay}`,
    ];
    if (filter !== undefined && filter.trim() !== '')
      conditions.push(renderEventFilter(filter, fact, dialect, parameters, field));
    return conditions.join(' AND ');
  };
  const zero = dialect.toFloat('0');

  const touches = `SELECT ${q('person')} AS e_person, ${q('at')} AS e_at, COALESCE(${q('channel')}, '') AS e_channel, ${q('date')} AS e_date, 0 AS e_conversion, ${zero} AS e_value, '' AS e_order FROM ${q(TOUCHES.table)} WHERE ${read(TOUCHES, window.filter, 'filter')} AND ${q('channel')} IS NOT NULL AND ${q('channel')} <> ''`;
  const orderRows = `SELECT ${q('person')} AS o_person, ${q('at')} AS o_at, ${q('date')} AS o_date, COALESCE(${q('value')}, 0) AS o_value, COALESCE(${q('order_id')}, '') AS o_order, CASE WHEN ${q('order_id')} IS NULL THEN ${q('at')} ELSE 0 END AS o_alone FROM ${q(CONVERSIONS.table)} WHERE ${read(CONVERSIONS, window.conversionFilter, 'conversionFilter')}`;
  const conversions = `SELECT o_person AS e_person, min(o_at) AS e_at, '' AS e_channel, min(o_date) AS e_date, 1 AS e_conversion, ${dialect.toFloat('sum(o_value)')} AS e_value, o_order AS e_order FROM (${orderRows}) GROUP BY o_person, o_order, o_alone`;

  // Per person: touches sorted by (time, channel), conversions by (time, order).
  const touchRows = lists.sortedTuples(['e_at', 'e_channel', 'e_date'], 'e_conversion = 0');
  const conversionRows = lists.sortedTuples(['e_at', 'e_order', 'e_value', 'e_date'], 'e_conversion = 1');
  const program = new ListProgram(
    dialect,
    `SELECT e_person AS person, ${touchRows} AS t_rows, ${conversionRows} AS c_rows FROM (${touches} UNION ALL ${conversions}) GROUP BY e_person`,
    ['person', 't_rows', 'c_rows'],
  );
  const { add, addSteps } = program;
  add(
    { name: 't_at', expression: lists.field('t_rows', 1) },
    { name: 't_channel', expression: lists.field('t_rows', 2) },
    { name: 't_date', expression: lists.field('t_rows', 3) },
    { name: 'c_at', expression: lists.field('c_rows', 1) },
    { name: 'c_value', expression: lists.field('c_rows', 3) },
    { name: 'c_date', expression: lists.field('c_rows', 4) },
  );

  // A touch belongs to the first conversion at or after it (number `seg + 1`) when that
  // conversion is within the lookback: some conversion lies in [at, at + lookback].
  addSteps(lists.countBefore('c_at', 't_at', true, 'seg'));
  add({ name: 't_reach', expression: lists.map(['t_at'], ([at]) => `${at} + ${lookback}`) });
  addSteps(lists.countBefore('c_at', 't_reach', false, 'within'));
  // Within a stretch between two conversions, the touches too old for the next one come first,
  // those it takes after them (a touch once close enough stays so). Stretch 2·seg holds the
  // first kind, 2·seg + 1 the second; both keep time order, so the keys stay ascending.
  add({
    name: 'stretch',
    expression: lists.map(['seg', 'within'], ([seg, within]) =>
      lists.integer(`2 * ${seg} + CASE WHEN ${within} > ${seg} THEN 1 ELSE 0 END`),
    ),
  });
  // Each touch's next run start: the first touch after it past its lookback, or the next
  // stretch's first touch. Runs of the touches a conversion takes are cut too, and ignored.
  add(
    { name: 't_key', expression: lists.map(['stretch', 't_at'], ([part, at]) => lists.tuple([part!, at!])) },
    {
      name: 't_bound',
      expression: lists.map(['stretch', 't_at'], ([part, at]) => lists.tuple([part!, `${at} + ${lookback}`])),
    },
    { name: 't_index', expression: lists.indexes('t_at') },
  );
  addSteps(lists.countBefore('t_key', 't_bound', false, 'reach_count'));
  addSteps(lists.countBefore('stretch', 'stretch', true, 'stretch_count'));
  add(
    {
      // Past the last touch the pointer stays put: position length + 1 points at itself.
      name: 'jump_0',
      expression: lists.append(
        lists.map(['reach_count'], ([count]) => `${count} + 1`),
        lists.integer(`${lists.length('t_at')} + 1`),
      ),
    },
    {
      name: 'starts_0',
      expression: lists.sortedDistinct(lists.map(['stretch_count'], ([count]) => `${count} + 1`)),
    },
  );
  // Run starts: each stretch's first touch, then, level by level, every start 2^level jumps
  // further (jumps doubled alongside); after `levels` levels every start of a stretch of
  // unconverted touches is in the set. The position past the last touch may join it; no touch
  // lies at or after it.
  for (let level = 0; level < levels; level++) {
    addSteps(lists.gather(`jump_${level}`, `starts_${level}`, `reached_${level}`));
    add({
      name: `starts_${level + 1}`,
      expression: lists.sortedDistinct(lists.concat([`starts_${level}`, `reached_${level}`])),
    });
    if (level + 1 < levels) addSteps(lists.gather(`jump_${level}`, `jump_${level}`, `jump_${level + 1}`));
  }
  // A run is numbered by the starts at or before it: the same for its touches, different from
  // any other run's (starts elsewhere lie all before or all after it).
  addSteps(lists.countBefore(`starts_${levels}`, 't_index', false, 'run_number'));
  // Journey numbers: a conversion's own number for it and the touches it takes, minus the run's
  // number for a run of touches that did not convert.
  add(
    {
      name: 't_journey',
      expression: lists.map(['seg', 'within', 'run_number'], ([seg, within, run]) =>
        lists.integer(`CASE WHEN ${within} > ${seg} THEN ${seg} + 1 ELSE -${run} END`),
      ),
    },
    { name: 'c_index', expression: lists.indexes('c_at') },
  );
  add(
    { name: 'x_journey', expression: lists.concat(['t_journey', 'c_index']) },
    { name: 'x_at', expression: lists.concat(['t_at', 'c_at']) },
    { name: 'x_channel', expression: lists.concat(['t_channel', lists.constant('c_at', "''")]) },
    { name: 'x_date', expression: lists.concat(['t_date', 'c_date']) },
    { name: 'x_value', expression: lists.concat([lists.constant('t_at', zero), 'c_value']) },
    {
      name: 'x_conversion',
      expression: lists.concat([lists.constant('t_at', '0'), lists.constant('c_at', '1')]),
    },
  );
  const unnested = [
    { list: 'x_journey', as: 'j_journey' },
    { list: 'x_at', as: 'j_at' },
    { list: 'x_channel', as: 'j_channel' },
    { list: 'x_date', as: 'j_date' },
    { list: 'x_value', as: 'j_value' },
    { list: 'x_conversion', as: 'j_conversion' },
  ];
  const sql = program.finish(['person', ...unnested.map((entry) => entry.list)]);
  const events = lists.unnest(sql, ['person'], unnested);
  const timed = withTimes
    ? `, ${lists.joinedText(lists.text('j_at'), ['j_at', 'j_channel'], 'j_conversion = 0', ',')} AS touch_at, MAX(CASE WHEN j_conversion = 1 THEN j_at END) AS converted_at`
    : '';
  const journeys = `SELECT person, j_journey AS journey, ${lists.joinedText('j_channel', ['j_at', 'j_channel'], 'j_conversion = 0', '>')} AS path, SUM(CASE WHEN j_conversion = 0 THEN 1 ELSE 0 END) AS touches, SUM(j_conversion) AS conversions, SUM(j_value) AS value, MAX(CASE WHEN j_conversion = 1 THEN j_date END) AS conversion_date, MAX(CASE WHEN j_conversion = 0 THEN j_date END) AS last_touch_date${timed} FROM (${events}) GROUP BY person, j_journey`;
  const reported = `SELECT * FROM (${journeys}) WHERE (conversions > 0 AND conversion_date >= ${fromDay} AND conversion_date <= ${toDay}) OR (conversions = 0 AND last_touch_date >= ${fromDay})`;
  return { sql: reported, params: parameters.values, bounds };
}

/** Journeys aggregated into distinct paths by the engine: the statement behind `attributionPaths`. */
export function attributionPathsSql(dialect: Dialect, window: AttributionWindow): JourneySql {
  const rows = journeyRowsSql(dialect, window, false);
  return {
    ...rows,
    // Output names differ from the inputs': ClickHouse reads an alias wherever its name appears.
    sql: `SELECT path, SUM(conversions) AS path_conversions, SUM(value) AS path_value, SUM(CASE WHEN conversions = 0 THEN 1 ELSE 0 END) AS path_nulls FROM (${rows.sql}) GROUP BY path ORDER BY path`,
  };
}

function summary(window: AttributionWindow, bounds: JourneyBounds) {
  return {
    from: window.from,
    to: window.to,
    lookbackDays: window.lookbackDays ?? DEFAULT_LOOKBACK_DAYS,
    eventsFrom: bounds.eventsFrom,
    eventsTo: bounds.eventsTo,
  };
}

function untouchedNote(
  untouched: { conversions: number; value: number },
  days: number,
): AttributionMessage[] {
  if (untouched.conversions === 0) return [];
  return [
    {
      key: 'attribution.journeys.untouched',
      params: { conversions: untouched.conversions, value: untouched.value, days },
    },
  ];
}

/**
 * The window's journeys as distinct paths with their conversions, value and non-converting
 * journeys (`nulls`), aggregated in the warehouse: what every attribution model reads.
 */
export async function attributionPaths(
  warehouse: Warehouse,
  window: AttributionWindow,
): Promise<AttributionPaths> {
  const { sql, params, bounds } = attributionPathsSql(warehouse.dialect, window);
  const rows = await warehouse.query(sql, params);
  const paths: WarehousePath[] = [];
  const untouched = { conversions: 0, value: 0 };
  const counts = { converting: 0, nonConverting: 0 };
  for (const row of rows) {
    const entry = {
      path: String(row.path ?? ''),
      conversions: Number(row.path_conversions ?? 0),
      value: Number(row.path_value ?? 0),
      nulls: Number(row.path_nulls ?? 0),
    };
    if (entry.path === '') {
      untouched.conversions += entry.conversions;
      untouched.value += entry.value;
      continue;
    }
    counts.converting += entry.conversions;
    counts.nonConverting += entry.nulls;
    paths.push(entry);
  }
  const lookbackDays = window.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  return {
    paths,
    untouched,
    counts,
    window: summary(window, bounds),
    notes: untouchedNote(untouched, lookbackDays),
  };
}

/**
 * The window's journeys one by one, with touch times (for time decay and for checks), in the
 * order of person and then time. Meant for windows whose journeys fit in memory: `limit` caps
 * how many are read (the counts still cover all of them).
 */
export async function attributionJourneys(
  warehouse: Warehouse,
  window: AttributionWindow & { limit?: number },
): Promise<AttributionJourneys> {
  const { sql, params, bounds } = journeyRowsSql(warehouse.dialect, window, true);
  const limit = window.limit;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new MarkpiError('invalid_query', 'the limit must be a whole number > 0', [
      { message: `got ${String(limit)}`, path: 'limit' },
    ]);
  }
  const rows = await warehouse.query(
    `${sql} ORDER BY person, conversions = 0, converted_at, journey${limit ? ` LIMIT ${limit}` : ''}`,
    params,
  );
  const journeys: Journey[] = [];
  const untouched = { conversions: 0, value: 0 };
  const counts = { converting: 0, nonConverting: 0 };
  for (const row of rows) {
    const conversions = Number(row.conversions ?? 0);
    const value = Number(row.value ?? 0);
    const path = String(row.path ?? '');
    if (path === '') {
      untouched.conversions += conversions;
      untouched.value += value;
      continue;
    }
    if (conversions > 0) counts.converting += conversions;
    else counts.nonConverting += 1;
    const times = String(row.touch_at).split(',').map(Number);
    journeys.push({
      person: String(row.person),
      touches: path.split('>').map((channel, index) => ({ channel, at: times[index]! })),
      conversions,
      value,
      ...(conversions > 0 ? { convertedAt: Number(row.converted_at) } : {}),
    });
  }
  const lookbackDays = window.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  return {
    journeys,
    untouched,
    counts,
    window: summary(window, bounds),
    notes: untouchedNote(untouched, lookbackDays),
  };
}
