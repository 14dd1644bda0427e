import { describe, expect, it } from 'vitest';
import { CUSTOMERS_MESSAGE_KEYS, sayCustomers } from './messages.js';

const PARAMS = {
  amount: 1234.5,
  model: 'bgnbd',
  month: '2026-04',
  date: '2026-04-12',
  customers: 3,
  holdout: 26,
  unit: 'week',
  modelError: 0.41,
  naiveError: 0.77,
};

describe('customer messages', () => {
  it('says every key in English and Chinese, each with its numbers', () => {
    for (const key of CUSTOMERS_MESSAGE_KEYS) {
      const english = sayCustomers({ key, params: PARAMS }, 'en');
      const chinese = sayCustomers({ key, params: PARAMS }, 'zh');
      expect(english).not.toMatch(/undefined|NaN/);
      expect(chinese).not.toMatch(/undefined|NaN/);
      expect(chinese).toMatch(/[\u4e00-\u9fff]/);
      expect(english).not.toBe(chinese);
    }
    expect(sayCustomers({ key: 'customers.backtest', params: PARAMS }, 'zh')).toBe(
      '预测未来 26 周：模型每位客户的平均绝对误差为 0.41 次购买，朴素平均频率法为 0.77 次',
    );
    expect(sayCustomers({ key: 'customers.not_converged', params: PARAMS }, 'en')).toBe(
      'The BG/NBD purchase model fit did not converge; treat its parameters with care',
    );
  });
});
