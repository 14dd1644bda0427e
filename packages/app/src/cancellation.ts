/**
 * Use cases stop reading when their asker no longer wants the answer: an edge runs a use case
 * inside `withQuerySignal(signal, …)` and every read the use case makes stops when the signal
 * fires (a time budget, a client that went away), rejecting with the signal's reason.
 */
export { withQuerySignal } from '@markpi/store';
