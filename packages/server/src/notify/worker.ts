/**
 * The loop that delivers: every interval it runs the monitor and digest schedules that are due,
 * then drains the outbox. One tick at a time; `stop` lets the tick in progress finish its
 * current message and waits for it, so the server closes its databases with nothing in flight.
 * On start, messages a previous process left half-sent are queued again (at least once).
 */
import {
  createTransports,
  type DrainReport,
  drainOutbox,
  MONITOR_HOOKS,
  type MonitorHooks,
  type NotificationStore,
  type NotifyDirectory,
  type NotifyWorkspace,
  type OutboxMessage,
  type RunReport,
  runDueSchedules,
  type Transports,
} from '@markpi/app';
import type { RetryPolicy } from '@markpi/core';

export interface NotificationOptions {
  /** Run the loop in the server; default true. `markpi monitor run` drives one tick instead. */
  worker?: boolean;
  /** Between ticks; default 30 s. */
  intervalMs?: number;
  /** The monitor's detectors; default: the workspace's monitor (`@markpi/app`'s `MONITOR_HOOKS`). */
  monitor?: Partial<MonitorHooks>;
  transports?: Transports;
  retryPolicy?: RetryPolicy;
  /** Told about every settled message (logs, tests). */
  onSettled?: (message: OutboxMessage, outcome: 'sent' | 'retry' | 'failed' | 'held') => void;
}

export interface TickReport {
  runs: RunReport[];
  delivery: DrainReport;
}

const DRAIN_BATCH = 100;

export class NotificationWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickReport> | undefined;
  private readonly abort = new AbortController();
  private readonly hooks: MonitorHooks;
  private readonly transports: Transports;
  private started = false;

  constructor(
    private readonly store: NotificationStore,
    private readonly directory: NotifyDirectory & {
      workspace(id: string): Promise<NotifyWorkspace | undefined>;
    },
    private readonly now: () => Date,
    private readonly options: NotificationOptions = {},
  ) {
    this.hooks = { ...MONITOR_HOOKS, ...options.monitor };
    this.transports = options.transports ?? createTransports({ now });
  }

  /** Queues again what a stopped process left half-sent; answers how many. */
  recover(): Promise<number> {
    return this.store.recoverInterrupted(this.now());
  }

  /** One pass: due runs, then the outbox until nothing due is left. Concurrent calls share it. */
  tick(): Promise<TickReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<TickReport> {
    const signal = this.abort.signal;
    const runs = await runDueSchedules(this.store, this.directory, {
      now: this.now,
      hooks: this.hooks,
      signal,
    });
    const delivery: DrainReport = { sent: 0, retried: 0, failed: 0, held: 0 };
    for (;;) {
      const report = await drainOutbox(this.store, this.transports, (id) => this.directory.workspace(id), {
        now: this.now,
        limit: DRAIN_BATCH,
        signal,
        ...(this.options.retryPolicy ? { policy: this.options.retryPolicy } : {}),
        ...(this.options.onSettled ? { onSettled: this.options.onSettled } : {}),
      });
      delivery.sent += report.sent;
      delivery.retried += report.retried;
      delivery.failed += report.failed;
      delivery.held += report.held;
      const settled = report.sent + report.retried + report.failed + report.held;
      if (settled < DRAIN_BATCH || signal.aborted) break;
    }
    return { runs, delivery };
  }

  /** Recovers, then ticks every interval until stopped. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.recover();
    const interval = this.options.intervalMs ?? 30_000;
    const loop = () => {
      this.timer = setTimeout(() => {
        this.tick()
          .catch(() => {
            // A failed pass (a database hiccup) is tried again at the next tick; runs and
            // messages keep their own errors in the store.
          })
          .finally(() => {
            if (!this.abort.signal.aborted) loop();
          });
      }, interval);
      this.timer.unref();
    };
    // The first pass right away: a restart catches up without waiting an interval.
    this.tick()
      .catch(() => undefined)
      .finally(() => {
        if (!this.abort.signal.aborted) loop();
      });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
