/**
 * `markpi creators`: leaderboards per tier with the KPIs each tier is judged by, a creator's
 * page, and the creators worth hiring again; `markpi creators import-roster` takes an agency's,
 * 星图's or 蒲公英's creator list (or any with a mapping) into the registry. Registers
 * `markpi search-visibility` and `markpi audiences` too. JSON prints what the API returns; the table and CSV say the sentences
 * in the chosen language.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type CreatorLeaderboardRequest,
  type CreatorLeaderboards,
  type CreatorPage,
  creatorLeaderboards,
  creatorPage,
  importCreatorRoster,
  type RehireList,
  rehireCandidates,
  rosterMappingProfile,
} from '@markpi/app';
import {
  CREATOR_METRICS,
  CREATOR_TIERS,
  type CreatorLanguage,
  type CreatorMetric,
  type CreatorTier,
  type LeaderboardRow,
  MarkpiError,
  sayCreators,
} from '@markpi/core';
import { fileSource, type RosterImportReport, sayRoster } from '@markpi/importers';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { readingFile } from '../edge-errors.js';
import { csvOf, FORMATS, type OutputFormat } from '../output.js';
import { registerAudienceCommand } from './audiences.js';
import { resolveDate } from './query.js';
import { registerSearchVisibilityCommand } from './search-visibility.js';

export interface ViewFlags {
  from?: string;
  to?: string;
  channel?: string;
  lang: CreatorLanguage;
  format: OutputFormat;
}

interface CreatorFlags extends ViewFlags {
  tier?: string;
  minSpend?: string;
  minPosts?: string;
  sort?: string;
}

export const METRIC_LABELS: Record<CreatorMetric, Record<CreatorLanguage, string>> = {
  cpe: { en: 'CPE (fee + spend)', zh: '单次互动成本(费用+消耗)' },
  engagement_rate: { en: 'engagement rate', zh: '参与度' },
  viral_rate: { en: 'viral ≥1,000', zh: '爆文率≥1000' },
  viral_rate_5k: { en: 'viral ≥5,000', zh: '爆文率≥5000' },
  completion_rate_5s: { en: '5 s completion', zh: '5秒完播率' },
  completion_rate_50: { en: '50% completion', zh: '50%完播率' },
  save_rate: { en: 'save rate', zh: '收藏率' },
  effective_indexed_posts: { en: 'indexed posts', zh: '有效收录篇数' },
  share_of_voice: { en: 'top-10 share', zh: '前十屏占比' },
  cost_per_indexed_post: { en: 'cost per indexed post', zh: '单篇收录成本' },
};

const PERCENT_METRICS = new Set<CreatorMetric>([
  'engagement_rate',
  'viral_rate',
  'viral_rate_5k',
  'completion_rate_5s',
  'completion_rate_50',
  'save_rate',
  'share_of_voice',
]);

export const LABELS = {
  creator: { en: 'creator', zh: '达人' },
  tier: { en: 'tier', zh: '层级' },
  rank: { en: 'rank', zh: '排名' },
  posts: { en: 'posts', zh: '内容数' },
  cost: { en: 'cost', zh: '花费' },
  fee: { en: 'fee', zh: '费用' },
  spend: { en: 'media spend', zh: '媒体消耗' },
  quadrant: { en: 'quadrant', zh: '象限' },
  rehire: { en: 're-hire', zh: '复投' },
  median: { en: 'tier median', zh: '层级中位数' },
  belowCut: { en: 'under the minimum cost (not ranked)', zh: '低于最低花费(不排名)' },
  notes: { en: 'Notes', zh: '说明' },
  yes: { en: 'yes', zh: '是' },
  none: { en: 'nothing to show', zh: '无数据' },
  window: { en: 'from {from} to {to}', zh: '{from} 至 {to}' },
  title: { en: 'title', zh: '标题' },
  published: { en: 'published', zh: '发布日期' },
  views: { en: 'views', zh: '播放/阅读' },
  likes: { en: 'likes', zh: '点赞' },
  interactions: { en: 'interactions', zh: '互动' },
  attributed: { en: 'attributed GMV', zh: '归因GMV' },
  roi: { en: 'ROI', zh: 'ROI' },
  keyword: { en: 'keyword', zh: '关键词' },
  top10: { en: 'top-10 results held', zh: '占据前十条数' },
  category: { en: 'category', zh: '类目' },
  agency: { en: 'agency', zh: '所属机构' },
  accounts: { en: 'accounts', zh: '账号' },
} as const;

const QUADRANTS: Record<string, Record<CreatorLanguage, string>> = {
  star: { en: 'star (high cost, high result)', zh: '明星(高花费高产出)' },
  bargain: { en: 'bargain (low cost, high result)', zh: '高性价比(低花费高产出)' },
  costly: { en: 'costly (high cost, low result)', zh: '高成本(高花费低产出)' },
  minor: { en: 'minor (low cost, low result)', zh: '小体量(低花费低产出)' },
};

export const TIER_NAMES: Record<CreatorTier, string> = { kol: 'KOL', kos: 'KOS', koc: 'KOC' };

export const money = (value: number | null) =>
  value === null
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
export const share = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);
export const count = (value: number | null) =>
  value === null ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: 2 });

export function metricValue(metric: CreatorMetric, value: number | null): string {
  if (PERCENT_METRICS.has(metric)) return share(value);
  if (metric === 'effective_indexed_posts') return count(value);
  return money(value);
}

export const windowLine = (window: { from: string; to: string }, lang: CreatorLanguage) =>
  LABELS.window[lang].replace('{from}', window.from).replace('{to}', window.to);

/** `--from`, `--to`, `--channel`, `--lang` and `--format`, shared by the three views. */
export const viewFlags = (command: Command): Command =>
  command
    .option('--from <date>', 'first day (YYYY-MM-DD, today, -30d); default 29 days before --to')
    .option('--to <date>', 'last day; default the last day with data')
    .option('--channel <channel>', 'one platform only (douyin, xiaohongshu, …)')
    .addOption(
      new Option('--lang <lang>', 'language of the table and the sentences')
        .choices(['en', 'zh'])
        .default('en'),
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'));

export function windowRequest(flags: ViewFlags, timeZone: string) {
  return {
    ...(flags.from ? { from: resolveDate(flags.from, timeZone, 'from') } : {}),
    ...(flags.to ? { to: resolveDate(flags.to, timeZone, 'to') } : {}),
    ...(flags.channel ? { channel: flags.channel } : {}),
  };
}

function wholeNumber(text: string | undefined, flag: string, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < minimum || (flag === '--min-posts' && !Number.isInteger(value)))
    throw new MarkpiError('invalid_flag', `${flag} ${text} is not a number of at least ${minimum}`, [
      { message: `${flag} ${text} is not a number of at least ${minimum}`, hint: `e.g. ${flag} 5000` },
    ]);
  return value;
}

