/**
 * How much one question or one saved thing may ask for. Every span, length and number a request
 * sets is bounded here so that a real team never meets a limit and nobody can make one request
 * cost minutes and gigabytes. The use cases (`@markpi/app`) apply these checks, so the CLI, the
 * HTTP API and share links refuse the same things the same way: a `MarkpiError` of kind
 * `invalid_input` (HTTP 400, exit 2) whose English message is said from a message key and its
 * parameters, which `sayLimit` also says in Chinese.
 *
 * Conventions:
 * - Dates are calendar dates between `earliestDate` and `latestDate` inclusive. Before 1900 no
 *   marketing data exists, and JavaScript's `Date.UTC` reads years 0–99 as 1900–1999, so such
 *   dates would not survive calendar arithmetic.
 * - A window `from`..`to` (both inclusive) at a grain may span at most that grain's number of
 *   calendar years: `to` is at most the day before the same month and day that many years after
 *   `from` (from 2024-02-29 over 3 years: through 2027-02-27, as Feb 29 + 3 years clamps to Feb
 *   28). Day grain: 3 years (≈ 1,096 rows per series), week: 10 (≈ 522), month and quarter: 30
 *   (360 / 120), year and total: 100.
 * - Texts are counted in UTF-16 code units (JavaScript's `length`), the unit the planner's and
 *   the store's own bounds use.
 * - A number a person saves (a target value) is finite and at most 1e15 in absolute value:
 *   above 2^53 ≈ 9.0e15 doubles no longer hold every whole number, and no KPI of a marketing team
 *   comes near 10^15 (a quadrillion yuan).
 */
import { MarkpiError, type Problem } from './errors.js';
import { addDays, addMonths, isValidIsoDate } from './plan/dates.js';
import type { Grain } from './plan/query.js';

export const LIMITS = {
  earliestDate: '1900-01-01',
  latestDate: '2199-12-31',
  /** The longest window per grain, in calendar years. */
  windowYears: { day: 3, week: 10, month: 30, quarter: 30, year: 100, total: 100 } satisfies Record<
    Grain,
    number
  >,
  /** A name people read: a KPI's, a target owner's. */
  nameLength: 200,
  /** A description or a note. */
  descriptionLength: 2_000,
  /** A KPI formula (the formula language bounds its own input more loosely). */
  formulaLength: 2_000,
  /** The largest absolute value of a saved number. */
  absoluteValue: 1e15,
  /**
   * Rows an answer asked without a `limit` may hold; more are refused, not cut. A caller who
   * wants more says so with `limit` (up to the query's own cap of 1,000,000 rows).
   */
  resultRows: 500_000,
  /** The longest cell an imported file may hold: Excel's own maximum, so no real export exceeds it. */
  cellLength: 32_767,
  /**
   * Uncompressed bytes of one part of an XLSX workbook that the reader holds in memory (shared
   * strings, styles, the workbook): a million distinct 100-character campaign names fit.
   */
  xlsxHeldPartBytes: 256 * 1024 * 1024,
  /** Uncompressed bytes of a whole XLSX workbook; its worksheets are streamed, not held. */
  xlsxTotalBytes: 4 * 1024 * 1024 * 1024,
} as const;

// ---------------------------------------------------------------- messages

/** The sentences a refusal may say, as a stable key and its parameters. */
export type LimitMessage =
  | {
      key: 'limit.date_out_of_range';
      params: { field: string; date: string; earliest: string; latest: string };
    }
  | {
      key: 'limit.window_too_long';
      params: { grain: Grain; years: number; from: string; to: string; lastAllowed: string };
    }
  | { key: 'limit.text_too_long'; params: { field: string; length: number; limit: number } }
  | { key: 'limit.number_out_of_range'; params: { field: string; limit: number } }
  | { key: 'limit.too_many_rows'; params: { limit: number } }
  | { key: 'limit.xlsx_too_large'; params: { file: string; part: string; limit: number } }
  | {
      key: 'limit.cell_too_long';
      params: { file: string; row: number; column: number; length: number; limit: number };
    }
  | { key: 'limit.upload_too_large'; params: { file: string; limit: number } }
  | { key: 'limit.upload_quota'; params: { held: number; quota: number } }
  | { key: 'limit.query_time'; params: { seconds: number } };

export type LimitLanguage = 'en' | 'zh';

const GRAIN_NAMES: Record<Grain, { en: string; zh: string }> = {
  day: { en: 'by day', zh: '按天' },
  week: { en: 'by week', zh: '按周' },
  month: { en: 'by month', zh: '按月' },
  quarter: { en: 'by quarter', zh: '按季度' },
  year: { en: 'by year', zh: '按年' },
  total: { en: 'as a total', zh: '汇总' },
};

