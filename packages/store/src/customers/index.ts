/**
 * Customers in the warehouse: cohort activity, purchase histories and purchase days from the
 * orders, and the customer tables kept by a refresh after each import.
 */
export {
  acquiredByChannel,
  type CustomerScope,
  type CustomerSql,
  cohortActivityFromEvents,
  cohortActivityFromEventsSql,
  customerHistoriesSql,
  lastOrderDay,
  purchaseDaysSql,
  warehouseCustomerDays,
  warehouseCustomerHistories,
  warehousePurchaseDays,
} from './queries.js';
export {
  CUSTOMER_MONTHS_TABLE,
  CUSTOMER_REFRESHES_TABLE,
  CUSTOMER_TABLES,
  CUSTOMERS_TABLE,
  type CustomerRefreshRequest,
  type CustomerRefreshSummary,
  type CustomerSource,
  cohortActivityFromTables,
  cohortActivityWithSource,
  customerTablesState,
  refreshCustomerTables,
  warehouseCohortActivity,
} from './tables.js';
