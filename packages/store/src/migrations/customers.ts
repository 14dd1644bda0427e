import { CUSTOMER_TABLES } from '../customers/tables.js';
import type { Migration } from './migration.js';

/** Migrations of this area; versions 1000–1099 are reserved for it. */
export const CUSTOMERS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1000,
    // Derived from the order events by a refresh after each import; read by cohort and LTV answers.
    name: 'customers (first order, cohort, first channel and shop) and customer-months',
    statements: () => [...CUSTOMER_TABLES],
  },
];
