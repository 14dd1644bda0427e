/**
 * What the planner says about a rollup it read, as a stable key and its parameters (the pattern
 * of `targets/messages.ts`), with the English and the Chinese side by side so neither lags.
 * Parameters are data: rollup names and ISO dates as given.
 */
import type { RollupUse } from '../plan/compile.js';
import { addDays } from '../plan/dates.js';

export type RollupLanguage = 'en' | 'zh';

export interface RollupMessage {
  key: RollupMessageKey;
  params: Record<string, string>;
}

const TEMPLATES = {
  /** Whole buckets from the rollup, nothing from the raw fact. */
  'rollup.read': {
    en: (p: Record<string, string>) => `read from rollup ${p.rollup} (${p.table}), ${p.from} to ${p.to}`,
    zh: (p: Record<string, string>) => `从汇总表 ${p.rollup}（${p.table}）读取 ${p.from} 至 ${p.to}`,
  },
  /** Whole buckets from the rollup and the window's edges from the raw fact. */
  'rollup.read_with_edges': {
    en: (p: Record<string, string>) =>
      `read from rollup ${p.rollup} (${p.table}), ${p.from} to ${p.to}; the days ${p.edges} from the raw table`,
    zh: (p: Record<string, string>) =>
      `从汇总表 ${p.rollup}（${p.table}）读取 ${p.from} 至 ${p.to}；${p.edges} 各天从原始明细表读取`,
  },
  /** No scan could be answered from a rollup. */
  'rollup.none': {
    en: (_p: Record<string, string>) => 'no rollup covers this question: every scan reads the raw table',
    zh: (_p: Record<string, string>) => '没有汇总表能覆盖此问题：全部从原始明细表读取',
  },
  // Who asks a proposed rollup's questions (`markpi rollups plan`).
  'rollup.asked.overview': {
    en: (_p: Record<string, string>) => 'the overview (tiles, daily series, funnel by channel)',
    zh: (_p: Record<string, string>) => '概览（指标卡、每日趋势、分渠道漏斗）',
  },
  'rollup.asked.explore': {
    en: (_p: Record<string, string>) => 'Explore’s first view (by channel and month)',
    zh: (_p: Record<string, string>) => '探索页的初始视图（按渠道和月）',
  },
  'rollup.asked.view': {
    en: (p: Record<string, string>) => `saved view “${p.name}”`,
    zh: (p: Record<string, string>) => `已保存视图「${p.name}」`,
  },
  'rollup.asked.board': {
    en: (p: Record<string, string>) => `view “${p.view}” on board “${p.board}”`,
    zh: (p: Record<string, string>) => `看板「${p.board}」上的视图「${p.view}」`,
  },
  'rollup.asked.target': {
    en: (p: Record<string, string>) => `pacing of the ${p.kpi} target (${p.scope})`,
    zh: (p: Record<string, string>) => `${p.kpi} 目标（${p.scope}）的进度`,
  },
  'rollup.asked.scorecard': {
    en: (p: Record<string, string>) => `scorecards by ${p.by} (${p.kpis})`,
    zh: (p: Record<string, string>) => `按 ${p.by} 的计分卡（${p.kpis}）`,
  },
  'rollup.asked.monitor': {
    en: (p: Record<string, string>) => `monitor “${p.name}” by ${p.level}`,
    zh: (p: Record<string, string>) => `监控「${p.name}」按 ${p.level}`,
  },
  'rollup.asked.monitor_workspace': {
    en: (p: Record<string, string>) => `monitor “${p.name}” over the whole workspace`,
    zh: (p: Record<string, string>) => `监控「${p.name}」（整个工作区）`,
  },
  'rollup.asked.pin': {
    en: (_p: Record<string, string>) => 'pinned in markpi.yaml',
    zh: (_p: Record<string, string>) => '在 markpi.yaml 中固定',
  },
  'rollup.asked.other': {
    en: (p: Record<string, string>) => `${p.id}`,
    zh: (p: Record<string, string>) => `${p.id}`,
  },
  /** How the plan chose, said under it. */
  'rollup.plan.rule': {
    en: (p: Record<string, string>) =>
      `chosen greedily by rows saved per row stored (each question weighed by its runs a day times the days it reads), within ${p.budget} rows: ${p.used} taken`,
    zh: (p: Record<string, string>) =>
      `按“每存一行可少读的行数”贪心选择（每个问题按每日运行次数乘以读取天数加权），预算 ${p.budget} 行，已用 ${p.used} 行`,
  },
  /** Which of the workspace's questions the plan read. */
  'rollup.plan.read': {
    en: (p: Record<string, string>) =>
      `questions read: the overview, Explore’s first view; saved views: ${p.views} (shared boards: ${p.boards}), targets: ${p.targets}, scorecard dimensions: ${p.scorecards}, monitors: ${p.monitors}`,
    zh: (p: Record<string, string>) =>
      `已读取的问题：概览、探索页初始视图；已保存视图 ${p.views} 个（共享看板 ${p.boards} 个），目标 ${p.targets} 个，计分卡维度 ${p.scorecards} 个，监控 ${p.monitors} 个`,
  },
} as const;

export type RollupMessageKey = keyof typeof TEMPLATES;

/** Every rollup message key, for clients that check their translations are complete. */
export const ROLLUP_MESSAGE_KEYS = Object.freeze(Object.keys(TEMPLATES) as RollupMessageKey[]);

/** The message telling where one scan's rows came from. Dates are inclusive. */
export function rollupUseMessage(use: RollupUse): RollupMessage {
  const base = {
    rollup: use.rollup,
    table: use.table,
    from: use.whole.from,
    to: addDays(use.whole.toExclusive, -1),
  };
  if (use.edges.length === 0) return { key: 'rollup.read', params: base };
  const edges = use.edges.map((edge) => `${edge.from}–${addDays(edge.toExclusive, -1)}`).join(', ');
  return { key: 'rollup.read_with_edges', params: { ...base, edges } };
}

export function sayRollupMessage(message: RollupMessage, language: RollupLanguage = 'en'): string {
  return TEMPLATES[message.key][language](message.params);
}
