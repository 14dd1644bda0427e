import { describe, expect, it } from 'vitest';
import { describeCsvWriter } from '../../core/src/csv-injection.suite.js';
import { csvOf, renderRows } from './output.js';

describeCsvWriter('markpi --format csv', {
  write: (table) =>
    renderRows(
      table.rows.map(([campaign, roi]) => ({ campaign, roi })),
      [
        { key: 'campaign', role: 'dimension' },
        { key: 'roi', role: 'kpi', kpi: 'roi', unit: 'multiple' },
      ],
      'csv',
    ),
  textField: 0,
  numberField: 1,
  writesHeader: true,
});

// The CSV of every other command (creators, cohorts, LTV, lift, attribution, audiences, search
// visibility) is written by `csvOf`.
describeCsvWriter('the commands’ CSV', {
  write: (table) =>
    csvOf(
      table.rows.map(([name, value]) => ({ name, value })),
      { header: true },
    ),
  textField: 0,
  numberField: 1,
  writesHeader: true,
});

describe('markpi --format csv', () => {
  it('writes a campaign named like a formula as text and a negative change as a number', () => {
    const csv = renderRows([{ campaign: '=1+1', roi__change: -0.25 }], ['campaign', 'roi__change'], 'csv');
    expect(csv).toBe("campaign,roi__change\n'=1+1,-0.25\n");
  });
});
