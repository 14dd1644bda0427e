/**
 * What the monitor says to people — incident titles, alert lines, freshness notes, why a KPI is
 * not watched, a run's summary — as a stable key and its parameters, in English and Chinese. Said
 * by the diagnosis's formats through core's message module (`sayMonitorMessage`): `{kpi, kpi}` is
 * the catalog's name of a KPI, `{value, amount}` a figure in the message's `unit`, `{channel,
 * segment}` a channel's name.
 */
import type { Catalog } from '../catalog/catalog.js';
import { type DiagnosisMessage, type Language, sayDiagnosis } from '../diagnosis/messages.js';
import type { MessageTable } from './say.js';

/** Keys are stable; change the words, never a key's meaning. */
export const MONITOR_MESSAGES = {
  // Where: a segment of the workspace.
  'monitor.segment.workspace': { en: 'all channels', zh: '全部渠道' },
  'monitor.segment.channel': { en: '{channel, segment}', zh: '{channel, segment}' },
  'monitor.segment.campaign': { en: 'campaign {name}', zh: '活动「{name}」' },
  'monitor.segment.creator_tier': { en: '{tier} creators', zh: '{tier} 达人' },
  'monitor.segment.creator': { en: 'creator {name}', zh: '达人「{name}」' },
  'monitor.segment.in_channel': {
    en: '{segment} on {channel, segment}',
    zh: '{channel, segment}的{segment}',
  },

  // When.
  'monitor.days.one': { en: 'on {day}', zh: '{day}' },
  'monitor.days.range': { en: 'from {from} to {to}', zh: '{from} 至 {to}' },
  'monitor.direction.above': { en: 'above', zh: '高于' },
  'monitor.direction.below': { en: 'below', zh: '低于' },

  // Incident titles.
  'monitor.title.kpi': {
    en: '{segment}: {kpi, kpi} {direction} expected {days}',
    zh: '{segment}：{days} {kpi, kpi}{direction}预期',
  },
  'monitor.title.kpi_more': {
    en: '{segment}: {kpi, kpi} {direction} expected {days}, with {count, number} related alerts',
    zh: '{segment}：{days} {kpi, kpi}{direction}预期，另有 {count, number} 条相关告警',
  },
  'monitor.title.tracking': {
    en: '{segment}: tracking looks broken {days} — {outcome, measure} stopped while {volume, measure} held',
    zh: '{segment}：{days} 数据追踪疑似中断——{outcome, measure}骤降而{volume, measure}正常',
  },
  'monitor.title.late_source': {
    en: '{channel, segment} account {account} is {days, number} days late: its data ends on {lastDay}',
    zh: '{channel, segment}账户 {account} 的数据已延迟 {days, number} 天：截至 {lastDay}',
  },
  'monitor.title.late_sources': {
    en: '{count, number} sources are up to {days, number} days late: their data ends on {lastDay}',
    zh: '{count, number} 个数据源最多已延迟 {days, number} 天：数据截至 {lastDay}',
  },
  'monitor.title.late_source.one': {
    en: '{channel, segment} account {account} is a day late: its data ends on {lastDay}',
    zh: '{channel, segment}账户 {account} 的数据已延迟 1 天：截至 {lastDay}',
  },

  // An alert on one series, as a line of an incident and as the explanation of a chart's dot.
  'monitor.alert.point': {
    en: '{segment}, {day}: {kpi, kpi} was {value, amount}, {direction} the expected {expected, amount} (usual range {low, amount} to {high, amount}); {rarity}',
    zh: '{segment}，{day}：{kpi, kpi}为 {value, amount}，{direction}预期的 {expected, amount}（正常范围 {low, amount} 至 {high, amount}）；{rarity}',
  },
  'monitor.alert.sustained': {
    en: '{segment}, {day}: {kpi, kpi} had run {direction} expected for {run, number} days: {value, amount} against the expected {expected, amount}; {rarity}',
    zh: '{segment}，{day}：{kpi, kpi}已连续 {run, number} 天{direction}预期：{value, amount}，预期 {expected, amount}；{rarity}',
  },
  'monitor.alert.tracking': {
    en: '{segment}: {outcome, measure} came to {actual, number} {days} where {volume, measure} should have brought {expected, number}, while {volume, measure} held at {share, percent} of usual',
    zh: '{segment}：{days} {outcome, measure}仅为 {actual, number}，按{volume, measure}应有 {expected, number}，而{volume, measure}仍为正常水平的 {share, percent}',
  },
  'monitor.rarity.unusual': {
    en: 'unusual: about once in {wait} by chance',
    zh: '异常：纯属偶然的话，大约每{wait}出现一次',
  },
  'monitor.rarity.very_unusual': {
    en: 'very unusual: about once in {wait} by chance',
    zh: '非常异常：纯属偶然的话，大约每{wait}出现一次',
  },
  'monitor.rarity.extremely_unusual': {
    en: 'extremely unusual: about once in {wait} by chance',
    zh: '极其异常：纯属偶然的话，大约每{wait}出现一次',
  },
  'monitor.rarity.beyond_chance': {
    en: 'far beyond chance: less than once in 1,000 years',
    zh: '远超偶然波动：一千年也不到一次',
  },
  'monitor.wait.minute': { en: '{count, number} minutes', zh: ' {count, number} 分钟' },
  'monitor.wait.minute.one': { en: 'minute', zh: '分钟' },
  'monitor.wait.hour': { en: '{count, number} hours', zh: ' {count, number} 小时' },
  'monitor.wait.hour.one': { en: 'hour', zh: '小时' },
  'monitor.wait.day': { en: '{count, number} days', zh: ' {count, number} 天' },
  'monitor.wait.day.one': { en: 'day', zh: '天' },
  'monitor.wait.week': { en: '{count, number} weeks', zh: ' {count, number} 周' },
  'monitor.wait.week.one': { en: 'week', zh: '周' },
  'monitor.wait.month': { en: '{count, number} months', zh: ' {count, number} 个月' },
  'monitor.wait.month.one': { en: 'month', zh: '个月' },
  'monitor.wait.year': { en: '{count, number} years', zh: ' {count, number} 年' },
  'monitor.wait.year.one': { en: 'year', zh: '年' },

  // Freshness.
  'monitor.freshness.complete': {
    en: 'every active source has data through {day}',
    zh: '所有在用数据源的数据均已到 {day}',
  },
  'monitor.freshness.behind': {
    en: 'data is complete through {complete}; {sources, list} are behind the latest day {latest}',
    zh: '数据完整至 {complete}；{sources, list} 落后于最新日期 {latest}',
  },
  'monitor.freshness.behind.one': {
    en: 'data is complete through {complete}; {sources, list} is behind the latest day {latest}',
    zh: '数据完整至 {complete}；{sources, list} 落后于最新日期 {latest}',
  },
  'monitor.freshness.none': {
    en: 'no source reports daily: the last day with data is {day}',
    zh: '没有按日报送的数据源：最后有数据的日期为 {day}',
  },
  'monitor.freshness.empty': { en: 'the workspace has no data yet', zh: '工作区还没有数据' },
  'monitor.source': {
    en: '{channel, segment} {account} (through {lastDay})',
    zh: '{channel, segment} {account}（截至 {lastDay}）',
  },

  // Why a KPI is not watched, and series that could not be scored.
  'monitor.unwatched.shape': {
    en: '{kpi, kpi} is not watched: its formula is neither a sum nor a ratio of sums (its parts are)',
    zh: '未监控{kpi, kpi}：其公式既不是加和也不是加和之比（其组成部分已监控）',
  },
  'monitor.unwatched.monthly': {
    en: '{kpi, kpi} is not watched by day or week: it reads a ledger kept by month',
    zh: '未按日或按周监控{kpi, kpi}：它读取按月记录的台账',
  },
  'monitor.unwatched.period': {
    en: '{kpi, kpi} is not watched by day or week: it compares a period with the one before, and its parts are watched',
    zh: '未按日或按周监控{kpi, kpi}：它比较一个周期与上一个周期，其组成部分已监控',
  },
  'monitor.unwatched.mix': {
    en: '{kpi, kpi} is not watched by the monitors of every KPI: it is a share that budget decisions move (boosting a post lowers its organic share); a monitor that names it watches it',
    zh: '监控全部指标时不含{kpi, kpi}：它是随预算决策变化的占比（加热一篇内容会降低其自然流量占比）；点名它的监控会监控它',
  },
  'monitor.problem.negative': {
    en: '{kpi, kpi} for {segment} was not scored: it has values below zero',
    zh: '{segment}的{kpi, kpi}未评分：存在小于零的数值',
  },
  'monitor.problem.failed': {
    en: '{kpi, kpi} for {segment} was not scored: {reason}',
    zh: '{segment}的{kpi, kpi}未评分：{reason}',
  },

  // The last run.
  'monitor.run.summary': {
    en: '{series, number} series watched through {through}: {alerts, number} alerts in {incidents, number} incidents ({opened, number} new)',
    zh: '已监控 {series, number} 条序列（截至 {through}）：{alerts, number} 条告警，归入 {incidents, number} 个异常事件（新增 {opened, number} 个）',
  },
  'monitor.run.unchanged': {
    en: 'nothing changed since the last run ({at}): no new data, settings or feedback',
    zh: '自上次运行（{at}）以来没有变化：没有新数据、新设置或新反馈',
  },
} as const satisfies MessageTable;

const MONITOR_TEMPLATE_MAP = new Map(Object.entries(MONITOR_MESSAGES));

/** A monitor message in one language, with the catalog's KPI and measure names when given. */
export function sayMonitorMessage(said: DiagnosisMessage, language: Language, catalog?: Catalog): string {
  return sayDiagnosis(said, language, { ...(catalog ? { catalog } : {}), templates: MONITOR_TEMPLATE_MAP });
}
