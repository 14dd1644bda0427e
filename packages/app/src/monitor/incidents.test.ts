/**
 * An incident is the fold of its events: states, snoozes that run out, owners, comments and the
 * history, by hand; actions checked against every state (a table written here); a run's findings
 * merged into what is stored (same problem, same id; new days reopen a closed incident; history
 * recorded but not announced); false alarms making their series stricter.
 */
import { buildCatalog } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { falseAlarmCounts, strictened } from './feedback.js';
import {
  type Detection,
  foldIncident,
  INCIDENT_ACTIONS,
  INCIDENT_STATES,
  type Incident,
  type IncidentEvent,
  type IncidentState,
  incidentAction,
} from './incidents.js';
import { mergeDetections } from './merge.js';
import { monitorMessage, sayMonitor } from './messages.js';

const catalog = buildCatalog();
const title = sayMonitor(catalog, monitorMessage('monitor.days.one', { day: '2026-01-13' }));

function detection(overrides: Partial<Detection> = {}): Detection {
  return {
    kind: 'kpi',
    severity: 'warning',
    title,
    lines: [title],
    from: '2026-01-13',
    to: '2026-01-14',
    segment: 'channel:meta',
    kpi: 'conversions',
    direction: 'below',
    segments: ['channel:meta'],
    kpis: ['conversions'],
    series: ['conversions@channel:meta'],
    markers: [],
    drivers: [],
    monitor: 'kpis',
    ...overrides,
  };
}

const t = (hour: number) => new Date(Date.UTC(2026, 0, 15, hour)).toISOString();

function events(...list: Omit<IncidentEvent, 'seq' | 'incidentId'>[]): IncidentEvent[] {
  return list.map((event, index) => ({ ...event, seq: index + 1, incidentId: 'inc-1' }));
}

const detected = (at: string, overrides: Partial<Detection> = {}) => ({
  kind: 'detected' as const,
  at,
  actor: null,
  body: { detection: detection(overrides) },
});

