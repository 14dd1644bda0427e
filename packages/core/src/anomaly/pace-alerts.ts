/**
 * The pace monitor's transitions: given what a target's previous check said and its pace now
 * (`targets/pacing.ts`), whether to alert.
 *
 * - While the period runs: alert when the colour worsens from a measured better one (green →
 *   amber, green → red, amber → red). A first check, or one after "not started" or "no data",
 *   has nothing to worsen from and stays quiet.
 * - Once the period has ended (today is after its last day): never "at risk". When the pace
 *   covers the last day (the data has arrived), report once whether the target was met — the
 *   final colour is green — or missed; before the data arrives, say nothing.
 * The returned state is what the next check receives as `previous`.
 */

import type { Message } from '../targets/messages.js';
import type { Pace, PaceStatus } from '../targets/pacing.js';
import { anomalyMessage, anomalyTerm, sayAnomaly } from './messages.js';

export interface PaceState {
  status: PaceStatus;
  /** The period's outcome once reported. */
  final: 'met' | 'missed' | null;
}

export interface PaceAlert {
  kind: 'at_risk' | 'met' | 'missed';
  target: string;
  status: PaceStatus;
  previous: PaceStatus | null;
  day: string;
  message: Message;
  text: string;
}

const RANK: Partial<Record<PaceStatus, number>> = { green: 0, amber: 1, red: 2 };

export function paceTransition(input: {
  /** The target's name as the alert should say it. */
  target: string;
  previous: PaceState | null;
  pace: Pace;
  /** The day of the check (`YYYY-MM-DD`). */
  today: string;
}): { state: PaceState; alert: PaceAlert | null } {
  const { pace, previous, target, today } = input;
  const { period } = pace;
  if (today > period.to) {
    const final = pace.asOf === period.to && pace.actualToDate !== null;
    if (!final) return { state: { status: pace.status, final: previous?.final ?? null }, alert: null };
    const outcome = pace.status === 'green' ? 'met' : 'missed';
    const state: PaceState = { status: pace.status, final: previous?.final ?? outcome };
    if (previous?.final) return { state, alert: null };
    const message = anomalyMessage(`anomaly.pace.${outcome}`, {
      target,
      from: period.from,
      to: period.to,
      actual: pace.actualToDate!,
      goal: pace.target,
    });
    return {
      state,
      alert: {
        kind: outcome,
        target,
        status: pace.status,
        previous: previous?.status ?? null,
        day: period.to,
        message,
        text: sayAnomaly(message, 'en'),
      },
    };
  }
  const state: PaceState = { status: pace.status, final: null };
  const before = previous ? RANK[previous.status] : undefined;
  const now = RANK[pace.status];
  if (before === undefined || now === undefined || now <= before || pace.index === null)
    return { state, alert: null };
  const message = anomalyMessage('anomaly.pace.at_risk', {
    target,
    status: anomalyTerm(`anomaly.pace.status.${pace.status as 'amber' | 'red'}`),
    previous: anomalyTerm(`anomaly.pace.status.${previous!.status as 'green' | 'amber'}`),
    index: pace.index,
    day: pace.asOf,
  });
  return {
    state,
    alert: {
      kind: 'at_risk',
      target,
      status: pace.status,
      previous: previous!.status,
      day: pace.asOf,
      message,
      text: sayAnomaly(message, 'en'),
    },
  };
}
