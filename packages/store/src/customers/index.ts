/** Customers in the warehouse: cohort activity, purchase histories and purchase days from the orders. */
export {
  acquiredByChannel,
  type CustomerScope,
  type CustomerSql,
  cohortActivitySql,
  customerHistoriesSql,
  lastOrderDay,
  purchaseDaysSql,
  warehouseCohortActivity,
  warehouseCustomerDays,
  warehouseCustomerHistories,
  warehousePurchaseDays,
} from './queries.js';