describe('incidents', () => {
  it('fold their events into state, owner, comments and history', () => {
    const folded = foldIncident(
      events(
        detected(t(1)),
        { kind: 'assigned', at: t(2), actor: 'ana', body: { owner: 'li' } },
        { kind: 'acknowledged', at: t(3), actor: 'li', body: { note: 'looking' } },
        { kind: 'commented', at: t(4), actor: 'li', body: { text: 'the pixel is down' } },
        detected(t(5), { to: '2026-01-15', severity: 'critical' }),
        { kind: 'resolved', at: t(6), actor: 'li', body: {} },
      ),
      new Date(t(7)),
    )!;
    expect(folded).toMatchObject({
      id: 'inc-1',
      state: 'resolved',
      owner: 'li',
      severity: 'critical',
      to: '2026-01-15',
      openedAt: t(1),
      detectedAt: t(5),
      updatedAt: t(6),
      comments: [{ at: t(4), author: 'li', text: 'the pixel is down' }],
    });
    expect(folded.history.map((entry) => entry.kind)).toEqual([
      'detected',
      'assigned',
      'acknowledged',
      'commented',
      'detected',
      'resolved',
    ]);
    expect(folded.history[1]).toMatchObject({ owner: 'li', actor: 'ana' });
    expect(folded.history[2]).toMatchObject({ note: 'looking' });
    expect(folded.history[4]).toMatchObject({ from: '2026-01-13', to: '2026-01-15', severity: 'critical' });
    // Events are folded in sequence order, whatever order they arrive in.
    expect(
      foldIncident(
        [...events(detected(t(1)), { kind: 'resolved', at: t(2), actor: 'li', body: {} })].reverse(),
        new Date(t(3)),
      )?.state,
    ).toBe('resolved');
    expect(foldIncident([], new Date())).toBeNull();
  });

  it('read a snooze as open once its time has come', () => {
    const list = events(detected(t(1)), { kind: 'snoozed', at: t(2), actor: 'li', body: { until: t(10) } });
    expect(foldIncident(list, new Date(t(9)))).toMatchObject({ state: 'snoozed', snoozedUntil: t(10) });
    expect(foldIncident(list, new Date(t(10)))).toMatchObject({ state: 'open', snoozedUntil: null });
  });

  it('allow each action from the states a table says, and nothing else', () => {
    const allowed: Record<(typeof INCIDENT_ACTIONS)[number], IncidentState[]> = {
      acknowledge: ['open', 'snoozed'],
      snooze: ['open', 'acknowledged', 'snoozed'],
      resolve: ['open', 'acknowledged', 'snoozed'],
      false_alarm: ['open', 'acknowledged', 'snoozed', 'resolved'],
      reopen: ['acknowledged', 'snoozed', 'resolved', 'false_alarm'],
      assign: [...INCIDENT_STATES],
      comment: [...INCIDENT_STATES],
    };
    const now = new Date(t(5));
    const base = foldIncident(events(detected(t(1))), now)!;
    for (const state of INCIDENT_STATES) {
      const incident: Incident = { ...base, state };
      for (const action of INCIDENT_ACTIONS) {
        const request = {
          action,
          until: t(9),
          owner: action === 'assign' ? 'someone' : undefined,
          text: action === 'comment' ? 'a comment' : undefined,
        };
        if (allowed[action].includes(state)) {
          const event = incidentAction(incident, request, 'li', now);
          expect(event.incidentId).toBe('inc-1');
          expect(event.actor).toBe('li');
        } else {
          expect(() => incidentAction(incident, request, 'li', now), `${action} from ${state}`).toThrow(
            expect.objectContaining({ code: 'conflict' }),
          );
        }
      }
    }
  });

  it('refuse a snooze without a time to come, an empty comment and an owner who owns it already', () => {
    const now = new Date(t(5));
    const incident = foldIncident(events(detected(t(1))), now)!;
    expect(() => incidentAction(incident, { action: 'snooze' }, 'li', now)).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
    expect(() => incidentAction(incident, { action: 'snooze', until: t(4) }, 'li', now)).toThrow(
      /time to come/,
    );
    expect(() => incidentAction(incident, { action: 'comment', text: '  ' }, 'li', now)).toThrow(
      /needs text/,
    );
    expect(() => incidentAction(incident, { action: 'assign', owner: null }, 'li', now)).toThrow(
      expect.objectContaining({ code: 'no_change' }),
    );
    expect(
      incidentAction(incident, { action: 'snooze', until: '2026-01-16T09:00:00+08:00' }, 'li', now).body,
    ).toEqual({
      until: '2026-01-16T01:00:00.000Z',
    });
  });
});

