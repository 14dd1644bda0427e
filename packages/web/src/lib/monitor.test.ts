/**
 * What the header makes of a freshness answer (the sources behind, in order, and the day shown),
 * and what the incidents inbox offers an editor in each state.
 */
import { describe, expect, it } from 'vitest';
import {
  type Freshness,
  freshThrough,
  INCIDENT_STATES,
  INCIDENT_VIEWS,
  type IncidentActionPath,
  type IncidentState,
  incidentActions,
  type SourceFreshness,
  snoozeUntil,
  sourcesBehind,
} from './monitor';

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
