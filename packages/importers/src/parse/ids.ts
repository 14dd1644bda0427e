/**
 * IDs are text: `120253012345678901` must not become a float. Excel turns long IDs into
 * `1.20253E+17` on a round trip, losing digits for good; such IDs are kept but flagged.
 */
import type { Said } from '@markpi/core';
import type { RawCell } from '../read/records.js';
import { said } from '../said.js';

export interface IdResult {
  value: string | null;
  /** Set when the digits were already lost before markpi saw the file. */
  damaged?: Said;
}

export function parseId(cell: RawCell): IdResult {
  if (cell === null) return { value: null };
  if (typeof cell === 'number') {
    const text = Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
    return Number.isSafeInteger(cell)
      ? { value: text }
      : {
          value: text,
          damaged: said('import.warning.id_digits_lost', { value: text }),
        };
  }
  const text = (typeof cell === 'string' ? cell : String(cell.fraction)).trim();
  if (text === '' || text === '-' || text === '--') return { value: null };
  if (/^\d+(?:[.,]\d+)?[eE]\+?\d+$/.test(text)) {
    return {
      value: text,
      damaged: said('import.warning.id_scientific', { value: text }),
    };
  }
  // Shop exports write long order numbers as a formula, `="1234567890123"`, so Excel keeps them
  // as text; the value is the text inside.
  const formula = /^="(.*)"$/.exec(text);
  if (formula) return { value: formula[1]!.trim() === '' ? null : formula[1]!.trim() };
  // Excel writes integer IDs saved from a number cell as `123.0`.
  return { value: /^\d+\.0$/.test(text) ? text.slice(0, -2) : text };
}
