/**
 * A deterministic Ocean Engine (巨量引擎) unit-level daily report of any size, shaped like the
 * UI export: UTF-8, `时间-天` first, names and IDs, 元 amounts, the rate and cost-per columns
 * markpi ignores, and the odd `-` placeholder. Rows are ordered by day, then unit, as the
 * platform writes them; the same row count always gives the same bytes.
 */

import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';

export const OCEAN_HEADER = [
  '时间-天',
  '账户名称',
  '项目名称',
  '项目ID',
  '单元名称',
  '单元ID',
  '消耗',
  '非赠款消耗(元)',
  '展示数',
  '点击数',
  '点击率%',
  '平均点击单价(元)',
  '转化数',
  '平均转化成本',
  '新增粉丝数',
  '播放数',
  '点赞数',
  '评论数',
  '分享数',
] as const;

/** A month of days: the usual span of a daily report. */
const DAYS = 30;
const PROJECTS = [
  '618预热',
  '日常拉新',
  '直播间引流',
  '新品种草',
  '品牌词',
  '大促冲刺',
  '会员召回',
  '短视频带货',
];

/** Small, fast, seedable PRNG (mulberry32) so files are reproducible byte for byte. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isoDay(offset: number): string {
  return new Date(Date.UTC(2026, 4, 1 + offset)).toISOString().slice(0, 10);
}

/**
 * Which report: `brand` names another advertiser's accounts (a report new to a workspace that
 * holds the default one's), `days` how many days it spans from 1 May 2026 (a month by default).
 */
export interface OceanReportShape {
  brand?: number;
  days?: number;
}

/** The report's rows as text lines (no header). */
export function* oceanLines(rows: number, shape: OceanReportShape = {}): Generator<string> {
  const next = random(rows);
  const days = shape.days ?? DAYS;
  const account = shape.brand === undefined ? '品牌旗舰店' : `品牌${shape.brand}旗舰店`;
  const units = Math.max(1, Math.ceil(rows / days));
  let written = 0;
  for (let day = 0; written < rows; day++) {
    const date = isoDay(day % days);
    for (let unit = 0; unit < units && written < rows; unit++, written++) {
      const project = unit % 64;
      const projectName = `${PROJECTS[project % PROJECTS.length]}-${project}`;
      // A few unit names hold the delimiter, as real ones do, so they come quoted.
      const unitName = unit % 97 === 0 ? `"单元${unit},二期"` : `单元${unit}`;
      const impressions = Math.floor(next() * 200_000);
      const clicks = Math.floor(impressions * next() * 0.05);
      const spendFen = Math.floor(impressions * next() * 3);
      const spend = (spendFen / 100).toFixed(2);
      const cash = ((spendFen * 0.9) / 100).toFixed(2);
      const conversions = Math.floor(clicks * next() * 0.1);
      const ctr = impressions > 0 ? ((100 * clicks) / impressions).toFixed(2) : '0.00';
      const cpc = clicks > 0 ? (spendFen / 100 / clicks).toFixed(2) : '-';
      const cpa = conversions > 0 ? (spendFen / 100 / conversions).toFixed(2) : '-';
      const follows = next() < 0.1 ? '-' : String(Math.floor(next() * 50));
      const plays = Math.floor(impressions * next() * 0.4);
      yield [
        date,
        `${account}-${unit % 3}`,
        projectName,
        String(1_787_000_000_000_000 + project),
        unitName,
        String(1_790_000_000_000_000 + unit),
        spend,
        cash,
        impressions,
        clicks,
        ctr,
        cpc,
        conversions,
        cpa,
        follows,
        plays,
        Math.floor(plays * 0.02),
        Math.floor(plays * 0.002),
        Math.floor(plays * 0.001),
      ].join(',');
    }
  }
}

/** Writes (once) and returns the path of an `rows`-row report under `folder`. */
export async function oceanFile(folder: string, rows: number, shape: OceanReportShape = {}): Promise<string> {
  const variant = `${shape.brand === undefined ? '' : `-brand${shape.brand}`}${shape.days === undefined ? '' : `-${shape.days}d`}`;
  const file = `${folder}/ocean-engine-${rows}${variant}.csv`;
  if (existsSync(file)) return file;
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const out = createWriteStream(building, { highWaterMark: 1 << 20 });
  let buffer = `${OCEAN_HEADER.join(',')}\n`;
  for (const line of oceanLines(rows, shape)) {
    buffer += `${line}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  renameSync(building, file);
  return file;
}
