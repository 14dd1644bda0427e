/**
 * A table with sortable columns. Sorting is local by default; pass `sort` and `onSort` to let
 * the server sort (the comparison tables page through more rows than they hold).
 */
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './data-table.css';

export interface TableColumn<Row> {
  key: string;
  header: ReactNode;
  /** Numbers are right-aligned so digits line up. */
  numeric?: boolean;
  render: (row: Row) => ReactNode;
  /** Value to sort by; columns without one can't be sorted. */
  sortValue?: (row: Row) => string | number | null;
  title?: string;
  className?: string;
}

export interface SortState {
  key: string;
  order: 'asc' | 'desc';
}

function compare(a: string | number | null, b: string | number | null): number {
  // Empty cells sort last either way, as the server does.
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  sort: controlledSort,
  onSort,
  initialSort,
  rowClassName,
  apart,
  caption,
  testId,
  maxHeight,
}: {
  columns: TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  sort?: SortState | null;
  onSort?: (sort: SortState) => void;
  initialSort?: SortState;
  rowClassName?: (row: Row) => string | undefined;
  /** Rows kept after the others whatever the sort (the row without an entity in a ranking). */
  apart?: (row: Row) => boolean;
  caption?: string;
  testId?: string;
  maxHeight?: number;
}) {
  const { t } = useTranslation();
  const [localSort, setLocalSort] = useState<SortState | null>(initialSort ?? null);
  const sort = controlledSort !== undefined ? controlledSort : localSort;

  const sorted = useMemo(() => {
    if (onSort || !sort) return rows;
    const column = columns.find((entry) => entry.key === sort.key);
    if (!column?.sortValue) return rows;
    const value = column.sortValue;
    const copy = rows.filter((row) => !apart?.(row));
    copy.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || vb === null) return compare(va, vb);
      return sort.order === 'asc' ? compare(va, vb) : compare(vb, va);
    });
    return apart ? [...copy, ...rows.filter(apart)] : copy;
  }, [rows, columns, sort, onSort, apart]);

  const toggle = (column: TableColumn<Row>) => {
    if (!column.sortValue) return;
    const next: SortState =
      sort?.key === column.key
        ? { key: column.key, order: sort.order === 'desc' ? 'asc' : 'desc' }
        : { key: column.key, order: column.numeric ? 'desc' : 'asc' };
    if (onSort) onSort(next);
    else setLocalSort(next);
  };

  return (
    <div className="table-wrap" style={maxHeight ? { maxHeight } : undefined}>
      <table className="data-table" data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort?.key === column.key;
              const ariaSort = active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th
                  key={column.key}
                  className={
                    [column.numeric ? 'num' : '', column.className ?? ''].join(' ').trim() || undefined
                  }
                  aria-sort={ariaSort}
                  title={column.title}
                  scope="col"
                >
                  {column.sortValue ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => toggle(column)}
                      title={t('table.sort')}
                    >
                      {column.header}
                      <span className={`sort-indicator${active ? ' active' : ''}`} aria-hidden="true">
                        {active ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row, index) => (
            <tr key={rowKey(row, index)} className={rowClassName?.(row)}>
              {columns.map((column) => (
                <td
                  key={column.key}
                  className={
                    [column.numeric ? 'num' : '', column.className ?? ''].join(' ').trim() || undefined
                  }
                >
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
