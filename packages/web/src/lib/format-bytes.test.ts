import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

describe('file sizes', () => {
  it('read as a number and a symbol, in both languages', () => {
    expect(formatBytes(564, 'en')).toBe('564 B');
    expect(formatBytes(564, 'zh-CN')).toBe('564 B');
    // By hand: 1536 / 1024 = 1.5; 5 · 1024² + 200 · 1024 bytes = 5.2 MB (5.195… rounded).
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024 + 200 * 1024, 'en')).toBe('5.2 MB');
    expect(formatBytes(1023, 'en')).toBe('1,023 B');
    expect(formatBytes(3 * 1024 ** 4, 'en')).toBe('3,072 GB');
  });
});
