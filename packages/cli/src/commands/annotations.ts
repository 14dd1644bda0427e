/**
 * `markpi annotations add|list|rm|import`: the workspace's dated notes, the same use cases the
 * dashboard's chart points and the API call. A note is the whole workspace's unless `--channel`
 * or `--campaign` names its scope; `import` notes the workspace's events in a window.
 */
import { addAnnotation, importEventAnnotations, listAnnotations, removeAnnotation } from '@markpi/app';
import { type Annotation, MarkpiError } from '@markpi/core';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';

type Format = 'table' | 'json';
type Language = 'en' | 'zh';

const LABELS = {
  id: { en: 'id', zh: '编号' },
  days: { en: 'days', zh: '日期' },
  scope: { en: 'scope', zh: '范围' },
  note: { en: 'note', zh: '备注' },
  all: { en: 'workspace', zh: '全部' },
  channel: { en: 'channel', zh: '渠道' },
  campaign: { en: 'campaign', zh: '营销活动' },
  none: { en: 'no annotations', zh: '没有备注' },
  added: { en: 'added', zh: '已添加' },
  removed: { en: 'removed', zh: '已删除' },
} as const;

export function renderAnnotations(
  annotations: readonly Annotation[],
  format: Format,
  lang: Language,
): string {
  if (format === 'json') return `${JSON.stringify(annotations, null, 2)}\n`;
  if (annotations.length === 0) return `${LABELS.none[lang]}\n`;
  const table = new Table({
    head: [LABELS.id, LABELS.days, LABELS.scope, LABELS.note].map((label) => label[lang]),
    style: { head: [], border: [] },
  });
  for (const annotation of annotations)
    table.push([
      annotation.id,
      annotation.to ? `${annotation.date} … ${annotation.to}` : annotation.date,
      annotation.value ? `${LABELS[annotation.scope][lang]} ${annotation.value}` : LABELS.all[lang],
      annotation.note,
    ]);
  return `${table.toString()}\n`;
}

interface OutputFlags {
  format: Format;
  lang: Language;
}

interface AddFlags extends OutputFlags {
  date: string;
  to?: string;
  note: string;
  channel?: string;
  campaign?: string;
}

const withOutput = (command: Command) =>
  command
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(new Option('--lang <lang>', 'language of the table').choices(['en', 'zh']).default('en'));

/** The note's scope from the flags: one of --channel and --campaign, or the whole workspace. */
function scopeOf(flags: AddFlags): { scope: 'all' | 'channel' | 'campaign'; value?: string } {
  if (flags.channel !== undefined && flags.campaign !== undefined) {
    throw new MarkpiError('invalid_flag', 'give --channel or --campaign, not both: a note has one scope');
  }
  if (flags.channel !== undefined) return { scope: 'channel', value: flags.channel };
  if (flags.campaign !== undefined) return { scope: 'campaign', value: flags.campaign };
  return { scope: 'all' };
}

export function registerAnnotationCommands(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  const annotations = program
    .command('annotations')
    .description('dated notes shown on the charts: add, list, rm, import the event calendar');

  withOutput(annotations.command('add').description('add a note on a day or a span of days'))
    .requiredOption('--date <day>', 'the day, or the first day (YYYY-MM-DD)')
    .option('--to <day>', 'the last day of a span')
    .requiredOption('--note <text>', 'what happened')
    .option('--channel <channel>', 'a note about one channel')
    .option('--campaign <campaign>', 'a note about one campaign')
    .action(async (flags: AddFlags) => {
      const input = {
        date: flags.date,
        ...(flags.to === undefined ? {} : { to: flags.to }),
        note: flags.note,
        ...scopeOf(flags),
      };
      await withWorkspace(globals(), io, async (workspace) => {
        const added = await addAnnotation(workspace, input);
        io.out(
          flags.format === 'json'
            ? `${JSON.stringify(added, null, 2)}\n`
            : `${LABELS.added[flags.lang]}:\n${renderAnnotations([added], 'table', flags.lang)}`,
        );
      });
    });

  withOutput(
    annotations.command('list').description('the notes that touch a window (every note without one)'),
  )
    .option('--from <day>', 'first day of the window')
    .option('--to <day>', 'last day of the window')
    .action(async (flags: OutputFlags & { from?: string; to?: string }) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const found = await listAnnotations(workspace, { from: flags.from, to: flags.to });
        io.out(renderAnnotations(found, flags.format, flags.lang));
      });
    });

  withOutput(annotations.command('rm').description('remove a note').argument('<id>', 'the note’s id')).action(
    async (id: string, flags: OutputFlags) => {
      await withWorkspace(globals(), io, async (workspace) => {
        await removeAnnotation(workspace, id);
        io.out(
          flags.format === 'json'
            ? `${JSON.stringify({ removed: id })}\n`
            : `${LABELS.removed[flags.lang]}: ${id}\n`,
        );
      });
    },
  );

  withOutput(annotations.command('import').description('note each of the workspace’s events in a window'))
    .requiredOption('--from <day>', 'first day of the window')
    .requiredOption('--to <day>', 'last day of the window')
    .action(async (flags: OutputFlags & { from: string; to: string }) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const added = await importEventAnnotations(workspace, { from: flags.from, to: flags.to });
        io.out(
          flags.format === 'json'
            ? `${JSON.stringify(added, null, 2)}\n`
            : `${LABELS.added[flags.lang]}:\n${renderAnnotations(added, 'table', flags.lang)}`,
        );
      });
    });
}