function leaderboardRequest(flags: CreatorFlags, timeZone: string): CreatorLeaderboardRequest {
  if (flags.sort !== undefined && !(CREATOR_METRICS as readonly string[]).includes(flags.sort))
    throw new MarkpiError('invalid_flag', `--sort ${flags.sort} is not a creator KPI`, [
      {
        message: `--sort ${flags.sort} is not a creator KPI`,
        hint: `use one of ${CREATOR_METRICS.join(', ')}`,
      },
    ]);
  const minSpend = wholeNumber(flags.minSpend, '--min-spend', 0);
  const minPosts = wholeNumber(flags.minPosts, '--min-posts', 1);
  return {
    ...windowRequest(flags, timeZone),
    ...(flags.tier ? { tier: flags.tier as CreatorTier } : {}),
    ...(minSpend !== undefined ? { minSpend } : {}),
    ...(minPosts !== undefined ? { minPosts } : {}),
    ...(flags.sort ? { sortBy: flags.sort as CreatorMetric } : {}),
  };
}

const nameOf = (row: { creator: string; label?: string }) =>
  row.label ? `${row.label} (${row.creator})` : row.creator;

function boardRecords(answer: CreatorLeaderboards): Record<string, string | number | null>[] {
  return answer.boards.flatMap((board) =>
    [...board.ranked, ...board.belowCut].map((row) => ({
      tier: board.tier,
      rank: row.rank,
      creator: row.creator,
      name: row.label ?? '',
      posts: row.posts,
      fee: row.fee,
      spend: row.spend,
      cost: row.cost,
      ...Object.fromEntries(board.metrics.map((metric) => [metric, row.values[metric]])),
      quadrant: row.quadrant,
      rehire: row.rehire.signal ? 1 : 0,
    })),
  );
}

