/** Calendar days as whole numbers (days since 1970-01-01) and back, for ISO dates `YYYY-MM-DD`. */
const DAY_MS = 86_400_000;

export function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dayDate(dayNumber(date) + days);
}
