import { answerKpiQuery, type RankingRequest, timeZoneOf, type WorkspaceContext } from '@markpi/app';
import {
  addDays,
  COMPARE_PARAMS,
  type CompareParam,
  GRAINS,
  type Grain,
  isValidIsoDate,
  type KpiRequest,
  MarkpiError,
  todayIn,
} from '@markpi/core';

export interface QueryFlags {
  kpis: string;
  by?: string;
  from?: string;
  to?: string;
  where?: string;
  compare?: string;
  tz?: string;
  limit?: string;
  /** A preset (`last_month`) or `event:<name>[@<year>]`, instead of --from/--to. */
  period?: string;
  /** `<kpi>[:asc|desc]`. */
  sort?: string;
  /** `<kpi>=<value>` floors; the flag may be given more than once. */
  min?: string[];
}

/** The question the flags ask: a KPI request with its period and ranking fields. */
export type QueryFlagsRequest = Omit<KpiRequest, 'compare'> &
  RankingRequest & { period?: string; compare?: CompareParam };

const COMPARE_ALIASES: Record<string, CompareParam> = {
  ...Object.fromEntries(COMPARE_PARAMS.map((mode) => [mode, mode])),
  prev: 'previous',
  yoy: 'last_year',
};

/** A flag given more than once, kept in order. */
export function collectFlag(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** `today`, `yesterday`, `-30d` or an ISO date, in the given time zone. */
export function resolveDate(text: string, timeZone: string, flag: string): string {
  const today = todayIn(timeZone);
  if (text === 'today') return today;
  if (text === 'yesterday') return addDays(today, -1);
  const relative = /^-(\d{1,5})d$/.exec(text);
  if (relative) return addDays(today, -Number(relative[1]));
  if (!isValidIsoDate(text)) {
    throw new MarkpiError('invalid_date', `--${flag} ${text} is not a date`, [
      { message: `--${flag} ${text} is not a date`, hint: 'use YYYY-MM-DD, today, yesterday or -30d' },
    ]);
  }
  return text;
}

/**
 * The flags as a planner's question (for commands that take `markpi query`'s flags but neither a
 * named period nor a ranking): comparisons the planner shifts to itself, previous or last_year.
 */
export function kpiRequestFromFlags(flags: QueryFlags, workspaceTimeZone: string): KpiRequest {
  const {
    period: _period,
    sort: _sort,
    min: _min,
    compare,
    ...question
  } = queryRequestFromFlags(
    { ...flags, period: undefined, sort: undefined, min: undefined },
    workspaceTimeZone,
  );
  if (compare !== undefined && compare !== 'previous' && compare !== 'last_year') {
    throw new MarkpiError('invalid_query', `--compare ${flags.compare} is not a comparison`, [
      {
        message: `--compare ${flags.compare} is not a comparison`,
        hint: 'use previous or last_year (or yoy)',
      },
    ]);
  }
  return { ...question, ...(compare ? { compare } : {}) };
}

/** The flags as a question; the window and time zone left out are the workspace's to fill. */
export function queryRequestFromFlags(flags: QueryFlags, workspaceTimeZone: string): QueryFlagsRequest {
  const timeZone = flags.tz ?? workspaceTimeZone;
  let grain: Grain = 'total';
  const dimensions: string[] = [];
  for (const part of splitList(flags.by)) {
    if ((GRAINS as readonly string[]).includes(part) && part !== 'total') {
      if (grain !== 'total')
        throw new MarkpiError('invalid_query', `--by names two time grains: ${grain} and ${part}`);
      grain = part as Grain;
    } else dimensions.push(part);
  }
  let compare: CompareParam | undefined;
  if (flags.compare !== undefined) {
    compare = COMPARE_ALIASES[flags.compare];
    if (!compare) {
      throw new MarkpiError('invalid_query', `--compare ${flags.compare} is not a comparison`, [
        {
          message: `--compare ${flags.compare} is not a comparison`,
          hint: `use one of ${COMPARE_PARAMS.join(', ')} (or yoy)`,
        },
      ]);
    }
  }
  const limit = flags.limit !== undefined ? Number(flags.limit) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
    throw new MarkpiError('invalid_query', `--limit ${flags.limit} is not a positive whole number`);
  }
  if (flags.period !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
    throw new MarkpiError('invalid_flag', '--period names the window: leave out --from and --to', [
      { message: '--period names the window: leave out --from and --to', hint: 'e.g. --period last_month' },
    ]);
  }
  return {
    kpis: splitList(flags.kpis),
    dimensions,
    grain,
    timeZone,
    ...(flags.from ? { from: resolveDate(flags.from, timeZone, 'from') } : {}),
    ...(flags.to ? { to: resolveDate(flags.to, timeZone, 'to') } : {}),
    ...(flags.where ? { filter: flags.where } : {}),
    ...(compare ? { compare } : {}),
    ...(limit ? { limit } : {}),
    ...(flags.period ? { period: flags.period } : {}),
    ...(flags.sort ? { sort: flags.sort } : {}),
    ...(flags.min && flags.min.length > 0 ? { min: flags.min } : {}),
  };
}

export async function runQueryCommand(flags: QueryFlags, workspace: WorkspaceContext) {
  return answerKpiQuery(workspace, queryRequestFromFlags(flags, timeZoneOf(workspace)), 'flags');
}
