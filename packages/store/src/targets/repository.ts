/**
 * Persistence of targets (every version kept), benchmarks, event calendars and custom
 * scorecard templates. Bodies are stored as JSON and validated with the core schemas on the
 * way in and on the way out, so a hand-edited row can't smuggle a bad target into a review.
 */
import {
  type Benchmark,
  type BuiltinTemplateOptions,
  builtinScorecardTemplates,
  type Catalog,
  deriveTargetId,
  diffTargets,
  type EventCalendar,
  isBuiltinTemplateId,
  MarkpiError,
  parseBenchmarks,
  parseEventCalendar,
  parseScorecardTemplate,
  parseTarget,
  RETAIL_CALENDAR_ID,
  retailEventCalendar,
  type ScorecardTemplate,
  scopeProblems,
  type Target,
  type TargetChange,
  type TargetInput,
  type TargetVersion,
} from '@markpi/core';
import type { CellValue, Row, Warehouse } from '../warehouse.js';
import {
  BENCHMARKS_TABLE,
  EVENT_CALENDARS_TABLE,
  SCORECARD_TEMPLATES_TABLE,
  TARGET_VERSIONS_TABLE,
} from './tables.js';

export interface SaveOptions {
  /** When the change is recorded (default: now). */
  now?: Date;
  author?: string;
  /** Why the target changed; kept with the version. */
  reason?: string;
}

/** A target to add: like a stored one, but the id may be left for markpi to derive. */
export type NewTarget = Omit<TargetInput, 'id'> & { id?: string };

function timestamp(options: SaveOptions): string {
  return (options.now ?? new Date()).toISOString();
}

function text(row: Row, key: string): string {
  return String(row[key]);
}

function optionalText(row: Row, key: string): string | undefined {
  const value = row[key];
  return value === null || value === undefined ? undefined : String(value);
}

function oneRow(values: Record<string, CellValue>) {
  return {
    rowCount: 1,
    columns: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, [value]])),
  };
}

