/**
 * `markpi search-visibility`: per platform and keyword, the brand's indexed posts, its share of
 * the top ten results with the weekly trend, and the creators whose posts hold the positions.
 */
import { type SearchVisibilityReport, searchVisibilityReport } from '@markpi/app';
import { type CreatorLanguage, sayCreators } from '@markpi/core';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import type { OutputFormat } from '../output.js';
import { csvOf } from '../output.js';
import { count, type ViewFlags, viewFlags, windowLine, windowRequest } from './creators.js';

const LABELS = {
  channel: { en: 'platform', zh: '平台' },
  keyword: { en: 'keyword', zh: '关键词' },
  snapshots: { en: 'snapshots', zh: '快照数' },
  indexed: { en: 'indexed posts', zh: '有效收录篇数' },
  share: { en: 'top-10 share', zh: '前十屏占比' },
  trend: { en: 'trend / week', zh: '周趋势' },
  holders: { en: 'top-10 positions held by', zh: '占据前十的达人' },
} as const;

const points = (value: number | null) =>
  value === null ? '–' : `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} pt`;
const share = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

export function renderSearchVisibility(
  report: SearchVisibilityReport,
  format: OutputFormat,
  lang: CreatorLanguage,
): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const records = report.keywords.map((entry) => ({
    channel: entry.channel,
    keyword: entry.keyword,
    snapshots: entry.snapshots,
    indexed_posts: entry.indexedPosts,
    share_of_voice: entry.shareOfVoice,
    trend_per_week: entry.trendPerWeek,
    holders: entry.holders
      .slice(0, 3)
      .map((holder) => `${holder.label ?? holder.creator}:${holder.top10Results}`)
      .join(' '),
  }));
  if (format === 'csv') return records.length === 0 ? '' : csvOf(records, { header: true });
  const table = new Table({
    head: [
      LABELS.channel,
      LABELS.keyword,
      LABELS.snapshots,
      LABELS.indexed,
      LABELS.share,
      LABELS.trend,
      LABELS.holders,
    ].map((label) => label[lang]),
    style: { head: [], border: [] },
  });
  for (const entry of report.keywords)
    table.push([
      entry.channel,
      entry.keyword,
      String(entry.snapshots),
      count(entry.indexedPosts),
      share(entry.shareOfVoice),
      points(entry.trendPerWeek),
      entry.holders
        .slice(0, 3)
        .map((holder) => `${holder.label ?? holder.creator} ${share(holder.top10Share)}`)
        .join(lang === 'zh' ? '、' : ', '),
    ]);
  const notes = report.notes.map((note) => `  · ${sayCreators(note, lang)}`);
  return `${[windowLine(report.window, lang), report.keywords.length > 0 ? table.toString() : '', ...notes].filter(Boolean).join('\n')}\n`;
}

export function registerSearchVisibilityCommand(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  viewFlags(
    program
      .command('search-visibility')
      .description(
        'indexed posts, top-ten share of voice and its trend per keyword, and who holds the positions',
      ),
  )
    .option('--keyword <keyword>', 'one keyword only')
    .action(async (flags: ViewFlags & { keyword?: string }) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const report = await searchVisibilityReport(workspace, {
          ...windowRequest(flags, workspace.catalog.config.time_zone),
          ...(flags.keyword ? { keyword: flags.keyword } : {}),
        });
        io.out(renderSearchVisibility(report, flags.format, flags.lang));
      });
    });
}