describe('merging a run into the stored incidents', () => {
  const now = new Date(t(8));
  const stored = (state: IncidentState, overrides: Partial<Detection> = {}) => {
    const list: Omit<IncidentEvent, 'seq' | 'incidentId'>[] = [detected(t(1), overrides)];
    if (state !== 'open')
      list.push({
        kind: state === 'snoozed' ? 'snoozed' : state === 'acknowledged' ? 'acknowledged' : state,
        at: t(2),
        actor: 'li',
        body: state === 'snoozed' ? { until: t(20) } : {},
      });
    return foldIncident(events(...list), now)!;
  };

  it('finds the same problem again under its id, and records nothing when nothing changed', () => {
    const plan = mergeDetections([stored('open')], [detection()], { now, notifyFrom: '2026-01-01' });
    expect(plan).toMatchObject({ ids: ['inc-1'], events: [], opened: [], updated: [], notify: [] });
  });

  it('opens new incidents with stable ids, announcing only those that reach the recent days', () => {
    const old = detection({ from: '2025-09-17', to: '2025-09-17', series: ['spend@campaign:ao-dy'] });
    const fresh = detection({ from: '2026-01-20', to: '2026-01-21', series: ['ctr@channel:xiaohongshu'] });
    const plan = mergeDetections([], [old, fresh], { now, notifyFrom: '2026-01-19' });
    expect(plan.opened).toHaveLength(2);
    expect(plan.ids[0]).toMatch(/^inc-20250917-[0-9a-f]{8}$/);
    expect(plan.notify).toEqual([plan.ids[1]]);
    expect(mergeDetections([], [old, fresh], { now, notifyFrom: '2026-01-19' }).ids).toEqual(plan.ids);
    expect(plan.events.map((event) => event.kind)).toEqual(['detected', 'detected']);
  });

  it('updates a changed incident, keeps its diagnosis when the headline is the same, and reopens a closed one on later days', () => {
    const driver = sayMonitor(catalog, monitorMessage('monitor.days.one', { day: 'driver' }));
    const open = { ...stored('open'), drivers: [driver] };
    const longer = mergeDetections([open], [detection({ severity: 'critical' })], {
      now,
      notifyFrom: '2026-01-10',
    });
    expect(longer.updated).toEqual(['inc-1']);
    expect(longer.unexplained).toEqual([]);
    expect((longer.events[0]!.body as { detection: Detection }).detection.drivers).toEqual([driver]);
    // More severe while open and current: people are told again.
    expect(longer.notify).toEqual(['inc-1']);

    const resolved = stored('resolved');
    const again = mergeDetections([resolved], [detection({ to: '2026-01-16' })], {
      now,
      notifyFrom: '2026-01-10',
    });
    expect(again.events.map((event) => event.kind)).toEqual(['detected', 'reopened']);
    expect(again).toMatchObject({ reopened: ['inc-1'], notify: ['inc-1'], unexplained: ['inc-1'] });
    // The reopening says through which day it alerts, as a day the reader's language words.
    expect(again.events[1]!.body).toEqual({ through: '2026-01-16' });
    const folded = foldIncident(
      again.events.map((event, index) => ({ ...event, seq: index + 1 })),
      now,
    );
    expect(folded?.history.at(-1)).toMatchObject({ kind: 'reopened', to: '2026-01-16' });
    expect(folded?.history.at(-1)?.note).toBeUndefined();
    // The same days again do not reopen what people closed.
    const same = mergeDetections([resolved], [detection({ lines: [title, title] })], {
      now,
      notifyFrom: '2026-01-10',
    });
    expect(same.events.map((event) => event.kind)).toEqual(['detected']);
    expect(same.reopened).toEqual([]);
  });

  it('lets each stored incident be claimed once, by the detection overlapping it most', () => {
    const a = detection({ from: '2026-01-10', to: '2026-01-10' });
    const b = detection({ from: '2026-01-13', to: '2026-01-16' });
    const plan = mergeDetections([stored('open')], [a, b], { now, notifyFrom: '2026-01-01' });
    expect(plan.ids[1]).toBe('inc-1');
    expect(plan.ids[0]).not.toBe('inc-1');
  });
});

describe('false alarms as feedback', () => {
  it('make each series of a standing false alarm ten times stricter, three times at most, for a year', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const marked = (id: string, at: string, series: string[]) =>
      foldIncident(
        [
          {
            incidentId: id,
            seq: 1,
            kind: 'detected',
            at,
            actor: null,
            body: { detection: detection({ series }) },
          },
          { incidentId: id, seq: 2, kind: 'false_alarm', at, actor: 'li', body: {} },
        ],
        now,
      )!;
    const counts = falseAlarmCounts(
      [
        marked('a', '2026-05-01T00:00:00Z', ['ctr@workspace', 'cpc@workspace']),
        marked('b', '2026-05-02T00:00:00Z', ['ctr@workspace']),
        marked('c', '2025-01-01T00:00:00Z', ['cpc@workspace']),
      ],
      now,
    );
    expect(counts).toEqual(
      new Map([
        ['ctr@workspace', 2],
        ['cpc@workspace', 1],
      ]),
    );
    expect(strictened(1e-3, 0)).toBe(1e-3);
    expect(strictened(1e-3, 2)).toBeCloseTo(1e-5, 18);
    expect(strictened(1e-3, 7)).toBeCloseTo(1e-6, 18);
  });
});
