/**
 * Header → field binding for a chosen profile: one column per field (the profile's preferred
 * one), refusing duplicated headers and reporting what is missing with the row and column.
 */
import { closestNames } from '@markpi/core';
import { importError } from '../errors.js';
import { matchHeader } from '../platforms/recognize.js';
import type { ImportProfile } from '../platforms/types.js';
import { normalizeHeader } from '../read/header.js';
import type { BoundColumn } from './rows.js';
import type { ColumnReport } from './types.js';

export interface Binding {
  columns: BoundColumn[];
  report: ColumnReport[];
}

export function bindColumns(
  profile: ImportProfile,
  headers: readonly string[],
  fileName: string,
  headerRow: number,
): Binding {
  const normalized = headers.map(normalizeHeader);
  const chosen = new Map<string, { column: BoundColumn; order: number }>();
  const report: ColumnReport[] = [];
  normalized.forEach((name, index) => {
    if (name === '') return;
    const header = headers[index]!;
    const match = matchHeader(profile, name);
    const entry: ColumnReport = { header, column: index + 1, field: null };
    report.push(entry);
    if (!match) return;
    entry.kind = match.rule.kind;
    if (match.rule.kind === 'ignore') return;
    entry.field = match.rule.field;
    const column: BoundColumn = {
      index,
      header,
      field: match.rule.field,
      kind: match.rule.kind,
      rule: match.rule,
      ...(match.currency ? { currency: match.currency } : {}),
    };
    const existing = chosen.get(match.rule.field);
    if (!existing) {
      chosen.set(match.rule.field, { column, order: match.order });
      return;
    }
    if (normalized[existing.column.index] === name) {
      throw importError('import.duplicate_header', {
        file: fileName,
        row: headerRow,
        column: header,
        message: `columns ${existing.column.index + 1} and ${index + 1} are both headed "${header}"; markpi cannot tell which one to load`,
        hint: 'remove or rename one of them',
      });
    }
    if (match.order < existing.order) {
      const shadowed = report.find((item) => item.column === existing.column.index + 1);
      if (shadowed) shadowed.shadowedBy = header;
      chosen.set(match.rule.field, { column, order: match.order });
    } else {
      entry.shadowedBy = existing.column.header;
    }
  });
  const columns = [...chosen.values()].map((item) => item.column).sort((a, b) => a.index - b.index);
  return { columns, report };
}

/** A mapping names its columns: every one must be in the file. */
export function checkMappedColumnsPresent(
  profile: ImportProfile,
  headers: readonly string[],
  fileName: string,
  headerRow: number,
): void {
  const present = new Set(headers.map(normalizeHeader));
  const missing = profile.rules.flatMap((rule) =>
    rule.headers.filter(
      (header): header is string => typeof header === 'string' && !present.has(normalizeHeader(header)),
    ),
  );
  if (missing.length === 0) return;
  const problems = missing.map((header) => {
    const close = closestNames(
      header,
      headers.filter((name) => name.trim() !== ''),
      1,
    );
    return {
      file: fileName,
      row: headerRow,
      column: header,
      message: `the mapping expects a column "${header}" that the file's header does not have`,
      ...(close.length > 0 ? { hint: `did you mean "${close[0]}"?` } : {}),
    };
  });
  throw importError('import.missing_column', problems[0]!, problems.slice(1));
}

/** The headers a profile would accept for a field, for "expected one of …" messages. */
export function headersFor(profile: ImportProfile, fields: readonly string[], limit = 6): string[] {
  return profile.rules
    .filter((rule) => fields.includes(rule.field))
    .flatMap((rule) => rule.headers.filter((header): header is string => typeof header === 'string'))
    .slice(0, limit);
}
