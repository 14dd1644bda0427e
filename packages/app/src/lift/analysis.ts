/** What the lift use cases share: request pieces, spend and the incrementality factor of a result. */
import { type Estimate, isValidIsoDate, type LiftMessage } from '@markpi/core';
import { z } from 'zod';
import { answerKpiQuery } from '../query.js';
import type { WorkspaceContext } from '../workspace.js';
import { type CalibrationBasis, PLATFORM_CONVERSIONS } from './calibration.js';
import { type LiftAppMessage, type LiftSaid, liftAppMessage, sayLift } from './messages.js';
import type { LiftCalibration } from './records.js';
import { numberOf } from './series.js';

export const isoDate = z.string().refine(isValidIsoDate, 'a date as YYYY-MM-DD');
export const levelSchema = z.number().gt(0).lt(1).describe('central probability of intervals; default 0.95');
export const filterSchema = z
  .string()
  .max(10_000)
  .describe("the scope: a condition on dimensions, e.g. `channel = 'douyin'`");

/** Both the models' notes and the use case's own, said in both languages. */
export function sayAll(messages: readonly (LiftMessage | LiftAppMessage)[]): LiftSaid[] {
  return messages.map(sayLift);
}

/** A scope as people read it. */
export function scopeLabel(filter: string | null | undefined): string {
  return filter ? filter : 'whole workspace';
}

/** The KPI `spend` over a scope and days, through the planner; null when the scope spent nothing. */
export async function scopeSpend(
  workspace: WorkspaceContext,
  filter: string | null | undefined,
  from: string,
  to: string,
): Promise<number | null> {
  const { result } = await answerKpiQuery(workspace, {
    kpis: ['spend'],
    ...(filter ? { filter } : {}),
    from,
    to,
  });
  const spend = numberOf(result.rows[0]?.spend);
  return spend !== null && spend > 0 ? spend : null;
}

/**
 * The incrementality factor of a result: incremental ÷ what attribution claimed over the same
 * scope and days, for the one channel the scope covers (or the one named). None, with the
 * reason as a note, when the KPI is not one the basis counts, the scope spans several channels,
 * or the channel claims nothing.
 */
export async function calibrationOf(
  workspace: WorkspaceContext,
  scope: {
    kpi: string;
    filter: string | null | undefined;
    from: string;
    to: string;
    channel?: string | undefined;
  },
  incremental: Estimate | { value: number; low: number | null; high: number | null },
  basis: CalibrationBasis = PLATFORM_CONVERSIONS,
): Promise<{ calibration: LiftCalibration | null; notes: LiftAppMessage[] }> {
  const attributedKpi = basis.attributed[scope.kpi];
  if (!attributedKpi)
    return {
      calibration: null,
      notes: [
        liftAppMessage('lift.calibration.kpi_not_counted', {
          kpi: scope.kpi,
          kpis: Object.keys(basis.attributed),
        }),
      ],
    };
  const { result } = await answerKpiQuery(workspace, {
    kpis: [attributedKpi],
    dimensions: ['channel'],
    ...(scope.filter ? { filter: scope.filter } : {}),
    from: scope.from,
    to: scope.to,
  });
  const byChannel = new Map<string, number>();
  for (const row of result.rows) {
    const value = numberOf(row[attributedKpi]);
    if (row.channel !== null && row.channel !== undefined && value !== null && value > 0)
      byChannel.set(String(row.channel), value);
  }
  let channel = scope.channel;
  if (channel === undefined) {
    if (byChannel.size > 1)
      return {
        calibration: null,
        notes: [
          liftAppMessage('lift.calibration.several_channels', { channels: [...byChannel.keys()].sort() }),
        ],
      };
    channel = [...byChannel.keys()][0];
  }
  const attributed = channel === undefined ? undefined : byChannel.get(channel);
  if (channel === undefined || attributed === undefined)
    return {
      calibration: null,
      notes: [
        liftAppMessage('lift.calibration.no_attributed', { channel: channel ?? scopeLabel(scope.filter) }),
      ],
    };
  const factor = {
    value: incremental.value / attributed,
    low: incremental.low === null ? null : incremental.low / attributed,
    high: incremental.high === null ? null : incremental.high / attributed,
  };
  const notes: LiftAppMessage[] = [
    liftAppMessage('lift.calibration.factor', {
      channel,
      factor: factor.value,
      incremental: incremental.value,
      attributed,
      basis: basis.id,
    }),
  ];
  if (factor.value < 0) notes.push(liftAppMessage('lift.calibration.negative', { channel }));
  return { calibration: { basis: basis.id, channel, attributedKpi, attributed, factor }, notes };
}
