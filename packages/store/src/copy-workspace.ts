/**
 * Moves a workspace from one warehouse to another (DuckDB → ClickHouse when a team outgrows one
 * machine), then proves the copy: row counts per table and KPI totals per channel must agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Catalog, MarkpiError } from '@markpi/core';
import { valuesAgree } from './compare-values.js';
import { dataRange, PERFORMANCE_TABLES } from './data-range.js';
import { runKpiQuery } from './run-query.js';
import { ENTITY_TABLES, FACT_TABLES, type TableDefinition } from './schema.js';
import type { Warehouse } from './warehouse.js';

export interface CopyReport {
  tables: { table: string; sourceRows: number; targetRows: number }[];
  /** KPI totals per channel over all time, compared between the two warehouses. */
  checks: {
    kpi: string;
    channel: string | null;
    source: number | null;
    target: number | null;
    agree: boolean;
  }[];
  ok: boolean;
}

const CHECKED_KPIS = [
  'impressions',
  'clicks',
  'spend',
  'conversions',
  'conversion_value',
  'reach',
  'ctr',
  'roas',
  'interactions',
  'followers_total',
  'new_customers',
];

async function rowCount(warehouse: Warehouse, table: string): Promise<number> {
  const [row] = await warehouse.query(`SELECT count(*) AS n FROM ${warehouse.dialect.quote(table)}`);
  return Number(row?.n ?? 0);
}

function selectAll(warehouse: Warehouse, table: TableDefinition): string {
  const { dialect } = warehouse;
  const columns = table.columns.map((column) =>
    column.type === 'date'
      ? `${dialect.formatDate(dialect.quote(column.name))} AS ${dialect.quote(column.name)}`
      : dialect.quote(column.name),
  );
  return `SELECT ${columns.join(', ')} FROM ${dialect.quote(table.name)}`;
}

export async function copyWorkspace(
  source: Warehouse,
  target: Warehouse,
  catalog: Catalog,
  options: { replace?: boolean; onProgress?: (table: string, rows: number) => void } = {},
): Promise<CopyReport> {
  const tables = [...FACT_TABLES, ...ENTITY_TABLES];
  for (const table of tables) {
    if ((await rowCount(target, table.name)) > 0 && !options.replace) {
      throw new MarkpiError('target_not_empty', `the target already holds rows in ${table.name}`, [
        {
          message: `the target already holds rows in ${table.name}`,
          hint: 'copy into an empty database, or pass --replace to overwrite it',
        },
      ]);
    }
  }
  const report: CopyReport = { tables: [], checks: [], ok: true };
  for (const table of tables) {
    if (options.replace) await target.run(`TRUNCATE TABLE ${target.dialect.quote(table.name)}`);
    if (source.exportCsv && target.appendCsvFile) {
      // Both engines read and write CSV natively: no row passes through JavaScript.
      const folder = mkdtempSync(path.join(tmpdir(), 'markpi-copy-'));
      try {
        const file = path.join(folder, `${table.name}.csv`);
        await source.exportCsv(selectAll(source, table), file);
        await target.appendCsvFile(
          table.name,
          table.columns.map((column) => column.name),
          file,
        );
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    } else {
      let copied = 0;
      for await (const batch of source.scan(selectAll(source, table))) {
        await target.append(table.name, batch);
        copied += batch.rowCount;
        options.onProgress?.(table.name, copied);
      }
    }
    const sourceRows = await rowCount(source, table.name);
    const targetRows = await rowCount(target, table.name);
    options.onProgress?.(table.name, targetRows);
    report.tables.push({ table: table.name, sourceRows, targetRows });
    if (sourceRows !== targetRows) report.ok = false;
  }
  const verified = await verifyCopy(source, target, catalog);
  return { tables: report.tables, checks: verified.checks, ok: report.ok && verified.ok };
}

/** Compares KPI totals per channel over all the source's days between two warehouses. */
export async function verifyCopy(
  source: Warehouse,
  target: Warehouse,
  catalog: Catalog,
): Promise<Pick<CopyReport, 'checks' | 'ok'>> {
  const report: Pick<CopyReport, 'checks' | 'ok'> = { checks: [], ok: true };
  const range = await dataRange(source, PERFORMANCE_TABLES);
  if (range) {
    const query = { kpis: CHECKED_KPIS, dimensions: ['channel'], ...range };
    const [before, after] = [
      await runKpiQuery(source, catalog, query),
      await runKpiQuery(target, catalog, query),
    ];
    const afterByChannel = new Map(after.rows.map((row) => [row.channel ?? null, row]));
    for (const row of before.rows) {
      const other = afterByChannel.get(row.channel ?? null);
      for (const kpi of CHECKED_KPIS) {
        const sourceValue = typeof row[kpi] === 'number' ? (row[kpi] as number) : null;
        const targetValue = other && typeof other[kpi] === 'number' ? (other[kpi] as number) : null;
        const agree = valuesAgree(targetValue, sourceValue);
        report.checks.push({
          kpi,
          channel: (row.channel as string | null) ?? null,
          source: sourceValue,
          target: targetValue,
          agree,
        });
        if (!agree) report.ok = false;
      }
    }
    if (after.rows.length !== before.rows.length) report.ok = false;
  }
  return report;
}
