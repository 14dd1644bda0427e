/**
 * `markpi audiences`: O-5A stage sizes at the start and end of the window, the reported
 * transfers from A1 and A2 to A3 with their rates, and how the A3 pool grew before each
 * promotion.
 */
import { type AudienceReport, audienceReport } from '@markpi/app';
import { type CreatorLanguage, MarkpiError, sayCreators } from '@markpi/core';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import type { OutputFormat } from '../output.js';
import { csvOf } from '../output.js';
import { count, share, type ViewFlags, viewFlags, windowLine, windowRequest } from './creators.js';

const LABELS = {
  stage: { en: 'stage', zh: '阶段' },
  opening: { en: 'opening', zh: '期初' },
  closing: { en: 'closing', zh: '期末' },
  change: { en: 'change', zh: '变化' },
  flow: { en: 'flow', zh: '流转' },
  users: { en: 'users', zh: '人数' },
  rate: { en: 'rate', zh: '流转率' },
  promotion: { en: 'promotion', zh: '大促' },
  starts: { en: 'starts', zh: '开始' },
  growth: { en: 'A3 growth in the {days} days before', zh: '开始前 {days} 天 A3 增长' },
  previous: { en: 'the {days} days before that', zh: '再之前 {days} 天' },
} as const;

const STAGE_NAMES = { a1: 'A1', a2: 'A2', a3: 'A3', a4: 'A4', a5: 'A5', a1_a2: 'A1+A2' } as const;

export function renderAudiences(report: AudienceReport, format: OutputFormat, lang: CreatorLanguage): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const scopes = [{ channel: 'all', flows: report.total }, ...report.channels];
  if (format === 'csv') {
    const records = scopes.flatMap((scope) => [
      ...scope.flows.stages.map((stage) => ({
        channel: scope.channel,
        row: stage.stage,
        opening: stage.opening,
        closing: stage.closing,
        users: stage.change,
        rate: stage.changeRate,
      })),
      ...scope.flows.flows.map((flow) => ({
        channel: scope.channel,
        row: `${flow.from}>${flow.to}`,
        opening: null,
        closing: null,
        users: flow.users,
        rate: flow.rate,
      })),
    ]);
    return csvOf(records, { header: true });
  }
  const parts = [windowLine(report.window, lang)];
  for (const scope of scopes) {
    const table = new Table({
      head: [LABELS.stage, LABELS.opening, LABELS.closing, LABELS.change].map((label) => label[lang]),
      style: { head: [], border: [] },
    });
    for (const stage of scope.flows.stages)
      table.push([
        STAGE_NAMES[stage.stage],
        count(stage.opening),
        count(stage.closing),
        share(stage.changeRate),
      ]);
    const flows = new Table({
      head: [LABELS.flow, LABELS.users, LABELS.rate].map((label) => label[lang]),
      style: { head: [], border: [] },
    });
    for (const flow of scope.flows.flows)
      flows.push([
        `${STAGE_NAMES[flow.from]} → ${STAGE_NAMES[flow.to]}`,
        count(flow.users),
        share(flow.rate),
      ]);
    parts.push(scope.channel, table.toString(), flows.toString());
  }
  for (const note of report.total.notes) parts.push(`  · ${sayCreators(note, lang)}`);
  if (report.promotions.length > 0) {
    const days = String(report.promotions[0]!.growth.days);
    const table = new Table({
      head: [
        LABELS.promotion[lang],
        LABELS.starts[lang],
        LABELS.growth[lang].replace('{days}', days),
        LABELS.previous[lang].replace('{days}', days),
      ],
      style: { head: [], border: [] },
    });
    for (const promotion of report.promotions) {
      const said = (window: { growth: number | null; rate: number | null }) =>
        window.growth === null
          ? '–'
          : `${window.growth >= 0 ? '+' : ''}${count(window.growth)} (${share(window.rate)})`;
      table.push([
        promotion.name ?? promotion.campaign,
        promotion.start,
        said(promotion.growth.before),
        said(promotion.growth.previous),
      ]);
    }
    parts.push(table.toString());
  }
  return `${parts.join('\n')}\n`;
}

export function registerAudienceCommand(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  viewFlags(
    program
      .command('audiences')
      .description(
        'O-5A stage sizes and the flows to A3 between two dates, and A3 growth before each promotion',
      ),
  )
    .option('--days <n>', 'days of A3 growth before each promotion', '30')
    .option('--promotion <campaign>', 'one promotion only (its campaign id)')
    .action(async (flags: ViewFlags & { days: string; promotion?: string }) => {
      const days = Number(flags.days);
      if (!Number.isInteger(days) || days < 1)
        throw new MarkpiError('invalid_flag', `--days ${flags.days} is not a whole number of days`, [
          { message: `--days ${flags.days} is not a whole number of days`, hint: 'e.g. --days 30' },
        ]);
      await withWorkspace(globals(), io, async (workspace) => {
        const report = await audienceReport(workspace, {
          ...windowRequest(flags, workspace.catalog.config.time_zone),
          days,
          ...(flags.promotion ? { promotion: flags.promotion } : {}),
        });
        io.out(renderAudiences(report, flags.format, flags.lang));
      });
    });
}
