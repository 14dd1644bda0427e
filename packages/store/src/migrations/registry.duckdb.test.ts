import { describe } from 'vitest';
import { openDuckDbWarehouse } from '../duckdb/index.js';
import { describeRegistryMigration } from './registry.suite.js';

describe('creator registry migration, DuckDB', () => {
  describeRegistryMigration(() => openDuckDbWarehouse({ path: ':memory:' }), 30_000);
});
