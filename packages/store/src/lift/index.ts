export {
  appendLiftLedgerVersion,
  type LiftLedgerVersion,
  latestLiftLedgerVersions,
  liftLedgerHistory,
  type NewLiftLedgerVersion,
} from './repository.js';
export { LIFT_LEDGER_TABLE, LIFT_TABLES } from './tables.js';
