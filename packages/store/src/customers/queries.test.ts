import { openDuckDbWarehouse } from '../duckdb/index.js';
import { describeCustomerContract } from './queries.suite.js';

describeCustomerContract('DuckDB', () => openDuckDbWarehouse({ path: ':memory:' }), 12);