export function renderLeaderboards(
  answer: CreatorLeaderboards,
  format: OutputFormat,
  lang: CreatorLanguage,
): string {
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  if (format === 'csv') {
    const records = boardRecords(answer);
    return records.length === 0
      ? ''
      : csvOf(records, { header: true, columns: [...new Set(records.flatMap(Object.keys))] });
  }
  const parts = [windowLine(answer.window, lang)];
  for (const board of answer.boards) {
    const head = [
      LABELS.rank[lang],
      LABELS.creator[lang],
      LABELS.posts[lang],
      LABELS.cost[lang],
      ...board.metrics.map((metric) => METRIC_LABELS[metric][lang]),
      LABELS.quadrant[lang],
      LABELS.rehire[lang],
    ];
    const table = new Table({ head, style: { head: [], border: [] } });
    const line = (row: LeaderboardRow) => [
      row.rank === null ? '–' : String(row.rank),
      nameOf(row),
      String(row.posts),
      money(row.cost),
      ...board.metrics.map((metric) => metricValue(metric, row.values[metric])),
      row.quadrant ? QUADRANTS[row.quadrant]![lang] : '–',
      row.rehire.signal ? LABELS.yes[lang] : '',
    ];
    for (const row of board.ranked) table.push(line(row));
    table.push([
      '',
      LABELS.median[lang],
      '',
      '',
      ...board.metrics.map((metric) => metricValue(metric, board.medians[metric])),
      '',
      '',
    ]);
    if (board.belowCut.length > 0) {
      table.push([{ colSpan: head.length, content: LABELS.belowCut[lang] }]);
      for (const row of board.belowCut) table.push(line(row));
    }
    parts.push(`${TIER_NAMES[board.tier]}\n${table.toString()}`);
    for (const note of board.notes) parts.push(`  · ${sayCreators(note, lang)}`);
  }
  for (const note of answer.notes) parts.push(`  · ${sayCreators(note, lang)}`);
  return `${parts.join('\n')}\n`;
}

export function renderRehire(list: RehireList, format: OutputFormat, lang: CreatorLanguage): string {
  if (format === 'json') return `${JSON.stringify(list, null, 2)}\n`;
  const records = list.creators.map((row) => ({
    tier: row.tier,
    rank: row.rank,
    creator: row.creator,
    name: row.label ?? '',
    posts: row.posts,
    cost: row.cost,
    beats: row.rehire.beats.join(' '),
    reason: sayCreators(row.rehire.reason, lang),
  }));
  if (format === 'csv') return records.length === 0 ? '' : csvOf(records, { header: true });
  const table = new Table({
    head: [
      LABELS.tier[lang],
      LABELS.rank[lang],
      LABELS.creator[lang],
      LABELS.posts[lang],
      LABELS.cost[lang],
      LABELS.rehire[lang],
    ],
    style: { head: [], border: [] },
  });
  for (const row of list.creators)
    table.push([
      TIER_NAMES[row.tier],
      String(row.rank ?? '–'),
      nameOf(row),
      String(row.posts),
      money(row.cost),
      sayCreators(row.rehire.reason, lang),
    ]);
  return `${windowLine(list.window, lang)}\n${list.creators.length === 0 ? LABELS.none[lang] : table.toString()}\n`;
}

