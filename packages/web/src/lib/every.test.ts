import type { Grain, KpiUnit } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { everyOf } from './every';

describe('a screen’s copy of a core list', () => {
  it('type-checks only when it names every value, and only values', () => {
    const grains = everyOf<Grain>()(['total', 'day', 'week', 'month', 'quarter', 'year']);
    expect(grains).toEqual(['total', 'day', 'week', 'month', 'quarter', 'year']);
    // @ts-expect-error `seconds` is missing.
    everyOf<KpiUnit>()(['count', 'currency', 'ratio', 'percent', 'multiple', 'number']);
    // @ts-expect-error `hour` is no grain.
    everyOf<Grain>()(['total', 'day', 'week', 'month', 'quarter', 'year', 'hour']);
  });
});
