import { openDuckDbWarehouse } from '@markpi/store';
import { describe } from 'vitest';
import { describeAnnotations } from './annotations.suite.js';

describe('annotations on DuckDB', () => {
  describeAnnotations(() => openDuckDbWarehouse({ path: ':memory:' }));
});
