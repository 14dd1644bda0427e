import { openDuckDbWarehouse } from '../duckdb/index.js';
import { describeCustomerContract } from './queries.suite.js';
import { describeCustomerTablesContract } from './tables.suite.js';

describeCustomerContract('DuckDB', () => openDuckDbWarehouse({ path: ':memory:' }), 12);
describeCustomerTablesContract('DuckDB', () => openDuckDbWarehouse({ path: ':memory:' }), 8);
