import { CHANNELS, type Said, say } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { importFile } from './load/import-files.js';
import { parseDate } from './parse/dates.js';
import { parseNumber } from './parse/numbers.js';
import { parseTime } from './parse/times.js';
import { bytesSource } from './read/source.js';
import { said } from './said.js';
import { openTestWorkspace } from './testing/workspace.js';

/** The English the importers wrote before their reasons became messages, written out again. */
const before = {
  cells: (cells: number, header: number) =>
    `the row has ${cells} cells but the header has ${header}${cells < header ? ' (the file may be cut off or a cell may hold an unquoted delimiter)' : ''}`,
  closed: (text: string, field: string, allowed: readonly string[]) =>
    `"${text}" is not a ${field.replace('_', ' ')} (${allowed.join(', ')})`,
  negative: (field: string, text: string) =>
    `${field} is negative (${text}); platforms never report a negative ${field}${field === 'spend' ? ' — refunds belong in the cost ledger' : ''}`,
  channel: (written: string) => `"${written}" is not a channel (${CHANNELS.join(', ')})`,
  percent: (text: string, money: boolean) =>
    `"${text}" is a percentage, but this column holds ${money ? 'amounts' : 'counts'}`,
};

const value = (dimension: string, entry: string) => said('import.reason.value', { dimension, value: entry });

describe('reasons as messages', () => {
  it('say in English what the importers always wrote, for a grid of inputs', () => {
    for (const [cells, header] of [
      [3, 6],
      [7, 6],
      [1, 1200],
    ] as const) {
      const key = cells < header ? 'import.reason.cells_short' : 'import.reason.cells_long';
      expect(say(said(key, { cells: `${cells}`, header: `${header}` }), 'en')).toBe(
        before.cells(cells, header),
      );
    }
    for (const [field, allowed] of [
      ['traffic_type', ['paid', 'organic']],
      ['cost_type', ['agency', 'production', 'creator_fee']],
    ] as const) {
      const message = said('import.reason.not_a_value', {
        value: 'x y',
        field,
        allowed: allowed.map((entry) => value(field, entry)),
      });
      expect(say(message, 'en')).toBe(before.closed('x y', field, allowed));
    }
    for (const field of ['spend', 'conversion_value', 'amount']) {
      const key = field === 'spend' ? 'import.reason.negative_spend' : 'import.reason.negative';
      expect(say(said(key, { field, value: '-1,5' }), 'en')).toBe(before.negative(field, '-1,5'));
    }
    const channels = CHANNELS.map((channel) => value('channel', channel));
    expect(say(said('import.reason.not_a_channel', { value: 'TV', channels }), 'en')).toBe(
      before.channel('TV'),
    );
    for (const money of [true, false]) {
      const key = money ? 'import.reason.percent_not_amount' : 'import.reason.percent_not_count';
      expect(say(said(key, { value: '12%' }), 'en')).toBe(before.percent('12%', money));
    }
  });

  it('carry their message beside the English from every parser', () => {
    const refusals = [
      parseNumber('12abc'),
      parseDate('2026-02-30'),
      parseDate('03/04/2026'),
      parseTime('yesterday', 'UTC'),
      parseTime('12345678901', 'UTC'),
    ];
    for (const refusal of refusals) {
      if (refusal.ok) throw new Error('expected a refusal');
      expect(say(refusal.said, 'en')).toBe(refusal.reason);
      expect(say(refusal.said, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('keep a rejected row’s reason as a message: English as ever, Chinese from the same key', async () => {
    const csv =
      'Day,Campaign,Currency code,Cost,Impr.,Clicks\n2026-05-01,A,CNY,12.5,100,5\n2026-05-02,B,CNY,lots,x,5\n';
    const workspace = await openTestWorkspace();
    const report = await importFile(workspace, bytesSource('two.csv', new TextEncoder().encode(csv)), {
      dryRun: true,
    });
    const rejected = report.summary?.rejectedSample ?? [];
    const row = rejected[0]!;
    expect(row.reason).toBe('Cost: "lots" is not a number; Impr.: "x" is not a number');
    const message = row.said as Said;
    expect(say(message, 'en')).toBe(row.reason);
    expect(say(message, 'zh')).toBe('Cost：“lots”不是数字；Impr.：“x”不是数字');
  });
});
