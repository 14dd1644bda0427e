/**
 * The suggested mapping as a YAML file a person edits: the mapped columns with their class,
 * confidence and reason as comments, columns left out commented out (uncomment to map them),
 * and every question above the line it concerns. `markpi import FILE --mapping FILE.yaml`
 * reads it back as written.
 */
import { type MappingLanguage, sayMapping } from './messages.js';
import type { ColumnSuggestion, MappingSuggestion } from './suggest.js';

const LABELS: Record<string, Record<MappingLanguage, string>> = {
  title: { en: 'Draft column mapping for', zh: '列映射草稿,文件' },
  header: { en: 'header on row', zh: '表头在第几行' },
  sampled: { en: 'data rows read', zh: '读取的数据行数' },
  check: {
    en: 'Answer the questions (lines marked "?"), check the columns marked "check", then preview:',
    zh: '请回答标有“?”的问题、核对标有“check”的列,然后预览:',
  },
  sure: { en: 'sure', zh: '确定' },
  checkColumn: { en: 'check', zh: 'check 请核对' },
  leftOut: { en: 'left out', zh: '不导入' },
  confidence: { en: 'confidence', zh: '置信度' },
};

/** A YAML double-quoted scalar (JSON's escaping is valid YAML). */
const quoted = (text: string) => JSON.stringify(text);

function columnLines(
  column: ColumnSuggestion,
  language: MappingLanguage,
  perColumnCurrency: boolean,
): string[] {
  const say = (label: string) => LABELS[label]![language];
  const lines: string[] = [];
  if (column.question) lines.push(`  # ? ${sayMapping(column.question, language)}`);
  const note = `${!column.field ? say('leftOut') : column.sure ? say('sure') : say('checkColumn')}, ${say('confidence')} ${column.confidence.toFixed(2)}: ${sayMapping(column.reason, language)}`;
  if (column.field) {
    const value =
      perColumnCurrency && column.currency
        ? `{ field: ${column.field}, currency: ${column.currency} }`
        : column.field;
    lines.push(`  ${quoted(column.header)}: ${value}  # ${note}`);
  } else {
    lines.push(`  # ${quoted(column.header)}: ignore  # ${note}`);
  }
  return lines;
}

export function mappingDraftYaml(
  suggestion: MappingSuggestion & { file?: string; headerRow?: number; sampledRows?: number },
  language: MappingLanguage = 'en',
): string {
  const say = (label: string) => LABELS[label]![language];
  const { mapping } = suggestion;
  const lines: string[] = [];
  if (suggestion.file !== undefined) {
    const facts = [
      suggestion.headerRow !== undefined ? `${say('header')} ${suggestion.headerRow}` : '',
      suggestion.sampledRows !== undefined ? `${say('sampled')} ${suggestion.sampledRows}` : '',
    ].filter((part) => part !== '');
    lines.push(`# ${say('title')} ${suggestion.file}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`);
  }
  lines.push(`# ${say('check')}`);
  lines.push(`#   markpi import ${suggestion.file ?? 'FILE'} --mapping <this file> --dry-run`);
  for (const question of suggestion.questions) lines.push(`# ? ${sayMapping(question, language)}`);
  lines.push(`name: ${quoted(mapping.name)}`);
  lines.push(`target: ${mapping.target}`);
  const asked = new Set(suggestion.questions.map((question) => question.key));
  if (mapping.currency) lines.push(`currency: ${mapping.currency}`);
  else if (asked.has('mapping.question.currency')) lines.push('# currency: CNY');
  if (asked.has('mapping.question.channel')) lines.push('# channel: douyin');
  if (asked.has('mapping.question.date')) lines.push('# constants:', '#   date: "2025-01-31"');
  lines.push('columns:');
  for (const column of suggestion.columns) {
    if (column.header.trim() === '') continue;
    lines.push(...columnLines(column, language, mapping.currency === undefined));
  }
  return `${lines.join('\n')}\n`;
}
