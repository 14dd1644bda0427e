/**
 * `markpi mapping suggest FILE > mapping.yaml`: a draft column mapping for a file no platform
 * covers, written as YAML with each column's class, confidence and reason in comments and the
 * questions to answer before importing with `--mapping`.
 */
import path from 'node:path';
import { fileSource, mappingDraftYaml, suggestMappingForFile } from '@markpi/importers';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { GlobalOptions, Io } from '../context.js';
import { checkReadableFiles, languageOf } from '../edge-errors.js';

export interface MappingSuggestFlags {
  lang?: 'en' | 'zh';
  name?: string;
  rows?: string;
  format: 'yaml' | 'json';
}

export async function suggestMappingCommand(file: string, flags: MappingSuggestFlags, io: Io) {
  checkReadableFiles([file], io.cwd);
  const sampleRows = flags.rows === undefined ? undefined : Number(flags.rows);
  const suggestion = await suggestMappingForFile(fileSource(path.resolve(io.cwd, file)), {
    ...(sampleRows !== undefined && Number.isInteger(sampleRows) && sampleRows > 0 ? { sampleRows } : {}),
    ...(flags.name ? { name: flags.name } : {}),
  });
  if (flags.format === 'json') return `${JSON.stringify(suggestion, null, 2)}\n`;
  return mappingDraftYaml(suggestion, flags.lang ?? languageOf(io.env));
}

export function registerMappingCommands(program: Command, context: { io: Io; globals: () => GlobalOptions }) {
  const { io } = context;
  const mapping = program.command('mapping').description('column mappings for files no platform covers');
  mapping
    .command('suggest')
    .description(
      'suggest a column mapping for a file (YAML with reasons, confidences and questions as comments)',
    )
    .argument('<file>', 'the export to map (CSV / XLSX, any encoding)')
    .option('--name <name>', 'the mapping’s name (default: the file name)')
    .option('--rows <n>', 'data rows to look at (default 500)')
    .addOption(
      new Option('--lang <lang>', 'language of the comments (default: the locale)').choices(['en', 'zh']),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .action(async (file: string, flags: MappingSuggestFlags) => {
      io.out(await suggestMappingCommand(file, flags, io));
    });
}
