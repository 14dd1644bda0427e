/**
 * Typed placeholders `{pN:Type}` are sent as server-side query parameters where the server
 * supports them. ClickHouse 18.16 (Debian's) does not, so there they are rendered here, by one
 * function that accepts only what its type allows: finite numbers, real calendar dates, and
 * strings escaped by ClickHouse's own rules. Nothing else ever turns a value into SQL text.
 */
import { isValidIsoDate, MarkpiError } from '@markpi/core';
import type { CellValue } from '../warehouse.js';

const PLACEHOLDER = /\{p(\d+):(String|Float64|Date)\}/g;

export function escapeString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\0', '\\0').replaceAll('\n', '\\n').replaceAll('\r', '\\r')}'`;
}

/** 2^600: scales any subnormal double into the normal range and back, exactly. */
const SUBNORMAL_SCALE = 2 ** 600;

/**
 * A finite double as SQL the 18.16 parser reads back exactly. Literals are read correctly
 * rounded, but one below the normal range (`5e-324`) is a syntax error there: it is written as a
 * normal number times a power of two, whose product is exactly the value again.
 */
function numberLiteral(number: number): string {
  if (number === 0 || Math.abs(number) >= 2 ** -1022) return `toFloat64(${String(number)})`;
  return `(toFloat64(${String(number * SUBNORMAL_SCALE)}) * toFloat64(${String(1 / SUBNORMAL_SCALE)}))`;
}

function literal(value: CellValue, type: string, index: number): string {
  if (value === null) return 'NULL';
  switch (type) {
    case 'Float64': {
      const number = typeof value === 'number' ? value : Number.NaN;
      if (!Number.isFinite(number))
        throw new MarkpiError('bad_parameter', `parameter ${index} is not a finite number`);
      return numberLiteral(number);
    }
    case 'Date': {
      const text = String(value);
      if (!isValidIsoDate(text)) throw new MarkpiError('bad_parameter', `parameter ${index} is not a date`);
      return `toDate('${text}')`;
    }
    default:
      return escapeString(String(value));
  }
}

/** Renders every placeholder in one pass, so text inside a value is never scanned again. */
export function renderParameters(sql: string, params: readonly CellValue[]): string {
  return sql.replace(PLACEHOLDER, (_match, index: string, type: string) => {
    const position = Number(index);
    if (position >= params.length)
      throw new MarkpiError('bad_parameter', `no value for parameter ${position}`);
    return literal(params[position] ?? null, type, position);
  });
}

/** The same values as server-side query parameters, named as the placeholders name them. */
export function parameterObject(params: readonly CellValue[]): Record<string, CellValue> {
  return Object.fromEntries(params.map((value, index) => [`p${index}`, value]));
}