export function renderCreatorPage(page: CreatorPage, format: OutputFormat, lang: CreatorLanguage): string {
  if (format === 'json') return `${JSON.stringify(page, null, 2)}\n`;
  const posts = page.posts.map((post) => ({
    content: post.content,
    title: post.title ?? '',
    published: post.publishedOn ?? '',
    format: post.format ?? '',
    fee: post.fee,
    spend: post.spend,
    views: post.views,
    likes: post.likes,
    interactions: post.interactions,
    cpe: post.cpe,
  }));
  if (format === 'csv') return posts.length === 0 ? '' : csvOf(posts, { header: true });
  const parts = [
    `${page.creator.label} (${page.creator.creator}) · ${page.tier ? TIER_NAMES[page.tier] : '–'} · ${page.creator.channel ?? '–'} · ${windowLine(page.window, lang)}`,
    `${LABELS.category[lang]} ${page.creator.category ?? '–'} · ${LABELS.agency[lang]} ${page.creator.agency ?? '–'}`,
    ...(page.creator.accounts.length > 0
      ? [
          `${LABELS.accounts[lang]}: ${page.creator.accounts
            .map(
              (account) =>
                `${account.channel} ${account.accountName ?? account.account} (${count(account.followers)})`,
            )
            .join(' · ')}`,
        ]
      : []),
    `${LABELS.fee[lang]} ${money(page.cost.fee)} + ${LABELS.spend[lang]} ${money(page.cost.spend)} = ${LABELS.cost[lang]} ${money(page.cost.total)}`,
  ];
  if (page.standing) {
    const metrics = page.standing.rank === null ? [] : Object.keys(page.standing.values);
    const table = new Table({
      head: ['', page.creator.label, LABELS.median[lang]],
      style: { head: [], border: [] },
    });
    for (const metric of metrics as CreatorMetric[]) {
      if (page.metrics?.[metric] === null && page.medians?.[metric] === null) continue;
      table.push([
        METRIC_LABELS[metric][lang],
        metricValue(metric, page.standing.values[metric]),
        metricValue(metric, page.medians?.[metric] ?? null),
      ]);
    }
    parts.push(
      `${LABELS.rank[lang]} ${page.standing.rank ?? '–'} · ${LABELS.rehire[lang]}: ${sayCreators(page.standing.rehire.reason, lang)}`,
    );
    if (metrics.length > 0) parts.push(table.toString());
  }
  const postTable = new Table({
    head: [
      LABELS.published[lang],
      LABELS.title[lang],
      LABELS.fee[lang],
      LABELS.spend[lang],
      LABELS.views[lang],
      LABELS.likes[lang],
      LABELS.interactions[lang],
      METRIC_LABELS.cpe[lang],
    ],
    style: { head: [], border: [] },
  });
  for (const post of page.posts)
    postTable.push([
      post.publishedOn ?? '–',
      post.title ?? post.content,
      money(post.fee),
      money(post.spend),
      count(post.views),
      count(post.likes),
      count(post.interactions),
      money(post.cpe),
    ]);
  parts.push(page.posts.length === 0 ? LABELS.none[lang] : postTable.toString());
  if (page.keywords.length > 0) {
    const keywords = new Table({
      head: [
        LABELS.keyword,
        METRIC_LABELS.effective_indexed_posts,
        LABELS.top10,
        METRIC_LABELS.share_of_voice,
      ].map((label) => label[lang]),
      style: { head: [], border: [] },
    });
    for (const entry of page.keywords)
      keywords.push([
        `${entry.keyword} (${entry.channel})`,
        count(entry.indexedPosts),
        `${count(entry.top10Results)} / ${count(entry.keywordTop10)}`,
        share(entry.shareOfVoice),
      ]);
    parts.push(keywords.toString());
  }
  if (page.attributed) {
    parts.push(
      `${LABELS.attributed[lang]}: ${page.attributed.map((entry) => `${entry.model} ${money(entry.value)} (${LABELS.roi[lang]} ${share(entry.roi)})`).join(' · ')}`,
    );
  }
  return `${parts.join('\n')}\n`;
}

