import { openDuckDbWarehouse } from '@markpi/store';
import { describe } from 'vitest';
import { describeLabelScopeRewrite } from './scopes.suite.js';

describe('label scopes written with ids, DuckDB', () => {
  describeLabelScopeRewrite(() => openDuckDbWarehouse({ path: ':memory:' }));
});
