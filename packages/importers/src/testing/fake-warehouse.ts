/**
 * An in-memory stand-in for the store's warehouse, for unit tests of the load logic. It
 * understands exactly the SQL the importers emit (CREATE TABLE IF NOT EXISTS, SELECT and
 * DELETE with AND-ed comparisons), keeps transactions all-or-nothing by snapshot, and can be
 * told to fail mid-load to prove nothing half-written survives.
 */
import { duckDbDialect, FACTS, factMeasureColumns } from '@markpi/core';
import type { CellValue, ColumnBatch, ImportWarehouse, Row } from '../load/warehouse.js';

interface FakeTable {
  columns: string[];
  rows: Row[];
}

type Condition = (row: Row, tables: Map<string, FakeTable>) => boolean;

const unquote = (name: string) => name.trim().replace(/^"(.*)"$/, '$1');

function parameterValue(text: string, params: readonly CellValue[]): CellValue {
  const match = /^(?:CAST\()?\$(\d+)(?: AS \w+\))?$/.exec(text.trim());
  if (!match) throw new Error(`fake warehouse: expected a parameter, got ${text}`);
  return params[Number(match[1]) - 1] ?? null;
}

function parseCondition(text: string, params: readonly CellValue[]): Condition {
  const trimmed = text.trim();
  let match = /^("?\w+"?) IS NULL$/.exec(trimmed);
  if (match) {
    const column = unquote(match[1]!);
    return (row) => row[column] === null || row[column] === undefined;
  }
  match = /^("?\w+"?) IN \(SELECT id FROM ("?\w+"?) WHERE platform = (\$\d+)\)$/.exec(trimmed);
  if (match) {
    const column = unquote(match[1]!);
    const table = unquote(match[2]!);
    const platform = parameterValue(match[3]!, params);
    return (row, tables) =>
      (tables.get(table)?.rows ?? []).some(
        (entry) => entry.platform === platform && entry.id === row[column],
      );
  }
  match = /^("?\w+"?) (=|<>|>=|<=) (.+)$/.exec(trimmed);
  if (match) {
    const column = unquote(match[1]!);
    const value = parameterValue(match[3]!, params);
    const operator = match[2]!;
    return (row) => {
      const cell = row[column];
      if (cell === null || cell === undefined || value === null) return false;
      switch (operator) {
        case '=':
          return cell === value;
        case '<>':
          return cell !== value;
        case '>=':
          return cell >= value;
        default:
          return cell <= value;
      }
    };
  }
  throw new Error(`fake warehouse: cannot evaluate condition ${trimmed}`);
}

/** `EXISTS (SELECT 1 FROM "t" AS fresh WHERE fresh.import_id = $n AND fresh."c" IS NOT DISTINCT FROM "t"."c" …)` */
function parseExists(text: string, params: readonly CellValue[]): Condition {
  const match = /^EXISTS \(SELECT 1 FROM ("?\w+"?) AS fresh WHERE fresh\.import_id = (\$\d+)(.*)\)$/.exec(
    text.trim(),
  );
  if (!match) throw new Error(`fake warehouse: cannot evaluate ${text}`);
  const table = unquote(match[1]!);
  const importId = parameterValue(match[2]!, params);
  const columns = [...match[3]!.matchAll(/fresh\.("?\w+"?) IS NOT DISTINCT FROM/g)].map((found) =>
    unquote(found[1]!),
  );
  return (row, tables) =>
    (tables.get(table)?.rows ?? []).some(
      (fresh) =>
        fresh.import_id === importId &&
        columns.every((column) => (fresh[column] ?? null) === (row[column] ?? null)),
    );
}

function parseWhere(text: string | undefined, params: readonly CellValue[]): Condition {
  if (!text) return () => true;
  const [plain = '', exists] = text.split(/ AND (?=EXISTS )/);
  const conditions = plain.split(/ AND /).map((part) => parseCondition(part, params));
  if (exists) conditions.push(parseExists(exists, params));
  return (row, tables) => conditions.every((condition) => condition(row, tables));
}

export class FakeWarehouse implements ImportWarehouse {
  readonly dialect = duckDbDialect;
  tables = new Map<string, FakeTable>();
  /** Throw on the nth append from now (1-based), to simulate a crash mid-load. */
  failOnAppend: number | undefined;
  private appends = 0;

