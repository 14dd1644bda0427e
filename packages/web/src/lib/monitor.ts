/**
 * The monitor's wire shapes the dashboard reads (the server's `routes/monitor.ts`), and what the
 * header makes of freshness. Every sentence the monitor says arrives as a message with its text
 * in English and Chinese, so the dashboard shows the text of the interface's language as it is.
 */

/** A sentence of the monitor: its stable key and parameters, and the text in both languages. */
export interface MonitorSaid {
  message: { key: string; params: Record<string, unknown> };
  text: { en: string; zh: string };
}

export interface SourceFreshness {
  source: string;
  fact: string;
  channel: string;
  account: string;
  lastDay: string;
  daily: boolean;
  active: boolean;
  status: 'on_time' | 'late';
  delayDays: number | null;
  cadenceDays: number | null;
  dueBy: string;
  daysLate: number;
  daysBehind: number;
  said: MonitorSaid | null;
}

export interface Freshness {
  today: string;
  firstDay: string | null;
  lastDay: string | null;
  completeThrough: string | null;
  windowEnd: string;
  sources: SourceFreshness[];
  /** Sources behind the latest day, furthest first. */
  behind: string[];
  note: MonitorSaid;
}

/**
 * The sources the header names as behind, in the server's order (furthest first). A source the
 * list names but the answer does not describe is left out rather than shown half known.
 */
export function sourcesBehind(freshness: Freshness): SourceFreshness[] {
  const bySource = new Map(freshness.sources.map((source) => [source.source, source]));
  return freshness.behind.flatMap((id) => {
    const source = bySource.get(id);
    return source ? [source] : [];
  });
}

/** The day the header says data runs through: complete through, else the last day with data. */
export function freshThrough(freshness: Freshness): string | null {
  return freshness.completeThrough ?? freshness.lastDay;
}
