/**
 * Reads that stop when their asker no longer wants them. A server runs each request's work
 * inside `withQuerySignal(signal, …)`; every read a warehouse starts within it, however deep in
 * the use case, sees the signal and, when it fires, has the engine stop the statement (DuckDB
 * interrupts its connection, ClickHouse kills the query) and rejects with the signal's reason:
 * the time budget's refusal, or `query_cancelled` when the client went away. Writes and reads
 * inside a transaction never listen: an import finishes or rolls back as a whole on its own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isMarkpiError, MarkpiError } from '@markpi/core';

const current = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` with reads that stop when `signal` fires. */
export function withQuerySignal<T>(signal: AbortSignal, work: () => T): T {
  return current.run(signal, work);
}

/** The signal of the work this read belongs to, if any. */
export function currentQuerySignal(): AbortSignal | undefined {
  return current.getStore();
}

/** What a read stopped by `signal` rejects with. */
export function cancellationOf(signal: AbortSignal): MarkpiError {
  return isMarkpiError(signal.reason)
    ? signal.reason
    : new MarkpiError('query_cancelled', 'the question was stopped: its asker went away');
}

/** How often a stop is said again until the read ends. */
const STOP_REPEAT_MS = 100;

/**
 * Runs one read that `stop` halts when the current signal fires; without a signal, just the read.
 * A read whose signal fired before it started does not start. An engine ignores a stop that
 * comes while its statement is still being prepared, so the stop is said again every 100 ms
 * until the read ends.
 */
export async function stoppableRead<T>(read: () => Promise<T>, stop: () => void): Promise<T> {
  const signal = currentQuerySignal();
  if (!signal) return read();
  if (signal.aborted) throw cancellationOf(signal);
  let repeating: ReturnType<typeof setInterval> | undefined;
  const onAbort = () => {
    stop();
    repeating = setInterval(stop, STOP_REPEAT_MS);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await read();
  } catch (error) {
    throw signal.aborted ? cancellationOf(signal) : error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    clearInterval(repeating);
  }
}
