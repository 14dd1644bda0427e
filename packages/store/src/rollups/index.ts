export {
  createRollup,
  dropRollup,
  listRollups,
  rollupOptions,
  rollupTableDefinition,
  type StoredRollup,
} from './rollups.js';
