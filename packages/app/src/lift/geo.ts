/**
 * Geo experiments: treated locations against a synthetic control of the others (core
 * `analyzeGeoExperiment`), on a panel taken from the workspace — a KPI per day and value of a
 * dimension (`region` by default), through the planner — or read from a file.
 *
 * Defaults, each stated in the answer: the pre-period ends the day before the test and spans
 * max(56, 4 × the test's length) days (from the panel's first day at the earliest); the
 * synthetic control's weights are on the simplex unless ridge augmentation is asked for; the
 * spend is the treated locations' over the test; a KPI in money is worth itself per unit.
 */
import {
  addDays,
  analyzeGeoExperiment,
  daysBetween,
  type EconomicsInput,
  type GeoCellResult,
  type GeoPanel,
  invalidRequest,
  MarkpiError,
  type RidgeOption,
} from '@markpi/core';
import { z } from 'zod';
import type { WorkspaceContext } from '../workspace.js';
import {
  calibrationOf,
  filterSchema,
  isoDate,
  levelSchema,
  sayAll,
  scopeLabel,
  scopeSpend,
} from './analysis.js';
import { type LiftAppMessage, type LiftSaid, liftAppMessage } from './messages.js';
import { type LiftCalibration, type LiftPeriod, type LiftRecordDraft, liftPeriodSchema } from './records.js';
import { type LiftKpi, liftKpi, locationPanel, withLocations } from './series.js';

/** Shortest default pre-period, in days. */
export const GEO_MIN_PRE_DAYS = 56;

const geoFields = {
  treated: z.array(z.string().min(1)).min(1).describe('the treated locations'),
  testFrom: isoDate.describe('first day of the test'),
  testTo: isoDate.describe('last day of the test'),
  preFrom: isoDate.optional().describe('first day the weights are fitted on; default: see the convention'),
  preTo: isoDate.optional().describe('last day the weights are fitted on; default: the day before the test'),
  exclude: z.array(z.string().min(1)).optional().describe('locations neither treated nor controls'),
  ridge: z
    .union([z.boolean(), z.number().positive()])
    .optional()
    .describe(
      "ridge augmentation: true for λ relative to the controls' variation, its strength cross-validated over the pre-period, or λ itself",
    ),
  level: levelSchema.optional(),
  inference: z.enum(['conformal', 'none']).optional(),
  valuePerUnit: z.number().min(0).optional().describe('value of one unit of the KPI, for ROAS'),
};

const testOrder = (request: { testFrom: string; testTo: string }) => request.testFrom <= request.testTo;
const testOrderIssue = { message: '`testFrom` must not be after `testTo`', path: ['testTo'] };

export const geoRequestSchema = z
  .object({
    kpi: z.string().min(1).describe('the KPI measured, e.g. `conversions`'),
    filter: filterSchema.optional(),
    by: z.string().min(1).default('region').describe('the dimension whose values are the locations'),
    channel: z.string().min(1).optional().describe('the channel tested, for the factor'),
    ...geoFields,
  })
  .refine(testOrder, testOrderIssue);
export type GeoRequest = z.input<typeof geoRequestSchema>;

export const geoPanelRequestSchema = z
  .object({
    ...geoFields,
    spend: z.number().min(0).optional().describe("the treated cell's spend over the test"),
  })
  .refine(testOrder, testOrderIssue);
export type GeoPanelRequest = z.input<typeof geoPanelRequestSchema>;

export interface GeoAnswer {
  method: 'geo';
  source: 'workspace' | 'file';
  /** The KPI over the workspace; null for a file's column. */
  kpi: Omit<LiftKpi, 'additive'> | null;
  /** What the values are: the KPI's id, or the file's column. */
  measure: string;
  scope: { filter: string | null; dimension: string; label: string };
  test: LiftPeriod;
  pre: LiftPeriod;
  controls: string[];
  cell: GeoCellResult;
  spend: number | null;
  calibration: LiftCalibration | null;
  summary: LiftSaid;
  notes: LiftSaid[];
  draft: LiftRecordDraft;
}

