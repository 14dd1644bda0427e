/**
 * `markpi boards list|show|tiles`: the workspace's boards, one board's cards with their numbers
 * (every pinned view run as saved, the same use case the dashboard's board and the API answer)
 * and the overview's tiles (the workspace's; `--set` and `--reset` change them). The CLI acts for
 * nobody in particular, so it sees shared boards and the workspace's tiles.
 */
import { answerBoard, listBoards, overviewTiles, resetOverviewTiles, setOverviewTiles } from '@markpi/app';
import type { BoardAnswer, BoardCard, OverviewTiles } from '@markpi/core';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { formatNumber, renderRows } from '../output.js';

type Format = 'table' | 'json';
type Language = 'en' | 'zh';

const LABELS = {
  none: { en: 'no boards', zh: '没有看板' },
  empty: { en: 'no views pinned', zh: '没有固定的视图' },
  shared: { en: 'shared', zh: '共享' },
  private: { en: 'private', zh: '私有' },
  views: { en: 'views', zh: '个视图' },
  against: { en: 'against', zh: '对比' },
  previous: { en: 'previous', zh: '对比期' },
  change: { en: 'change', zh: '变化' },
  missing: { en: 'a view removed since it was pinned', zh: '固定后已删除的视图' },
  failed: { en: 'could not be answered', zh: '无法计算' },
  tiles: { en: 'overview tiles', zh: '概览指标卡' },
  defaults: { en: 'defaults', zh: '默认' },
  workspace: { en: 'the workspace’s', zh: '工作区设置' },
  mine: { en: 'own', zh: '个人设置' },
} as const;

const change = (value: number | null) =>
  value === null ? '–' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;

function renderCard(card: BoardCard, lang: Language): string {
  if (card.status === 'missing') return `== ${card.view}: ${LABELS.missing[lang]}\n`;
  if (card.status === 'failed') return `== ${card.name}: ${LABELS.failed[lang]} (${card.error.message})\n`;
  const window = `${card.period.from} … ${card.period.to}`;
  const against = card.comparison
    ? `, ${LABELS.against[lang]} ${card.comparison.period.from} … ${card.comparison.period.to}`
    : '';
  const head = `== ${card.name} (${window}${against})\n`;
  if (card.kind === 'tile') {
    const { tile } = card;
    const shown = (value: number | null) => (value === null ? '–' : formatNumber(value, tile.unit));
    const compared =
      card.comparison === undefined
        ? ''
        : `  ${LABELS.previous[lang]} ${shown(tile.previous)}  ${LABELS.change[lang]} ${change(tile.change)}`;
    return `${head}${tile.name[lang]}: ${shown(tile.value)}${compared}\n`;
  }
  return `${head}${renderRows(card.rows, card.columns, 'table')}`;
}

export function renderBoard(answer: BoardAnswer, format: Format, lang: Language): string {
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  const sharing = answer.board.shared ? LABELS.shared[lang] : LABELS.private[lang];
  const head = `${answer.board.name} · ${sharing}\n`;
  if (answer.cards.length === 0) return `${head}${LABELS.empty[lang]}\n`;
  return `${head}${answer.cards.map((card) => renderCard(card, lang)).join('')}`;
}

function renderTiles(tiles: OverviewTiles, format: Format, lang: Language): string {
  if (format === 'json') return `${JSON.stringify(tiles, null, 2)}\n`;
  return `${LABELS.tiles[lang]} (${LABELS[tiles.source === 'mine' ? 'mine' : tiles.source][lang]}): ${tiles.kpis.join(', ')}\n`;
}

interface OutputFlags {
  format: Format;
  lang: Language;
}

const withOutput = (command: Command) =>
  command
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(new Option('--lang <lang>', 'language of the output').choices(['en', 'zh']).default('en'));

export function registerBoardCommands(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  const boards = program
    .command('boards')
    .description('boards of saved views: list them, show one with its numbers, arrange the overview’s tiles');

  withOutput(boards.command('list').description('the workspace’s shared boards')).action(
    async (flags: OutputFlags) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const found = await listBoards(workspace, null);
        if (flags.format === 'json') {
          io.out(`${JSON.stringify(found, null, 2)}\n`);
          return;
        }
        if (found.length === 0) {
          io.out(`${LABELS.none[flags.lang]}\n`);
          return;
        }
        for (const board of found)
          io.out(`${board.id}  ${board.name} · ${board.views.length} ${LABELS.views[flags.lang]}\n`);
      });
    },
  );

  withOutput(
    boards
      .command('show')
      .description('a board’s cards with their numbers, each view run as it was saved')
      .argument('<board>', 'the board’s id or name'),
  ).action(async (board: string, flags: OutputFlags) => {
    await withWorkspace(globals(), io, async (workspace) => {
      io.out(renderBoard(await answerBoard(workspace, board, null), flags.format, flags.lang));
    });
  });

  withOutput(
    boards
      .command('tiles')
      .description('the overview’s tiles for the whole workspace: show them, --set them or --reset them'),
  )
    .option('--set <kpis>', 'comma-separated KPI ids, in order')
    .option('--reset', 'back to the defaults')
    .action(async (flags: OutputFlags & { set?: string; reset?: boolean }) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const tiles =
          flags.set !== undefined
            ? await setOverviewTiles(
                workspace,
                {
                  kpis: flags.set
                    .split(',')
                    .map((id) => id.trim())
                    .filter(Boolean),
                },
                null,
              )
            : flags.reset
              ? await resetOverviewTiles(workspace, 'workspace', null)
              : await overviewTiles(workspace, null);
        io.out(renderTiles(tiles, flags.format, flags.lang));
      });
    });
}