/** Bytes in mebibytes for people: whole above 10 MB, one decimal below (0.5 MB, 12 MB). */
function megabytes(bytes: number): string {
  const value = bytes / 1_048_576;
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} MB`;
}

/** Says a refusal in English or Chinese; the English is the error's message. */
export function sayLimit(message: LimitMessage, language: LimitLanguage): string {
  const zh = language === 'zh';
  switch (message.key) {
    case 'limit.date_out_of_range': {
      const { field, date, earliest, latest } = message.params;
      return zh
        ? `\`${field}\`（${date}）超出支持的日期范围：${earliest} 至 ${latest}`
        : `\`${field}\` (${date}) is outside the supported dates, ${earliest} to ${latest}`;
    }
    case 'limit.window_too_long': {
      const { grain, years, from, to, lastAllowed } = message.params;
      return zh
        ? `${GRAIN_NAMES[grain].zh}查询最多跨 ${years} 年：${from} 至 ${to} 太长，最晚可到 ${lastAllowed}`
        : `a window ${GRAIN_NAMES[grain].en} spans at most ${years} years: ${from} to ${to} is longer; ` +
            `the last day it may reach is ${lastAllowed}`;
    }
    case 'limit.text_too_long': {
      const { field, length, limit } = message.params;
      return zh
        ? `\`${field}\` 有 ${length} 个字符，最多 ${limit} 个`
        : `\`${field}\` has ${length} characters; at most ${limit} are allowed`;
    }
    case 'limit.number_out_of_range': {
      const { field, limit } = message.params;
      return zh
        ? `\`${field}\` 必须是绝对值不超过 ${limit} 的有限数`
        : `\`${field}\` must be a finite number of at most ${limit} in absolute value`;
    }
    case 'limit.too_many_rows': {
      const { limit } = message.params;
      return zh
        ? `结果超过 ${limit} 行：请用更粗的时间粒度、更少的维度或筛选条件，或给出 limit`
        : `the answer has more than ${limit} rows: ask by a coarser grain, fewer dimensions or a filter, or give a limit`;
    }
    case 'limit.xlsx_too_large': {
      const { file, part, limit } = message.params;
      const size = `${Math.round(limit / 1024 / 1024)} MiB`;
      return zh
        ? `${file}：工作簿的 ${part} 解压后超过 ${size}，已拒绝读取（可能是压缩炸弹）`
        : `${file}: the workbook's ${part} unpacks to more than ${size}; it is not read (a zip bomb, or no export)`;
    }
    case 'limit.cell_too_long': {
      const { file, row, column, length, limit } = message.params;
      return zh
        ? `${file} 第 ${row} 行第 ${column} 列有 ${length} 个字符，单元格最多 ${limit} 个`
        : `${file}, row ${row}, column ${column}: the cell has ${length} characters; a cell holds at most ${limit}`;
    }
    case 'limit.upload_too_large': {
      const { file, limit } = message.params;
      return zh
        ? `${file} 超过单个文件 ${megabytes(limit)} 的上传上限`
        : `${file} is larger than the limit of ${megabytes(limit)} for one file`;
    }
    case 'limit.upload_quota': {
      const { held, quota } = message.params;
      return zh
        ? `本工作区待确认的上传已占用 ${megabytes(held)}，上限 ${megabytes(quota)}：请先确认或取消一些上传（未确认的上传到期会自动删除）`
        : `this workspace's uploads awaiting confirmation hold ${megabytes(held)} of its ${megabytes(quota)}: ` +
            'confirm or cancel some first (unconfirmed uploads are deleted when they expire)';
    }
    case 'limit.query_time': {
      const { seconds } = message.params;
      return zh
        ? `查询超过 ${seconds} 秒，已停止：请缩短时间范围、用更粗的粒度、更少的维度或加筛选条件`
        : `the question took more than ${seconds} s and was stopped: ask for a shorter window, a coarser grain, fewer dimensions or a filter`;
    }
  }
}

/** The error a refusal throws: its code in core's registry, its message said from the key. */
export class LimitError extends MarkpiError {
  override readonly said: LimitMessage;

  constructor(
    code:
      | 'date_out_of_range'
      | 'window_too_long'
      | 'text_too_long'
      | 'number_out_of_range'
      | 'too_many_rows'
      | 'import.xlsx_too_large'
      | 'import.cell_too_long'
      | 'payload_too_large'
      | 'upload_quota_exceeded'
      | 'query_timeout',
    said: LimitMessage,
    place: string | Omit<Problem, 'message' | 'hint'>,
    hint: string,
  ) {
    const message = sayLimit(said, 'en');
    super(code, message, [{ message, ...(typeof place === 'string' ? { path: place } : place), hint }]);
    this.said = said;
  }
}

// ---------------------------------------------------------------- checks

/** The last day a window starting on `from` may reach at `grain` (see the conventions above). */
export function lastDayOfWindow(from: string, grain: Grain): string {
  return addDays(addMonths(from, 12 * LIMITS.windowYears[grain]), -1);
}