function ridgeOption(ridge: boolean | number | undefined): RidgeOption | undefined {
  if (ridge === undefined || ridge === false) return undefined;
  // No strength given: core cross-validates it over the pre-period.
  return ridge === true ? {} : { lambda: ridge };
}

/** The default pre-period of a test, and a check of one given. */
function prePeriod(request: {
  testFrom: string;
  testTo: string;
  preFrom?: string;
  preTo?: string;
}): LiftPeriod {
  const testDays = daysBetween(request.testFrom, request.testTo) + 1;
  const preTo = request.preTo ?? addDays(request.testFrom, -1);
  const preFrom = request.preFrom ?? addDays(preTo, -(Math.max(GEO_MIN_PRE_DAYS, 4 * testDays) - 1));
  const pre = liftPeriodSchema.safeParse({ from: preFrom, to: preTo });
  if (!pre.success) throw invalidRequest(pre.error, 'pre-period');
  if (preTo >= request.testFrom)
    throw new MarkpiError('invalid_request', `the pre-period ends ${preTo}, not before the test starts`, [
      { message: `ends ${preTo}`, path: 'preTo', hint: `end it by ${addDays(request.testFrom, -1)}` },
    ]);
  return pre.data;
}

/** The panel's days from the pre-period to the test's end (the panel may start later). */
function clipPanel(panel: GeoPanel, from: string, to: string): GeoPanel {
  const keep = panel.dates.map((date) => date >= from && date <= to);
  return {
    dates: panel.dates.filter((_, index) => keep[index]),
    locations: panel.locations.map((series) => ({
      location: series.location,
      values: series.values.filter((_, index) => keep[index]),
    })),
  };
}

interface CellRun {
  cell: GeoCellResult;
  controls: string[];
  pre: LiftPeriod;
}

function runCell(
  panel: GeoPanel,
  request: z.output<typeof geoPanelRequestSchema>,
  pre: LiftPeriod,
  economics: EconomicsInput | undefined,
): CellRun {
  const fitted = {
    from: panel.dates[0] && panel.dates[0] > pre.from ? panel.dates[0] : pre.from,
    to: pre.to,
  };
  const ridge = ridgeOption(request.ridge);
  const result = analyzeGeoExperiment({
    panel: clipPanel(panel, fitted.from, request.testTo),
    pre: fitted,
    test: { from: request.testFrom, to: request.testTo },
    // The cell is named by its locations, so its summary says which were treated.
    cells: [
      { name: request.treated.join(', '), treated: request.treated, ...(economics ? { economics } : {}) },
    ],
    ...(request.exclude ? { exclude: request.exclude } : {}),
    ...(ridge ? { ridge } : {}),
    ...(request.level !== undefined ? { level: request.level } : {}),
    ...(request.inference ? { inference: request.inference } : {}),
  });
  return { cell: result.cells[0]!, controls: result.controls, pre: fitted };
}

function draftOf(
  run: CellRun,
  fields: {
    source: 'workspace' | 'file';
    kpi: string | null;
    filter: string | null;
    dimension: string;
    label: string;
  },
  test: LiftPeriod,
  calibration: LiftCalibration | null,
  level: number,
): LiftRecordDraft {
  const { cell } = run;
  const inference = cell.inference;
  return {
    method: 'geo',
    source: fields.source,
    kpi: fields.kpi,
    scope: {
      filter: fields.filter,
      dimension: fields.dimension,
      locations: [...cell.treated],
      label: fields.label,
    },
    period: test,
    pre: run.pre,
    incremental: {
      value: cell.incremental,
      low: inference?.incremental.low ?? null,
      high: inference?.incremental.high ?? null,
    },
    lift:
      cell.percentLift === null
        ? null
        : {
            value: cell.percentLift,
            low: inference?.lift.low ?? null,
            high: inference?.lift.high ?? null,
          },
    pValue: inference?.pValue ?? null,
    level: inference?.level ?? level,
    summary: cell.summary,
    calibration,
  };
}

