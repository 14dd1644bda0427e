/**
 * @markpi/importers: platform exports → canonical fact rows, loaded atomically and
 * idempotently. See README.md for the platforms and quirks handled.
 */
export type { ImportErrorCode } from './errors.js';
export { mappingDraftYaml } from './generic/draft-yaml.js';
export { headerFingerprint } from './generic/fingerprint.js';
export {
  type ColumnMapping,
  type MappedColumn,
  type MappedUnit,
  profileFromMapping,
  targetFields,
  validateMapping,
} from './generic/mapping.js';
export {
  MAPPING_MESSAGES,
  type MappingLanguage,
  type MappingMessage,
  sayMapping,
} from './generic/messages.js';
export type { ImportPreview, TablePreview } from './generic/preview.js';
export { type ColumnSuggestion, type MappingSuggestion, suggestColumnMapping } from './generic/suggest.js';
export { type FileSuggestion, fingerprintOfFile, suggestMappingForFile } from './generic/suggest-file.js';
export {
  exportRejectedRows,
  type ImportOptions,
  type ImportReport,
  type ImportStatus,
  importFile,
  importFiles,
  loadFxTable,
  rejectedRowsToCsv,
  rejectionText,
} from './load/import-files.js';
export { type ParseOptions, type ParseSummary, parseFile, type RowSink } from './load/parse-file.js';
export type {
  ColumnReport,
  ImportProgress,
  ImportWarning,
  ReconciledMeasure,
  Reconciliation,
  RejectedRow,
  ReplacementKey,
} from './load/types.js';
export type { CellValue, ColumnBatch, ImportDialect, ImportWarehouse, Row } from './load/warehouse.js';
export { normalizeCurrency } from './money/currency.js';
export { type Conversion, type FxRate, FxTable } from './money/fx.js';
export { type DateOrder, parseDate, parseDateText } from './parse/dates.js';
export { parseId } from './parse/ids.js';
export { type DecimalStyle, detectDecimalStyle, parseNumber, parseNumberText } from './parse/numbers.js';
export { rankProfiles, suggestMapping } from './platforms/recognize.js';
export { PLATFORMS, platformById } from './platforms/registry.js';
export * from './platforms/roster/index.js';
export type { ColumnRule, ImportProfile, ImportTarget, ValueKind } from './platforms/types.js';
export type { Delimiter } from './read/delimiter.js';
export { cellText, normalizeHeader } from './read/header.js';
export type { Period } from './read/preamble.js';
export { openRecordStream, type RawCell, type RecordStream, type SourceRecord } from './read/records.js';
export type { TextEncoding } from './read/sniff.js';
export { bytesSource, fileSource, type ImportSource } from './read/source.js';