/**
 * Refuses a date outside `earliestDate`..`latestDate`. A text that is no calendar date is left to
 * the caller's own check (which says how to write one).
 */
export function checkDateInRange(date: string, field: string): void {
  if (!isValidIsoDate(date)) return;
  if (date >= LIMITS.earliestDate && date <= LIMITS.latestDate) return;
  throw new LimitError(
    'date_out_of_range',
    {
      key: 'limit.date_out_of_range',
      params: { field, date, earliest: LIMITS.earliestDate, latest: LIMITS.latestDate },
    },
    field,
    `give a date from ${LIMITS.earliestDate} to ${LIMITS.latestDate}`,
  );
}

/** Refuses a window whose dates are out of range or that spans more than its grain allows. */
export function checkWindow(window: { from: string; to: string; grain?: Grain | undefined }): void {
  checkDateInRange(window.from, 'from');
  checkDateInRange(window.to, 'to');
  const grain = window.grain ?? 'total';
  if (!isValidIsoDate(window.from) || !isValidIsoDate(window.to)) return;
  const lastAllowed = lastDayOfWindow(window.from, grain);
  if (window.to <= lastAllowed) return;
  const years = LIMITS.windowYears[grain];
  throw new LimitError(
    'window_too_long',
    { key: 'limit.window_too_long', params: { grain, years, from: window.from, to: window.to, lastAllowed } },
    'to',
    grain === 'day' || grain === 'week'
      ? 'shorten the window or ask by a coarser grain (month)'
      : 'shorten the window',
  );
}

/** Refuses an answer of more than `limit` rows (fetched with one row to spare to tell). */
export function checkResultRows(rows: number, limit: number = LIMITS.resultRows): void {
  if (rows <= limit) return;
  throw new LimitError(
    'too_many_rows',
    { key: 'limit.too_many_rows', params: { limit } },
    'limit',
    'ask by a coarser grain, fewer dimensions or a filter',
  );
}

/** The refusal of an uploaded file larger than `limit` bytes. */
export function uploadTooLarge(file: string, limit: number): LimitError {
  return new LimitError(
    'payload_too_large',
    { key: 'limit.upload_too_large', params: { file, limit } },
    { file },
    'split the file, or ask the operator to raise the upload limit',
  );
}

/**
 * Refuses an upload that would leave a workspace's unconfirmed uploads holding more than `quota`
 * bytes: `held` is what they would hold with it.
 */
export function checkUploadQuota(held: number, quota: number): void {
  if (held <= quota) return;
  throw new LimitError(
    'upload_quota_exceeded',
    { key: 'limit.upload_quota', params: { held, quota } },
    'file',
    'confirm or cancel uploads waiting on the imports page',
  );
}

/** The refusal of a request that ran past its time budget of `seconds`. */
export function queryTimedOut(seconds: number): LimitError {
  return new LimitError(
    'query_timeout',
    { key: 'limit.query_time', params: { seconds } },
    'query',
    'ask for less, or ask the operator to raise the time budget',
  );
}

/** Refuses a text longer than `limit` UTF-16 code units. */
export function checkTextLength(text: string | null | undefined, field: string, limit: number): void {
  if (text === null || text === undefined || text.length <= limit) return;
  throw new LimitError(
    'text_too_long',
    { key: 'limit.text_too_long', params: { field, length: text.length, limit } },
    field,
    `shorten it to ${limit} characters`,
  );
}

/** Refuses a number that is not finite or is larger than `LIMITS.absoluteValue` in absolute value. */
export function checkSavedNumber(value: number | null | undefined, field: string): void {
  if (value === null || value === undefined) return;
  if (Number.isFinite(value) && Math.abs(value) <= LIMITS.absoluteValue) return;
  throw new LimitError(
    'number_out_of_range',
    { key: 'limit.number_out_of_range', params: { field, limit: LIMITS.absoluteValue } },
    field,
    'give the value in the KPI’s own unit',
  );
}

/** The texts of a KPI definition a person writes: both names, both descriptions, the formula. */
export function checkKpiDefinitionLimits(definition: {
  name?: { en?: string | undefined; zh?: string | undefined } | undefined;
  description?: { en?: string | undefined; zh?: string | undefined } | undefined;
  formula?: string | undefined;
}): void {
  checkTextLength(definition.name?.en, 'name.en', LIMITS.nameLength);
  checkTextLength(definition.name?.zh, 'name.zh', LIMITS.nameLength);
  checkTextLength(definition.description?.en, 'description.en', LIMITS.descriptionLength);
  checkTextLength(definition.description?.zh, 'description.zh', LIMITS.descriptionLength);
  checkTextLength(definition.formula, 'formula', LIMITS.formulaLength);
}
