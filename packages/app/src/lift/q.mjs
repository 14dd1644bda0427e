import { DuckDBInstance } from '@duckdb/node-api';

const db = await DuckDBInstance.create('/tmp/lift-scratch/demo.duckdb', { access_mode: 'READ_ONLY' });
const c = await db.connect();
const r = await c.runAndReadAll(process.argv[2]);
console.table(r.getRowObjectsJson());
