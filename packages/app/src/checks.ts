/** Checks every use case makes of its input before it asks the warehouse anything. */
import { type Catalog, MarkpiError } from '@markpi/core';
import { checkFormulaText } from './analytics/formula.js';

/**
 * A condition on dimensions, checked up front: a scorecard or suggestion would otherwise report a
 * broken condition as every KPI being unavailable. `path` names where the condition came from.
 */
export function checkFilter(catalog: Catalog, condition: string, path = 'filter'): string {
  const checked = checkFormulaText(catalog, { formula: condition, mode: 'filter' });
  if (!checked.valid) {
    throw new MarkpiError(
      'invalid_filter',
      'the condition is not valid',
      checked.problems.map((problem) => ({ ...problem, path })),
    );
  }
  return condition;
}

export function checkPeriod(from: string, to: string): void {
  if (from > to) {
    throw new MarkpiError('invalid_request', `\`from\` (${from}) must not be after \`to\` (${to})`, [
      { message: 'after `to`', path: 'from', hint: 'give a first day on or before the last day' },
    ]);
  }
}
