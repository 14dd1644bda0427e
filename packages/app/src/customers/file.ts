/**
 * `markpi ltv fit FILE`: the two models fitted on a per-customer summary file — repeat
 * purchases, time of the last purchase and age since the first, in one time unit, and
 * optionally the mean value of the repeat purchases — so a fit can be checked against
 * published results (CDNOW). Columns are found by name as imports find headers.
 */
import { type CustomerSummary, MarkpiError, type Problem, type TimeUnit } from '@markpi/core';
import { cellText, type ImportSource, type RawCell } from '@markpi/importers';
import { readNamedColumns } from '../attribution/table-file.js';
import { fitSummaries, type LtvFit } from './customers.js';

export interface LtvFileOptions {
  customerColumn: string;
  frequencyColumn: string;
  recencyColumn: string;
  ageColumn: string;
  monetaryColumn?: string | undefined;
  /** The file's time unit, said back in the answer; default week. */
  unit?: TimeUnit | undefined;
  /** Units ahead projected; default 52. */
  horizon?: number | undefined;
}

const MAX_PROBLEMS = 50;

function numberOf(cell: RawCell): number | undefined {
  if (typeof cell === 'number') return cell;
  const text = cellText(cell).trim().replaceAll(',', '');
  if (text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export async function fitLtvFile(file: ImportSource | string, options: LtvFileOptions): Promise<LtvFit> {
  const table = await readNamedColumns(file, {
    customer: { name: options.customerColumn, flag: '--customer-column' },
    frequency: { name: options.frequencyColumn, flag: '--frequency-column' },
    recency: { name: options.recencyColumn, flag: '--recency-column' },
    age: { name: options.ageColumn, flag: '--age-column' },
    monetary:
      options.monetaryColumn === undefined
        ? undefined
        : { name: options.monetaryColumn, flag: '--monetary-column' },
  });
  const problems: Problem[] = [];
  const customers: CustomerSummary[] = [];
  for (const { row, cells } of table.rows) {
    const read = (key: 'frequency' | 'recency' | 'age' | 'monetary', column: string) => {
      const value = numberOf(cells[key] ?? null);
      if (value === undefined && problems.length < MAX_PROBLEMS) {
        problems.push({
          file: table.file,
          row,
          column,
          message: `\`${cellText(cells[key] ?? null)}\` is not a number`,
        });
      }
      return value;
    };
    const frequency = read('frequency', options.frequencyColumn);
    const recency = read('recency', options.recencyColumn);
    const age = read('age', options.ageColumn);
    const monetary = options.monetaryColumn === undefined ? 0 : read('monetary', options.monetaryColumn);
    if (frequency === undefined || recency === undefined || age === undefined || monetary === undefined)
      continue;
    customers.push({
      customer: cellText(cells.customer),
      firstDate: '',
      firstChannel: '',
      frequency,
      recency,
      age,
      monetary,
      orders: frequency + 1,
      value: 0,
    });
  }
  if (problems.length > 0) {
    throw new MarkpiError('customers.invalid_input', `${table.file}: some cells are not numbers`, problems);
  }
  const unit = options.unit ?? 'week';
  const fit = fitSummaries(customers, {
    unit,
    horizon: options.horizon ?? (unit === 'week' ? 52 : 365),
    through: null,
  });
  // A file knows no channels: the spend fit is reported only when it was given spend.
  return options.monetaryColumn === undefined ? { ...fit, spend: null, channels: [], notes: [] } : fit;
}