  rows(table: string): Row[] {
    return this.tables.get(table)?.rows ?? [];
  }

  async query(sql: string, params: readonly CellValue[] = []): Promise<Row[]> {
    const match = /^SELECT (.+?) FROM ("?\w+"?)(?: WHERE (.+?))?(?: ORDER BY (.+))?$/s.exec(sql.trim());
    if (!match) throw new Error(`fake warehouse: cannot run ${sql}`);
    const table = this.table(unquote(match[2]!));
    const where = parseWhere(match[3], params);
    const rows = table.rows.filter((row) => where(row, this.tables));
    const projection = match[1]!.trim();
    if (/^COUNT\(\*\) AS (\w+)$/.test(projection)) {
      return [{ [/AS (\w+)$/.exec(projection)![1]!]: rows.length }];
    }
    const columns = projection.split(',').map((part) => {
      const alias = /^(.+?) AS (\w+)$/.exec(part.trim());
      return alias
        ? { source: unquote(alias[1]!), name: alias[2]! }
        : { source: unquote(part), name: unquote(part) };
    });
    const projected = rows.map((row) =>
      Object.fromEntries(columns.map(({ source, name }) => [name, row[source] ?? null])),
    );
    if (match[4]) {
      const keys = match[4].split(',').map(unquote);
      projected.sort((a, b) => {
        for (const key of keys) {
          const left = a[key] ?? '';
          const right = b[key] ?? '';
          if (left < right) return -1;
          if (left > right) return 1;
        }
        return 0;
      });
    }
    return projected;
  }

  async run(sql: string, params: readonly CellValue[] = []): Promise<void> {
    const text = sql.trim();
    const create = /^CREATE TABLE IF NOT EXISTS ("?\w+"?) \((.+)\)$/s.exec(text);
    if (create) {
      const name = unquote(create[1]!);
      if (!this.tables.has(name)) {
        const columns = create[2]!
          .split(',')
          .map((definition) => unquote(definition.trim().split(/\s+/)[0]!));
        this.tables.set(name, { columns, rows: [] });
      }
      return;
    }
    const remove = /^DELETE FROM ("?\w+"?) WHERE (.+)$/s.exec(text);
    if (remove) {
      const table = this.table(unquote(remove[1]!));
      const where = parseWhere(remove[2], params);
      table.rows = table.rows.filter((row) => !where(row, this.tables));
      return;
    }
    throw new Error(`fake warehouse: cannot run ${sql}`);
  }

  async append(tableName: string, batch: ColumnBatch): Promise<void> {
    this.appends++;
    if (this.failOnAppend !== undefined && this.appends >= this.failOnAppend) {
      throw new Error('fake warehouse: simulated crash while appending');
    }
    const table = this.table(tableName);
    for (const name of Object.keys(batch.columns)) {
      if (!table.columns.includes(name))
        throw new Error(`fake warehouse: table ${tableName} has no column ${name}`);
    }
    for (let index = 0; index < batch.rowCount; index++) {
      const row: Row = {};
      for (const column of table.columns) row[column] = batch.columns[column]?.[index] ?? null;
      table.rows.push(row);
    }
  }

  async transaction<T>(work: (warehouse: ImportWarehouse) => Promise<T>): Promise<T> {
    const snapshot = new Map(
      [...this.tables].map(([name, table]) => [name, { columns: table.columns, rows: [...table.rows] }]),
    );
    try {
      return await work(this);
    } catch (error) {
      this.tables = snapshot;
      throw error;
    }
  }

  private table(name: string): FakeTable {
    const table = this.tables.get(name);
    if (!table) throw new Error(`fake warehouse: no table ${name}`);
    return table;
  }
}

/** The fact tables, as the store's migrations will create them (for tests of a bare warehouse). */
export async function createFactTables(warehouse: ImportWarehouse): Promise<void> {
  for (const fact of FACTS) {
    const columns = [
      `"date" DATE`,
      ...fact.dimensions.map((dimension) => `"${dimension}" VARCHAR`),
      ...factMeasureColumns(fact.id).map((measure) => `"${measure}" DOUBLE`),
      `"import_id" VARCHAR`,
    ];
    await warehouse.run(`CREATE TABLE IF NOT EXISTS "${fact.table}" (${columns.join(', ')})`);
  }
}
