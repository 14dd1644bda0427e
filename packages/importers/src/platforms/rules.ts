/** Small builders that keep the platform vocabularies readable. */
import type { ColumnRule, HeaderPattern, ValueKind } from './types.js';

type RuleOptions = Omit<ColumnRule, 'field' | 'kind' | 'headers'>;

export function column(
  field: string,
  kind: ValueKind,
  headers: readonly HeaderPattern[],
  options: RuleOptions = {},
): ColumnRule {
  return { field, kind, headers, ...options };
}

/** Columns the platform exports that are not stored: rates, costs per result, statuses. */
export function ignored(headers: readonly HeaderPattern[], options: RuleOptions = {}): ColumnRule {
  return { field: 'ignored', kind: 'ignore', headers, ...options };
}

/** A money column whose header may end in `(XXX)` naming its currency. */
export function moneyWithCurrency(names: readonly string[]): RegExp {
  const alternatives = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`^(?:${alternatives})(?:\\((?<currency>[a-z]{3}|元|人民币)\\))?$`);
}