/** A geo test on a KPI per day and location of the workspace. */
export async function geoLift(workspace: WorkspaceContext, input: GeoRequest): Promise<GeoAnswer> {
  const parsed = geoRequestSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'geo test');
  const request = parsed.data;
  const kpi = liftKpi(workspace, request.kpi);
  const dimension = workspace.catalog.dimension(request.by).id;
  const pre = prePeriod(request);
  const { panel, notes } = await locationPanel(workspace, {
    kpi: kpi.id,
    filter: request.filter,
    dimension,
    from: pre.from,
    to: request.testTo,
  });
  const treatedScope = withLocations(request.filter, dimension, request.treated);
  const spend = await scopeSpend(workspace, treatedScope, request.testFrom, request.testTo);
  const valuePerUnit = kpi.unit === 'currency' ? 1 : request.valuePerUnit;
  const economics =
    spend === null ? undefined : { spend, ...(valuePerUnit === undefined ? {} : { valuePerUnit }) };
  const run = runCell(panel, request, pre, economics);
  const incremental = {
    value: run.cell.incremental,
    low: run.cell.inference?.incremental.low ?? null,
    high: run.cell.inference?.incremental.high ?? null,
  };
  const { calibration, notes: calibrationNotes } = await calibrationOf(
    workspace,
    {
      kpi: kpi.id,
      filter: treatedScope,
      from: request.testFrom,
      to: request.testTo,
      channel: request.channel,
    },
    incremental,
  );
  const filter = request.filter ?? null;
  const label = `${scopeLabel(filter)}, by ${dimension}`;
  const test = { from: request.testFrom, to: request.testTo };
  return answerOf(run, {
    source: 'workspace',
    kpi,
    measure: kpi.id,
    filter,
    dimension,
    label,
    test,
    spend,
    calibration,
    notes: [
      ...notes,
      ...(kpi.additive ? [] : [liftAppMessage('lift.series.not_additive', { kpi: kpi.id })]),
      ...calibrationNotes,
    ],
    level: request.level ?? 0.95,
  });
}

/** A geo test on a panel read from a file (`panel-file.ts`). */
export function geoLiftOnPanel(
  panel: GeoPanel,
  input: GeoPanelRequest,
  about: { measure: string; dimension: string; label: string },
): GeoAnswer {
  const parsed = geoPanelRequestSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, 'geo test');
  const request = parsed.data;
  const pre = prePeriod(request);
  const spend = request.spend !== undefined && request.spend > 0 ? request.spend : null;
  const economics =
    spend === null
      ? undefined
      : { spend, ...(request.valuePerUnit === undefined ? {} : { valuePerUnit: request.valuePerUnit }) };
  const run = runCell(panel, request, pre, economics);
  return answerOf(run, {
    source: 'file',
    kpi: null,
    measure: about.measure,
    filter: null,
    dimension: about.dimension,
    label: about.label,
    test: { from: request.testFrom, to: request.testTo },
    spend,
    calibration: null,
    notes: [],
    level: request.level ?? 0.95,
  });
}

function answerOf(
  run: CellRun,
  about: {
    source: 'workspace' | 'file';
    kpi: LiftKpi | null;
    measure: string;
    filter: string | null;
    dimension: string;
    label: string;
    test: LiftPeriod;
    spend: number | null;
    calibration: LiftCalibration | null;
    notes: LiftAppMessage[];
    level: number;
  },
): GeoAnswer {
  return {
    method: 'geo',
    source: about.source,
    kpi: about.kpi ? { id: about.kpi.id, name: about.kpi.name, unit: about.kpi.unit } : null,
    measure: about.measure,
    scope: { filter: about.filter, dimension: about.dimension, label: about.label },
    test: about.test,
    pre: run.pre,
    controls: run.controls,
    cell: run.cell,
    spend: about.spend,
    calibration: about.calibration,
    summary: sayAll([run.cell.summary])[0]!,
    notes: sayAll([...about.notes, ...run.cell.notes]),
    draft: draftOf(
      run,
      {
        source: about.source,
        kpi: about.kpi?.id ?? null,
        filter: about.filter,
        dimension: about.dimension,
        label: about.label,
      },
      about.test,
      about.calibration,
      about.level,
    ),
  };
}
