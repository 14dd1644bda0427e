import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../read/source.js';
import { headerFingerprint } from './fingerprint.js';
import { fingerprintOfFile, suggestMappingForFile } from './suggest-file.js';

const source = (name: string, text: string) => bytesSource(name, new TextEncoder().encode(text));

const SHEET = `Date,Campaign,Orders,Revenue (CNY),Conversion Rate
2026-03-01,Spring Launch,96,4820.50,2.28%
2026-03-02,Newsletter,51,2210.00,2.83%
`;

describe('a header’s fingerprint', () => {
  it('is SHA-256 of the normalised names, sorted, joined by NUL', () => {
    // By hand: normalised names are lower case with spacing collapsed; sorted: campaign < date.
    const expected = createHash('sha256').update('campaign\u0000date').digest('hex');
    expect(headerFingerprint(['Date', 'Campaign'])).toBe(expected);
  });

  it('ignores order, case, spacing, fullwidth forms, repeats and empty cells', () => {
    const shape = headerFingerprint(['Date', 'Campaign', 'Revenue (CNY)']);
    expect(headerFingerprint(['revenue(CNY)', '  DATE ', 'Campaign', '', 'Date'])).toBe(shape);
    expect(headerFingerprint(['Ｄａｔｅ', 'Campaign', 'Revenue （CNY）'])).toBe(shape);
  });

  it('tells apart headers that differ by one column or by where words split', () => {
    const shape = headerFingerprint(['Date', 'Campaign', 'Orders']);
    expect(headerFingerprint(['Date', 'Campaign'])).not.toBe(shape);
    expect(headerFingerprint(['Date', 'Campaign', 'Orders', 'Spend'])).not.toBe(shape);
    expect(headerFingerprint(['a b', 'c'])).not.toBe(headerFingerprint(['a', 'b c']));
  });

  it('of a file: its header below any title lines, the same whatever its rows', async () => {
    const titled = `Shop report\nMarch 2026\n${SHEET}`;
    const otherRows = `${SHEET.split('\n')[0]}\n2026-04-01,Autumn,3,10.00,1.00%\n`;
    const shape = headerFingerprint(['Date', 'Campaign', 'Orders', 'Revenue (CNY)', 'Conversion Rate']);
    await expect(fingerprintOfFile(source('a.csv', SHEET))).resolves.toBe(shape);
    await expect(fingerprintOfFile(source('b.csv', titled))).resolves.toBe(shape);
    await expect(fingerprintOfFile(source('c.csv', otherRows))).resolves.toBe(shape);
    expect((await suggestMappingForFile(source('a.csv', SHEET))).fingerprint).toBe(shape);
  });
});
