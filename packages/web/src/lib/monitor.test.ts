/**
 * What the header makes of a freshness answer (the sources behind, in order, and the day shown),
 * and what the incidents inbox offers an editor in each state.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnomalyMarker,
  type Freshness,
  freshThrough,
  INCIDENT_STATES,
  INCIDENT_VIEWS,
  type IncidentActionPath,
  type IncidentState,
  incidentActions,
  markerDots,
  type SourceFreshness,
  snoozeUntil,
  sourcesBehind,
} from './monitor';
import { sparklinePoint } from './sparkline';

const said = (en: string, zh: string) => ({ message: { key: 'monitor.test', params: {} }, text: { en, zh } });

const source = (channel: string, account: string, lastDay: string, daysBehind: number): SourceFreshness => ({
  source: `performance/${channel}/${account}`,
  fact: 'performance',
  channel,
  account,
  lastDay,
  daily: true,
  active: true,
  status: daysBehind > 0 ? 'late' : 'on_time',
  delayDays: 1,
  cadenceDays: 1,
  dueBy: lastDay,
  daysLate: daysBehind,
  daysBehind,
  said: null,
});

const answer = (overrides: Partial<Freshness>): Freshness => ({
  today: '2026-07-02',
  firstDay: '2026-01-01',
  lastDay: '2026-06-30',
  completeThrough: '2026-06-27',
  windowEnd: '2026-06-27',
  sources: [
    source('douyin', 'dy-main', '2026-06-30', 0),
    source('xiaohongshu', 'xhs-1', '2026-06-27', 3),
    source('tmall', 'tm-flagship', '2026-06-29', 1),
  ],
  behind: ['performance/xiaohongshu/xhs-1', 'performance/tmall/tm-flagship'],
  note: said('behind', '落后'),
  ...overrides,
});

describe('the header’s freshness', () => {
  it('names the sources behind in the server’s order, furthest first, and none of those current', () => {
    const behind = sourcesBehind(answer({}));
    expect(behind.map((entry) => entry.channel)).toEqual(['xiaohongshu', 'tmall']);
    expect(behind.map((entry) => entry.daysBehind)).toEqual([3, 1]);
  });

  it('keeps the server’s order even when the list of sources is in another', () => {
    const reordered = answer({ behind: ['performance/tmall/tm-flagship', 'performance/xiaohongshu/xhs-1'] });
    expect(sourcesBehind(reordered).map((entry) => entry.channel)).toEqual(['tmall', 'xiaohongshu']);
  });

  it('leaves out a source the list names but the answer does not describe', () => {
    const unknown = answer({ behind: ['performance/weibo/wb-1', 'performance/tmall/tm-flagship'] });
    expect(sourcesBehind(unknown).map((entry) => entry.channel)).toEqual(['tmall']);
  });

  it('is empty when every source is current', () => {
    expect(sourcesBehind(answer({ behind: [] }))).toEqual([]);
  });

  it('shows the day data is complete through, else the last day with data, else nothing', () => {
    expect(freshThrough(answer({}))).toBe('2026-06-27');
    expect(freshThrough(answer({ completeThrough: null }))).toBe('2026-06-30');
    expect(freshThrough(answer({ completeThrough: null, lastDay: null }))).toBeNull();
  });
});

describe('what an editor may do to an incident', () => {
  // The server's transitions, written out state by state (app's `monitor/incidents.ts`).
  const byHand: Record<IncidentState, IncidentActionPath[]> = {
    open: ['acknowledge', 'snooze', 'resolve', 'false-alarm'],
    acknowledged: ['snooze', 'resolve', 'false-alarm', 'reopen'],
    snoozed: ['acknowledge', 'snooze', 'resolve', 'false-alarm', 'reopen'],
    resolved: ['false-alarm', 'reopen'],
    false_alarm: ['reopen'],
  };

  it.each(INCIDENT_STATES)('in the state %s, as the server allows', (state) => {
    expect(incidentActions(state)).toEqual(byHand[state]);
  });

  it('every view lists states that exist, and the active and closed views split them all', () => {
    expect([...INCIDENT_VIEWS.active, ...INCIDENT_VIEWS.closed].sort()).toEqual([...INCIDENT_STATES].sort());
    expect(INCIDENT_VIEWS.all).toEqual(INCIDENT_STATES);
  });

  it('snoozes until the start of the chosen day on the member’s clock', () => {
    const until = new Date(snoozeUntil('2026-07-09'));
    expect([until.getFullYear(), until.getMonth() + 1, until.getDate()]).toEqual([2026, 7, 9]);
    expect([until.getHours(), until.getMinutes(), until.getSeconds()]).toEqual([0, 0, 0]);
  });
});

describe('anomaly dots on a line of days', () => {
  const marker = (time: string, en: string): AnomalyMarker => ({
    series: 'spend@workspace',
    kpi: 'spend',
    segment: 'workspace',
    time,
    kind: 'point',
    direction: 'above',
    value: 600,
    expected: 100,
    said: said(en, en),
    incident: { id: `i-${time}`, state: 'open', severity: 'warning', title: said(en, en) },
  });
  const days = ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04'];

  it('puts each marker on its day’s index, in the line’s order', () => {
    const dots = markerDots(days, [marker('2026-06-04', 'late'), marker('2026-06-02', 'early')]);
    expect(dots.map((dot) => [dot.index, dot.marker.said.text.en])).toEqual([
      [1, 'early'],
      [3, 'late'],
    ]);
  });

  it('leaves out days the line does not have, and keeps the first of two on one day', () => {
    const dots = markerDots(days, [
      marker('2026-05-31', 'before'),
      marker('2026-06-03', 'first'),
      marker('2026-06-03', 'second'),
    ]);
    expect(dots.map((dot) => [dot.index, dot.marker.said.text.en])).toEqual([[2, 'first']]);
  });
});

describe('where a dot sits on the line', () => {
  it('is where the line draws the point, worked by hand (120 × 32, 2 px padding)', () => {
    const points = [0, 10, null, 5];
    // Step 120 / 3 = 40; min 0, span 10; y = 2 + 28 × (1 − value / 10).
    expect(sparklinePoint(points, 1)).toEqual({ x: 40, y: 2 });
    expect(sparklinePoint(points, 3)).toEqual({ x: 120, y: 16 });
    expect(sparklinePoint(points, 0)).toEqual({ x: 0, y: 30 });
  });

  it('is nowhere for a gap, a day off the line, or a line too short to draw', () => {
    expect(sparklinePoint([0, 10, null, 5], 2)).toBeNull();
    expect(sparklinePoint([0, 10], 5)).toBeNull();
    expect(sparklinePoint([null, 7], 1)).toBeNull();
  });
});
