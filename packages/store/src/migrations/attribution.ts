import { FACT_TABLES } from '../schema.js';
import type { Migration } from './migration.js';

/** The facts attribution reads, created by this migration in workspaces made before them. */
export const ATTRIBUTION_TABLES = FACT_TABLES.filter((table) =>
  [
    'fact_touches',
    'fact_conversions',
    'fact_journey_paths',
    'fact_creator_fees',
    'fact_coupon_codes',
  ].includes(table.name),
);

/** Migrations of this area; versions 600–699 are reserved for it. */
export const ATTRIBUTION_MIGRATIONS: readonly Migration[] = [
  {
    version: 600,
    // New workspaces already have these tables from the first migration (it creates every
    // fact of the model); `IF NOT EXISTS` leaves them as they are.
    name: 'touchpoints, conversions, journey paths, creator fees, coupon and passphrase registry',
    statements: () => [...ATTRIBUTION_TABLES],
  },
  {
    version: 610,
    // Derived by an attribution refresh, read by the attributed measures (attributed_roas_markov…).
    name: 'attributed conversions and value per model',
    statements: () => FACT_TABLES.filter((table) => table.name === 'fact_attributed'),
  },
];
