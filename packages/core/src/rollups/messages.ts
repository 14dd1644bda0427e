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
