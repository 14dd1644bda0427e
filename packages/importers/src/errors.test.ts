import { say } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { importError } from './errors.js';

describe('an import’s refusal', () => {
  it('carries the key its problem is said from, so a client says it in Chinese', () => {
    const error = importError('import.currency_unknown', {
      file: 'ga4.csv',
      row: 10,
      column: 'Total revenue',
      message: '"Total revenue" is an amount but the file does not say in which currency',
      said: { key: 'import.error.currency_unknown', params: { column: 'Total revenue' } },
      hint: 'name the currency of the whole file (e.g. USD)',
    });
    expect(error.message).toBe(
      'ga4.csv:10:Total revenue: "Total revenue" is an amount but the file does not say in which currency (name the currency of the whole file (e.g. USD))',
    );
    expect(say(error.said, 'en')).toBe(
      '“Total revenue” is an amount but the file does not say in which currency',
    );
    expect(say(error.said, 'zh')).toBe('“Total revenue”是金额，但文件没有注明币种');
    // Worded for any reader: no command-line flag in the message or the hint.
    expect(`${error.message} ${error.problems[0]?.hint}`).not.toMatch(/--[a-z]/);
  });

  it('falls back to its kind’s sentence when the problem has no key', () => {
    const error = importError('import.no_header', { file: 'x.csv', message: 'no header row found' });
    expect(say(error.said, 'zh')).toBe('请求的内容有误，无法按此处理，请检查后重试');
    expect(say(error.said, 'en')).toBe(error.message);
  });
});