function versionFromRow(row: Row): TargetVersion {
  const author = optionalText(row, 'author');
  const reason = optionalText(row, 'reason');
  return {
    target: parseTarget(JSON.parse(text(row, 'body'))),
    version: Number(row.version),
    createdAt: text(row, 'created_at'),
    ...(author ? { author } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** A target must name a known KPI and a scope that KPI can be measured in. */
function assertMeasurable(catalog: Catalog, target: Target): void {
  catalog.kpi(target.kpi);
  for (const [label, scope] of [
    ['scope', target.scope],
    ['baseline scope', target.baselineScope],
  ] as const) {
    if (!scope) continue;
    const problems = scopeProblems(catalog, target.kpi, scope.filter);
    if (problems.length > 0) {
      throw new MarkpiError(
        'invalid_target',
        `target ${target.id}: ${target.kpi} can't be measured in its ${label}`,
        problems,
      );
    }
  }
}

async function versionRows(warehouse: Warehouse, id?: string): Promise<Row[]> {
  const p = warehouse.dialect.parameter.bind(warehouse.dialect);
  const where = id === undefined ? '' : ` WHERE target_id = ${p(0, 'text')}`;
  return warehouse.query(
    `SELECT target_id, version, body, created_at, author, reason FROM ${TARGET_VERSIONS_TABLE.name}${where} ORDER BY target_id, version`,
    id === undefined ? [] : [id],
  );
}

async function appendVersion(
  warehouse: Warehouse,
  target: Target,
  version: number,
  options: SaveOptions,
): Promise<TargetVersion> {
  const createdAt = timestamp(options);
  await warehouse.append(
    TARGET_VERSIONS_TABLE.name,
    oneRow({
      target_id: target.id,
      version,
      kpi: target.kpi,
      body: JSON.stringify(target),
      created_at: createdAt,
      author: options.author ?? null,
      reason: options.reason ?? null,
    }),
  );
  return {
    target,
    version,
    createdAt,
    ...(options.author ? { author: options.author } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  };
}

/** Saves a new target as version 1; an id that exists already is an error (use `updateTarget`). */
export async function addTarget(
  warehouse: Warehouse,
  catalog: Catalog,
  input: NewTarget,
  options: SaveOptions = {},
): Promise<TargetVersion> {
  const label = input.scope?.label ?? 'whole workspace';
  const target = parseTarget({
    ...input,
    id: input.id ?? deriveTargetId(String(input.kpi), label, String(input.period?.from ?? '')),
  });
  assertMeasurable(catalog, target);
  return warehouse.transaction(async (scoped) => {
    if ((await versionRows(scoped, target.id)).length > 0) {
      throw new MarkpiError('target_exists', `target ${target.id} exists already`, [
        {
          message: `target ${target.id} exists already`,
          hint: 'change it with `markpi targets update`, which keeps its history',
        },
      ]);
    }
    return appendVersion(scoped, target, 1, options);
  });
}

/** Saves a changed target as a new version; the old versions stay. */
export async function updateTarget(
  warehouse: Warehouse,
  catalog: Catalog,
  id: string,
  changes: Partial<Omit<TargetInput, 'id'>>,
  options: SaveOptions = {},
): Promise<TargetVersion> {
  return warehouse.transaction(async (scoped) => {
    const current = await getTarget(scoped, id);
    const next = parseTarget({ ...current.target, ...changes, id });
    assertMeasurable(catalog, next);
    if (diffTargets(current.target, next).length === 0) {
      throw new MarkpiError('no_change', `target ${id}: nothing changed`, [
        { message: 'the new version would equal the current one' },
      ]);
    }
    return appendVersion(scoped, next, current.version + 1, options);
  });
}

export async function findTarget(warehouse: Warehouse, id: string): Promise<TargetVersion | undefined> {
  const rows = await versionRows(warehouse, id);
  const last = rows.at(-1);
  return last ? versionFromRow(last) : undefined;
}

/** The current version of a target. */
export async function getTarget(warehouse: Warehouse, id: string): Promise<TargetVersion> {
  const found = await findTarget(warehouse, id);
  if (found) return found;
  const known = (await listTargets(warehouse)).map((entry) => entry.target.id);
  throw new MarkpiError('unknown_target', `no target ${id}`, [
    {
      message: `no target ${id}`,
      hint:
        known.length > 0 ? `targets: ${known.slice(0, 10).join(', ')}` : 'add one with `markpi targets add`',
    },
  ]);
}

export interface TargetFilter {
  kpi?: string;
  /** Only targets whose period includes this day. */
  activeOn?: string;
}

/** The current version of every target, by id. */
export async function listTargets(warehouse: Warehouse, filter: TargetFilter = {}): Promise<TargetVersion[]> {
  const latest = new Map<string, Row>();
  for (const row of await versionRows(warehouse)) latest.set(text(row, 'target_id'), row);
  return [...latest.values()]
    .map(versionFromRow)
    .filter((entry) => filter.kpi === undefined || entry.target.kpi === filter.kpi)
    .filter(
      (entry) =>
        filter.activeOn === undefined ||
        (entry.target.period.from <= filter.activeOn && filter.activeOn <= entry.target.period.to),
    );
}

export interface TargetHistory {
  id: string;
  /** Oldest first. */
  versions: TargetVersion[];
  /** What each version changed against the one before (version 1 has none). */
  changes: {
    version: number;
    createdAt: string;
    author?: string;
    reason?: string;
    changes: TargetChange[];
  }[];
}

export async function targetHistory(warehouse: Warehouse, id: string): Promise<TargetHistory> {
  const versions = (await versionRows(warehouse, id)).map(versionFromRow);
  if (versions.length === 0) await getTarget(warehouse, id);
  return {
    id,
    versions,
    changes: versions.slice(1).map((entry, index) => ({
      version: entry.version,
      createdAt: entry.createdAt,
      ...(entry.author ? { author: entry.author } : {}),
      ...(entry.reason ? { reason: entry.reason } : {}),
      changes: diffTargets(versions[index]!.target, entry.target),
    })),
  };
}

/** Imports benchmark rows (kpi, segment, value, source); `replace` drops the KPIs' earlier rows first. */
export async function importBenchmarks(
  warehouse: Warehouse,
  catalog: Catalog,
  rows: readonly unknown[],
  options: { replace?: boolean; now?: Date } = {},
): Promise<Benchmark[]> {
  const benchmarks = parseBenchmarks(rows);
  const unknown = benchmarks.filter((benchmark) => !catalog.kpis.has(benchmark.kpi));
  if (unknown.length > 0) {
    throw new MarkpiError(
      'invalid_benchmarks',
      `benchmarks name unknown KPIs: ${[...new Set(unknown.map((entry) => entry.kpi))].join(', ')}`,
      unknown.map((entry) => ({
        message: `unknown KPI \`${entry.kpi}\``,
        row: benchmarks.indexOf(entry) + 1,
      })),
    );
  }
  if (benchmarks.length === 0) return [];
  const importedAt = (options.now ?? new Date()).toISOString();
  await warehouse.transaction(async (scoped) => {
    if (options.replace) {
      const p = scoped.dialect.parameter.bind(scoped.dialect);
      for (const kpi of new Set(benchmarks.map((entry) => entry.kpi))) {
        await scoped.run(`DELETE FROM ${BENCHMARKS_TABLE.name} WHERE kpi = ${p(0, 'text')}`, [kpi]);
      }
    }
    await scoped.append(BENCHMARKS_TABLE.name, {
      rowCount: benchmarks.length,
      columns: {
        kpi: benchmarks.map((entry) => entry.kpi),
        segment: benchmarks.map((entry) => entry.segment),
        value: benchmarks.map((entry) => entry.value),
        source: benchmarks.map((entry) => entry.source),
        note: benchmarks.map((entry) => entry.note ?? null),
        imported_at: benchmarks.map(() => importedAt),
      },
    });
  });
  return benchmarks;
}

export async function listBenchmarks(warehouse: Warehouse, kpi?: string): Promise<Benchmark[]> {
  const p = warehouse.dialect.parameter.bind(warehouse.dialect);
  const rows = await warehouse.query(
    `SELECT kpi, segment, value, source, note FROM ${BENCHMARKS_TABLE.name}${kpi === undefined ? '' : ` WHERE kpi = ${p(0, 'text')}`} ORDER BY kpi, segment, imported_at`,
    kpi === undefined ? [] : [kpi],
  );
  return parseBenchmarks(
    rows.map((row) => ({
      kpi: text(row, 'kpi'),
      segment: text(row, 'segment'),
      value: Number(row.value),
      source: text(row, 'source'),
      ...(optionalText(row, 'note') ? { note: optionalText(row, 'note') } : {}),
    })),
  );
}

async function latestBodies(
  warehouse: Warehouse,
  table: string,
  idColumn: string,
): Promise<Map<string, unknown>> {
  const rows = await warehouse.query(
    `SELECT ${idColumn} AS id, body FROM ${table} ORDER BY ${idColumn}, version`,
  );
  const latest = new Map<string, unknown>();
  for (const row of rows) latest.set(text(row, 'id'), JSON.parse(text(row, 'body')));
  return latest;
}

async function nextVersion(
  warehouse: Warehouse,
  table: string,
  idColumn: string,
  id: string,
): Promise<number> {
  const p = warehouse.dialect.parameter.bind(warehouse.dialect);
  const rows = await warehouse.query(
    `SELECT max(version) AS version FROM ${table} WHERE ${idColumn} = ${p(0, 'text')}`,
    [id],
  );
  const current = rows[0]?.version;
  return current === null || current === undefined ? 1 : Number(current) + 1;
}

/** Saves an event calendar (a new version when it exists). The built-in id is reserved. */
export async function saveEventCalendar(
  warehouse: Warehouse,
  input: unknown,
  options: SaveOptions = {},
): Promise<EventCalendar> {
  const calendar = parseEventCalendar(input);
  if (calendar.id === RETAIL_CALENDAR_ID) {
    throw new MarkpiError(
      'reserved_calendar',
      `${RETAIL_CALENDAR_ID} is the built-in sales calendar; save yours under another id`,
    );
  }
  await warehouse.transaction(async (scoped) => {
    const version = await nextVersion(scoped, EVENT_CALENDARS_TABLE.name, 'calendar_id', calendar.id);
    await scoped.append(
      EVENT_CALENDARS_TABLE.name,
      oneRow({
        calendar_id: calendar.id,
        version,
        body: JSON.stringify(calendar),
        created_at: timestamp(options),
      }),
    );
  });
  return calendar;
}

/** A saved calendar, or the built-in China e-commerce calendar for `years`. */
export async function getEventCalendar(
  warehouse: Warehouse,
  id: string,
  years: readonly number[],
): Promise<EventCalendar> {
  if (id === RETAIL_CALENDAR_ID) return retailEventCalendar(years);
  const saved = (await latestBodies(warehouse, EVENT_CALENDARS_TABLE.name, 'calendar_id')).get(id);
  if (saved === undefined) {
    throw new MarkpiError('unknown_calendar', `no event calendar ${id}`, [
      {
        message: `no event calendar ${id}`,
        hint: `use ${RETAIL_CALENDAR_ID} or save one with \`markpi targets calendar\``,
      },
    ]);
  }
  return parseEventCalendar(saved);
}

export async function listEventCalendars(warehouse: Warehouse): Promise<EventCalendar[]> {
  return [...(await latestBodies(warehouse, EVENT_CALENDARS_TABLE.name, 'calendar_id')).values()].map(
    parseEventCalendar,
  );
}

/** Saves a custom scorecard template; its KPIs must be in the catalog and built-in ids are reserved. */
export async function saveScorecardTemplate(
  warehouse: Warehouse,
  catalog: Catalog,
  input: unknown,
  options: SaveOptions = {},
): Promise<ScorecardTemplate> {
  const template = parseScorecardTemplate(input);
  if (isBuiltinTemplateId(template.id)) {
    throw new MarkpiError(
      'reserved_template',
      `${template.id} is a built-in template; save yours under another id`,
    );
  }
  for (const item of template.items) catalog.kpi(item.kpi);
  await warehouse.transaction(async (scoped) => {
    const version = await nextVersion(scoped, SCORECARD_TEMPLATES_TABLE.name, 'template_id', template.id);
    await scoped.append(
      SCORECARD_TEMPLATES_TABLE.name,
      oneRow({
        template_id: template.id,
        version,
        body: JSON.stringify(template),
        created_at: timestamp(options),
      }),
    );
  });
  return template;
}

/** Built-in templates first, then saved ones. */
export async function listScorecardTemplates(
  warehouse: Warehouse,
  options: BuiltinTemplateOptions = {},
): Promise<ScorecardTemplate[]> {
  const saved = [
    ...(await latestBodies(warehouse, SCORECARD_TEMPLATES_TABLE.name, 'template_id')).values(),
  ].map(parseScorecardTemplate);
  return [...builtinScorecardTemplates(options), ...saved];
}

export async function getScorecardTemplate(
  warehouse: Warehouse,
  id: string,
  options: BuiltinTemplateOptions = {},
): Promise<ScorecardTemplate> {
  const templates = await listScorecardTemplates(warehouse, options);
  const found = templates.find((template) => template.id === id);
  if (found) return found;
  throw new MarkpiError('unknown_template', `no scorecard template ${id}`, [
    {
      message: `no scorecard template ${id}`,
      hint: `templates: ${templates.map((template) => template.id).join(', ')}`,
    },
  ]);
}
