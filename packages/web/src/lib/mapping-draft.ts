/** Edits of a column mapping in the imports page's editor, as pure functions of the mapping. */

export type MappedColumn = string | { field: string; unit?: string; currency?: string; rateOf?: string };

/** A column mapping as `markpi import --mapping` reads it. */
export interface ColumnMapping {
  name: string;
  target: string;
  columns: Record<string, MappedColumn>;
  channel?: string;
  trafficType?: string;
  currency?: string;
  dateOrder?: string;
  timeZone?: string;
  constants?: Record<string, string>;
  notes?: string[];
}

export const fieldOf = (mapped: MappedColumn | undefined): string =>
  mapped === undefined ? '' : typeof mapped === 'string' ? mapped : mapped.field;

/**
 * The mapping with `header` filling `field` ('' leaves the column out). One column fills a
 * field, so a column that filled it before is left out; a column keeping its field keeps its
 * unit and currency.
 */
export function withField(mapping: ColumnMapping, header: string, field: string): ColumnMapping {
  const columns: Record<string, MappedColumn> = {};
  for (const [other, mapped] of Object.entries(mapping.columns)) {
    if (other === header || (field !== '' && fieldOf(mapped) === field)) continue;
    columns[other] = mapped;
  }
  if (field !== '') {
    const before = mapping.columns[header];
    columns[header] = before !== undefined && fieldOf(before) === field ? before : field;
  }
  return { ...mapping, columns };
}

export function withChannel(mapping: ColumnMapping, channel: string): ColumnMapping {
  const { channel: _previous, ...rest } = mapping;
  return channel === '' ? rest : { ...rest, channel };
}
