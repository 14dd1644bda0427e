import { describe, expect, it } from 'vitest';
import { type ColumnMapping, fieldOf, withChannel, withField } from './mapping-draft';

const DRAFT: ColumnMapping = {
  name: 'shop',
  target: 'performance',
  columns: {
    Date: 'date',
    Orders: 'conversions',
    'Spend (fen)': { field: 'spend', unit: 'fen' },
  },
  currency: 'CNY',
};

describe('editing a column mapping', () => {
  it('maps a column left out, and leaves it out again', () => {
    const mapped = withField(DRAFT, 'Paid', 'clicks');
    expect(mapped.columns).toEqual({ ...DRAFT.columns, Paid: 'clicks' });
    expect(withField(mapped, 'Paid', '').columns).toEqual(DRAFT.columns);
    expect(DRAFT.columns.Paid).toBeUndefined();
  });

  it('one column per field: the column that filled it before is left out', () => {
    const moved = withField(DRAFT, 'Paid', 'conversions');
    expect(moved.columns).toEqual({
      Date: 'date',
      'Spend (fen)': { field: 'spend', unit: 'fen' },
      Paid: 'conversions',
    });
  });

  it('keeps a column’s unit while its field stays, and drops it with another field', () => {
    expect(withField(DRAFT, 'Spend (fen)', 'spend').columns['Spend (fen)']).toEqual({
      field: 'spend',
      unit: 'fen',
    });
    expect(withField(DRAFT, 'Spend (fen)', 'clicks').columns['Spend (fen)']).toBe('clicks');
    expect(fieldOf(DRAFT.columns['Spend (fen)'])).toBe('spend');
    expect(fieldOf(undefined)).toBe('');
  });

  it('sets and clears the channel of every row, the rest untouched', () => {
    const meta = withChannel(DRAFT, 'meta');
    expect(meta).toEqual({ ...DRAFT, channel: 'meta' });
    expect(withChannel(meta, '')).toEqual(DRAFT);
    expect('channel' in withChannel(meta, '')).toBe(false);
  });
});
