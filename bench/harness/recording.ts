/**
 * What a benchmark of a use case against "the queries it needs" shares: a warehouse that records
 * every read (to replay the same statements on their own), and the `--runs N` and size arguments.
 */
import type { CellValue } from '@markpi/core';
import type { Warehouse } from '@markpi/store';

export interface Statement {
  sql: string;
  params: readonly CellValue[] | undefined;
}

/** The warehouse, with every read also written to `log`. */
export function recording(warehouse: Warehouse, log: Statement[]): Warehouse {
  return new Proxy(warehouse, {
    get(target, property) {
      if (property === 'query')
        return (sql: string, params?: readonly CellValue[]) => {
          log.push({ sql, params });
          return target.query(sql, params);
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** `--runs N` from the arguments (a positive whole number), else `fallback`. */
export function runsFrom(args: readonly string[], fallback: number): number {
  const index = args.indexOf('--runs');
  const runs = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive whole number');
  return runs;
}

/** The row counts named in the arguments (whole numbers not following `--runs`), else `fallback`. */
export function sizesFrom(args: readonly string[], fallback: readonly number[]): number[] {
  const sizes = args.filter((arg, index) => /^\d+$/.test(arg) && args[index - 1] !== '--runs').map(Number);
  return sizes.length > 0 ? sizes : [...fallback];
}