const ROSTER_LABELS = {
  file: { en: 'file', zh: '文件' },
  status: { en: 'status', zh: '状态' },
  profile: { en: 'read as', zh: '识别为' },
  rows: { en: 'rows', zh: '行数' },
  added: { en: 'creators added', zh: '新增达人' },
  updated: { en: 'creators updated', zh: '更新达人' },
  accounts: { en: 'accounts', zh: '账号数' },
  rejected: { en: 'rejected rows', zh: '拒绝行数' },
  row: { en: 'row', zh: '行' },
  column: { en: 'column', zh: '列' },
  reason: { en: 'reason', zh: '原因' },
} as const;

/** The roster formats by name; a profile this list does not know is shown by its id. */
const ROSTER_PROFILE_NAMES: Record<string, Record<CreatorLanguage, string>> = {
  agency_roster: { en: 'agency roster', zh: '机构达人名单' },
  xingtu_creators: { en: 'Xingtu creator list', zh: '星图达人列表' },
  pugongying_creators: { en: 'Pugongying creator list', zh: '蒲公英达人列表' },
  mapping: { en: 'read with a mapping', zh: '按映射读取' },
};

const ROSTER_STATUS: Record<RosterImportReport['status'], Record<CreatorLanguage, string>> = {
  imported: { en: 'imported', zh: '已导入' },
  already_imported: { en: 'already imported (same bytes)', zh: '已导入过(文件相同)' },
  dry_run: { en: 'read only (dry run)', zh: '仅读取(试运行)' },
};

/** A roster mapping file (YAML, or JSON by its extension) as the profile it describes. */
function readRosterMapping(file: string, cwd: string) {
  const text = readingFile(file, cwd, () => readFileSync(path.resolve(cwd, file), 'utf8'));
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const format = file.endsWith('.json') ? 'JSON' : 'YAML';
    throw new MarkpiError('import.mapping_invalid', `${file}: not valid ${format}`, [
      {
        file,
        message: (error as Error).message.split('\n')[0] ?? '',
        hint: `fix the ${format} where it says`,
      },
    ]);
  }
  return rosterMappingProfile(value, file);
}

export function renderRosterReport(
  report: RosterImportReport,
  format: OutputFormat,
  lang: CreatorLanguage,
): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const rejected = report.rejected.map((rejection) => ({
    row: rejection.row,
    column: rejection.column,
    reason: sayRoster(rejection.reason, rejection.params, lang),
  }));
  if (format === 'csv') {
    return csvOf(
      [
        {
          file: report.file,
          status: report.status,
          profile: report.profile ?? '',
          rows: report.rowsRead,
          creators_added: report.creatorsAdded,
          creators_updated: report.creatorsUpdated,
          accounts: report.accounts,
          rejected: report.rejected.length,
        },
      ],
      { header: true },
    );
  }
  const summary = new Table();
  summary.push(
    { [ROSTER_LABELS.file[lang]]: report.file },
    { [ROSTER_LABELS.status[lang]]: ROSTER_STATUS[report.status][lang] },
    {
      [ROSTER_LABELS.profile[lang]]: report.profile
        ? (ROSTER_PROFILE_NAMES[report.profile]?.[lang] ?? report.profile)
        : '–',
    },
    { [ROSTER_LABELS.rows[lang]]: count(report.rowsRead) },
    { [ROSTER_LABELS.added[lang]]: count(report.creatorsAdded) },
    { [ROSTER_LABELS.updated[lang]]: count(report.creatorsUpdated) },
    { [ROSTER_LABELS.accounts[lang]]: count(report.accounts) },
    { [ROSTER_LABELS.rejected[lang]]: count(report.rejected.length) },
  );
  const parts = [summary.toString()];
  if (rejected.length > 0) {
    const table = new Table({
      head: [ROSTER_LABELS.row[lang], ROSTER_LABELS.column[lang], ROSTER_LABELS.reason[lang]],
    });
    for (const entry of rejected) table.push([entry.row, entry.column, entry.reason]);
    parts.push(table.toString());
  }
  return `${parts.join('\n')}\n`;
}

