/**
 * A file's shape, for remembering the mapping a user made for it: the next export of the same
 * report has the same columns and is read the same way without asking again.
 *
 * Convention: the header's non-empty cells, each normalised as mappings match headers (case,
 * spacing, fullwidth forms), as a set — sorted and deduplicated, so a column moved or repeated
 * does not make another shape — then SHA-256 in hex. Titles above the header and the rows below
 * it play no part.
 */
import { createHash } from 'node:crypto';
import { normalizeHeader } from '../read/header.js';

export function headerFingerprint(headers: readonly string[]): string {
  const names = [...new Set(headers.map(normalizeHeader).filter((name) => name !== ''))].sort();
  // A separator no header can hold keeps ["a b", "c"] apart from ["a", "b c"].
  return createHash('sha256').update(names.join('\u0000')).digest('hex');
}
