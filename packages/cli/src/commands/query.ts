import { answerKpiQuery, timeZoneOf, type WorkspaceContext } from '@markpi/app';
import {
  addDays,
  COMPARISONS,
  type Comparison,
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
}

const COMPARE_ALIASES: Record<string, Comparison> = {
  previous: 'previous',
  prev: 'previous',
  last_year: 'last_year',
  yoy: 'last_year',
};

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

/** The flags as a question; the window and time zone left out are the workspace's to fill. */
export function kpiRequestFromFlags(flags: QueryFlags, workspaceTimeZone: string): KpiRequest {
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
  let compare: Comparison | undefined;
  if (flags.compare !== undefined) {
    compare = COMPARE_ALIASES[flags.compare];
    if (!compare) {
      throw new MarkpiError('invalid_query', `--compare ${flags.compare} is not a comparison`, [
        {
          message: `--compare ${flags.compare} is not a comparison`,
          hint: `use one of ${COMPARISONS.join(', ')} (or yoy)`,
        },
      ]);
    }
  }
  const limit = flags.limit !== undefined ? Number(flags.limit) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
    throw new MarkpiError('invalid_query', `--limit ${flags.limit} is not a positive whole number`);
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
  };
}

export async function runQueryCommand(flags: QueryFlags, workspace: WorkspaceContext) {
  return answerKpiQuery(workspace, kpiRequestFromFlags(flags, timeZoneOf(workspace)), 'flags');
}
