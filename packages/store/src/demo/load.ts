/** Loads the demo data set into a warehouse whose tables exist (a migrated, empty workspace). */
import type { Warehouse } from '../warehouse.js';
import { generateFromPlan } from './generate.js';
import { type DemoOptions, planDemo } from './plan.js';

export interface LoadDemoOptions extends DemoOptions {
  /**
   * Load inside one transaction (all or nothing). Default true; turn it off for benchmark
   * sizes where one huge transaction costs more memory than it is worth.
   */
  atomic?: boolean;
}

export interface DemoSummary {
  seed: number;
  scale: number;
  /** Rows appended per table. */
  rows: Record<string, number>;
  totalRows: number;
}

/**
 * Appends every demo batch to `warehouse`. `onProgress` is called after each batch with the
 * rows appended so far and the total that will be appended.
 */
export async function loadDemo(
  warehouse: Warehouse,
  options: LoadDemoOptions = {},
  onProgress?: (rowsDone: number, rowsTotal: number) => void,
): Promise<DemoSummary> {
  const plan = planDemo(options);
  const rowsTotal = Object.values(plan.rowCounts).reduce((sum, count) => sum + count, 0);
  const rows: Record<string, number> = {};
  let rowsDone = 0;
  const work = async (target: Warehouse) => {
    for (const { table, batch } of generateFromPlan(plan)) {
      await target.append(table, batch);
      rows[table] = (rows[table] ?? 0) + batch.rowCount;
      rowsDone += batch.rowCount;
      onProgress?.(rowsDone, rowsTotal);
    }
  };
  if (options.atomic === false) await work(warehouse);
  else await warehouse.transaction(work);
  return { seed: plan.seed, scale: plan.scale, rows, totalRows: rowsDone };
}
