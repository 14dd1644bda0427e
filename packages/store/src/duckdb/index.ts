export { type DuckDbOptions, openDuckDbWarehouse } from './warehouse.js';
