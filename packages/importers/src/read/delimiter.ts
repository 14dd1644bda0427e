/**
 * Picks the field delimiter from the first lines of a text export. Preamble lines (report
 * titles, date ranges, GA4 `#` comments) have few or no delimiters, so the choice rests on
 * the delimiter that splits the most lines into the same, largest number of fields.
 */
export type Delimiter = ',' | ';' | '\t' | '|';

const CANDIDATES: readonly Delimiter[] = ['\t', ',', ';', '|'];

/** Delimiters outside double quotes on one line. */
function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === delimiter) count++;
  }
  return count;
}

export function sniffDelimiter(headText: string, maxLines = 60): Delimiter {
  const lines = headText
    .split(/\r?\n/)
    .slice(0, maxLines)
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  // The head may end mid-line; a partial last line would skew the counts.
  if (lines.length > 1) lines.pop();
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of CANDIDATES) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter)).filter((count) => count > 0);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    // Lines agreeing on one field count, weighted by how many fields that is.
    let score = 0;
    for (const [fields, lineCount] of frequency) score = Math.max(score, lineCount * Math.log2(fields + 1));
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}
