import { describe, expect, it } from 'vitest';
import { buildBreakdown } from '../targets/breakdown.js';
import { computePace } from '../targets/pacing.js';
import type { KpiTraits } from '../targets/traits.js';
import { sayAnomaly } from './messages.js';
import { paceTransition } from './pace-alerts.js';

const impressions: KpiTraits = { id: 'impressions', unit: 'count', direction: 'up', aggregation: 'additive' };
const period = { from: '2026-01-01', to: '2026-01-10' };
const breakdown = buildBreakdown({ kpi: impressions, value: 1000, period, mode: 'even' });
/** The pace on a day with the actual so far (the even plan is 100 a day). */
const pace = (asOf: string, actual: number) =>
  computePace({
    kpi: impressions,
    breakdown,
    asOf,
    actualToDate: actual,
    daily: [{ date: asOf, value: actual }],
  });

describe('pace transitions', () => {
  it('alerts when the colour worsens from green or amber, and only then', () => {
    // 4 days in, 400 planned: 380 is 95% (amber), 300 is 75% (red), 400 is green.
    const amber = pace('2026-01-04', 380);
    const red = pace('2026-01-04', 300);
    expect([amber.status, red.status, pace('2026-01-04', 400).status]).toEqual(['amber', 'red', 'green']);
    const risk = paceTransition({
      target: 'Q1 reach',
      previous: { status: 'green', final: null },
      pace: amber,
      today: '2026-01-05',
    });
    expect(risk.alert).toMatchObject({
      kind: 'at_risk',
      status: 'amber',
      previous: 'green',
      day: '2026-01-04',
    });
    expect(risk.alert!.text).toBe(
      'Q1 reach is at risk: pace is amber (was green) at 95% of the to-date target on 2026-01-04',
    );
    expect(sayAnomaly(risk.alert!.message, 'zh')).toBe(
      'Q1 reach 有风险：2026-01-04 进度为黄灯（之前为绿灯），完成截至当日目标的 95%',
    );
    expect(risk.state).toEqual({ status: 'amber', final: null });
    expect(
      paceTransition({
        target: 't',
        previous: { status: 'amber', final: null },
        pace: red,
        today: '2026-01-05',
      }).alert?.kind,
    ).toBe('at_risk');
    expect(
      paceTransition({
        target: 't',
        previous: { status: 'green', final: null },
        pace: red,
        today: '2026-01-05',
      }).alert?.kind,
    ).toBe('at_risk');
    expect(
      paceTransition({
        target: 't',
        previous: { status: 'amber', final: null },
        pace: amber,
        today: '2026-01-05',
      }).alert,
    ).toBeNull();
    expect(
      paceTransition({
        target: 't',
        previous: { status: 'red', final: null },
        pace: amber,
        today: '2026-01-05',
      }).alert,
    ).toBeNull();
    expect(paceTransition({ target: 't', previous: null, pace: red, today: '2026-01-05' }).alert).toBeNull();
    expect(
      paceTransition({
        target: 't',
        previous: { status: 'no_data', final: null },
        pace: red,
        today: '2026-01-05',
      }).alert,
    ).toBeNull();
  });

  it('after the period, reports met or missed once the last day is in, and never "at risk"', () => {
    const met = paceTransition({
      target: 'Q1 reach',
      previous: { status: 'green', final: null },
      pace: pace('2026-01-10', 1020),
      today: '2026-01-12',
    });
    expect(met.alert).toMatchObject({ kind: 'met', day: '2026-01-10' });
    expect(met.alert!.text).toBe('Q1 reach met its target for 2026-01-01 … 2026-01-10: 1,020 against 1,000');
    expect(met.state).toEqual({ status: 'green', final: 'met' });
    // Reported once: the next check is quiet.
    expect(
      paceTransition({
        target: 'Q1 reach',
        previous: met.state,
        pace: pace('2026-01-10', 1020),
        today: '2026-01-13',
      }).alert,
    ).toBeNull();
    const missed = paceTransition({
      target: 'Q1 reach',
      previous: { status: 'green', final: null },
      pace: pace('2026-01-10', 800),
      today: '2026-01-11',
    });
    expect(missed.alert).toMatchObject({ kind: 'missed' });
    expect(sayAnomaly(missed.alert!.message, 'zh')).toBe(
      'Q1 reach 未达成 2026-01-01 … 2026-01-10 的目标：800，目标 1,000',
    );
    // Over, but the data stop on the 9th: no verdict yet, and no "at risk" either, red or not.
    const waiting = paceTransition({
      target: 'Q1 reach',
      previous: { status: 'green', final: null },
      pace: pace('2026-01-09', 500),
      today: '2026-01-11',
    });
    expect(waiting).toEqual({ state: { status: 'red', final: null }, alert: null });
  });
});
