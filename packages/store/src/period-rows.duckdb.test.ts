import { openDuckDbWarehouse } from './duckdb/index.js';
import { describePeriodRows } from './period-rows.suite.js';

describePeriodRows('DuckDB', () => openDuckDbWarehouse({ path: ':memory:' }), 60);
