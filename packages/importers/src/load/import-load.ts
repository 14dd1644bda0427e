/**
 * One import's writes, all-or-nothing on every engine. An engine without atomic transactions
 * (ClickHouse) brings its own `loadImport` (staging, then a partition swap); on an engine with
 * real transactions (DuckDB) the same work runs inside one transaction, with the SQL below.
 */
import { type EngineTarget, engineTarget } from './engine-csv.js';
import type {
  CellValue,
  ImportLoad,
  ImportLoadPlan,
  ImportReplacement,
  ImportWarehouse,
} from './warehouse.js';

/** A load, plus the engine itself when it can read a CSV file straight into the load. */
export interface ImportLoadWithEngine extends ImportLoad {
  engine?: EngineTarget;
}

export function loadImport<T>(
  warehouse: ImportWarehouse,
  plan: ImportLoadPlan,
  work: (load: ImportLoadWithEngine) => Promise<T>,
): Promise<T> {
  if (warehouse.loadImport) return warehouse.loadImport(plan, work);
  return warehouse.transaction(async (transaction) => {
    if (plan.forget) await forgetEarlierLoad(transaction, plan, plan.forget);
    // Engines that read CSV files themselves do it inside this transaction; others stream.
    const engine = engineTarget(transaction);
    return work({
      append: (table, batch) => transaction.append(table, batch),
      replaceOlderRows: (replacement) => deleteReplacedRows(transaction, plan, replacement),
      ...(engine ? { engine } : {}),
    });
  });
}

/** Removes everything an earlier load of the same import id wrote (a forced re-import). */
async function forgetEarlierLoad(
  warehouse: ImportWarehouse,
  plan: ImportLoadPlan,
  tables: readonly string[],
): Promise<void> {
  const { dialect } = warehouse;
  const id = dialect.parameter(0, 'text');
  for (const table of tables) {
    await warehouse.run(`DELETE FROM ${dialect.quote(table)} WHERE import_id = ${id}`, [plan.importId]);
  }
  await warehouse.run(`DELETE FROM ${dialect.quote(plan.log.table)} WHERE ${plan.log.idColumn} = ${id}`, [
    plan.importId,
  ]);
}

/**
 * Deletes the rows the import replaces. The keys are read from the rows this import has just
 * appended inside the same transaction, so one statement covers any number of accounts.
 */
async function deleteReplacedRows(
  warehouse: ImportWarehouse,
  plan: ImportLoadPlan,
  replacement: ImportReplacement,
): Promise<number> {
  const { dialect } = warehouse;
  const table = dialect.quote(replacement.table);
  const params: CellValue[] = [replacement.from, replacement.to, plan.importId];
  // A period row goes when any of its days falls in the range, not only its first.
  const lastDay = dialect.quote(replacement.lastDayColumn ?? 'date');
  const conditions = [
    `${lastDay} >= ${dialect.parameter(0, 'date')}`,
    `${dialect.quote('date')} <= ${dialect.parameter(1, 'date')}`,
    `import_id <> ${dialect.parameter(2, 'text')}`,
  ];
  if (replacement.sameLogValue) {
    params.push(replacement.sameLogValue.value);
    conditions.push(
      `import_id IN (SELECT ${plan.log.idColumn} FROM ${dialect.quote(plan.log.table)} WHERE ${replacement.sameLogValue.column} = ${dialect.parameter(3, 'text')})`,
    );
  }
  const sameKey = replacement.keyColumns
    .map((column) => `fresh.${dialect.quote(column)} IS NOT DISTINCT FROM ${table}.${dialect.quote(column)}`)
    .join(' AND ');
  const keysFrom = dialect.quote(replacement.keysFrom ?? replacement.table);
  conditions.push(
    `EXISTS (SELECT 1 FROM ${keysFrom} AS fresh WHERE fresh.import_id = ${dialect.parameter(2, 'text')}${sameKey ? ` AND ${sameKey}` : ''})`,
  );
  const where = conditions.join(' AND ');
  const [counted] = await warehouse.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params);
  const count = Number(counted?.n ?? 0);
  if (count > 0) await warehouse.run(`DELETE FROM ${table} WHERE ${where}`, params);
  return count;
}
