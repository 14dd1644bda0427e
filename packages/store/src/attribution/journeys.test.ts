import { openDuckDbWarehouse } from '../duckdb/index.js';
import { describeJourneyContract } from './journeys.suite.js';

describeJourneyContract('DuckDB', () => openDuckDbWarehouse({ path: ':memory:' }), { randomRuns: 40 });