interface RosterFlags {
  mapping?: string;
  force?: boolean;
  dryRun?: boolean;
  lang: CreatorLanguage;
  format: OutputFormat;
}

export function registerCreatorCommands(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  const creators = program
    .command('creators')
    .description(
      'creators judged by the KPIs of their tier (KOL, KOS, KOC): leaderboards, a creator’s page, re-hire signals',
    );
  const leaderboardFlags = (command: Command) =>
    viewFlags(command)
      .addOption(new Option('--tier <tier>', 'one tier only').choices(CREATOR_TIERS))
      .option(
        '--min-spend <amount>',
        'creators costing less (fees + media spend) are listed but not ranked',
        '0',
      )
      .option('--min-posts <n>', 'posts a re-hire signal needs', '3');

  leaderboardFlags(
    creators
      .command('leaderboard')
      .description('each tier’s creators ranked by the KPIs the tier is judged by'),
  )
    .option('--sort <kpi>', `the KPI to rank by (default the tier’s first): ${CREATOR_METRICS.join(', ')}`)
    .action(async (flags: CreatorFlags) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const answer = await creatorLeaderboards(
          workspace,
          leaderboardRequest(flags, workspace.catalog.config.time_zone),
        );
        io.out(renderLeaderboards(answer, flags.format, flags.lang));
      });
    });

  leaderboardFlags(
    creators
      .command('show')
      .description('one creator: every post, the daily curve, cost against fee, standing in the tier'),
  )
    .argument('<creator>', 'the creator’s id')
    .action(async (creator: string, flags: CreatorFlags) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const page = await creatorPage(
          workspace,
          creator,
          leaderboardRequest(flags, workspace.catalog.config.time_zone),
        );
        io.out(renderCreatorPage(page, flags.format, flags.lang));
      });
    });

  leaderboardFlags(
    creators
      .command('rehire')
      .description('creators who beat their tier’s median on every KPI it is judged by, over several posts'),
  ).action(async (flags: CreatorFlags) => {
    await withWorkspace(globals(), io, async (workspace) => {
      const list = await rehireCandidates(
        workspace,
        leaderboardRequest(flags, workspace.catalog.config.time_zone),
      );
      io.out(renderRehire(list, flags.format, flags.lang));
    });
  });

  creators
    .command('import-roster')
    .description(
      'a creator roster (agency list, 星图 or 蒲公英 export, or any file with --mapping) into the registry, tiers by the workspace’s rules',
    )
    .argument('<file>', 'the roster: CSV or XLSX')
    .option(
      '--mapping <file>',
      'YAML or JSON: { columns: { creator: <header>, account: <header>, … }, channel: <platform> }',
    )
    .option('--force', 'load again even if these bytes were imported before')
    .option('--dry-run', 'read and report; write nothing')
    .addOption(
      new Option('--lang <lang>', 'language of the table and the reasons')
        .choices(['en', 'zh'])
        .default('en'),
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .action(async (file: string, flags: RosterFlags) => {
      const profile = flags.mapping ? readRosterMapping(flags.mapping, io.cwd) : undefined;
      const resolved = path.resolve(io.cwd, file);
      // Said as a user's mistake before the workspace opens: a file that is not there.
      readingFile(file, io.cwd, () => statSync(resolved));
      await withWorkspace(globals(), io, async (workspace) => {
        const report = await importCreatorRoster(workspace, fileSource(resolved), {
          ...(profile ? { profile } : {}),
          ...(flags.force ? { force: true } : {}),
          ...(flags.dryRun ? { dryRun: true } : {}),
        });
        io.out(renderRosterReport(report, flags.format, flags.lang));
      });
    });

  registerSearchVisibilityCommand(program, context);
  registerAudienceCommand(program, context);
}
