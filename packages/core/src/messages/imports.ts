/**
 * What an import says about a file and its rows: rejection reasons, refusals of a whole file and
 * notes on what was read. Worded for whoever reads the import page as much as for the command
 * line: no flag is named here (the CLI adds its own hint, "(use --channel)", when it prints).
 * Parameters: headers, values and codes as the file wrote them, dates as `YYYY-MM-DD`, lists as lists.
 */
import type { MessageTable } from './say.js';

export const IMPORT_MESSAGES = {
  // A row refused, with the reason kept beside it. A row with several problems says each, in
  // its column when one column is to blame. Texts from the file are quoted as the file wrote them.
  'import.reason.several': { en: '{problems, semicolons}', zh: '{problems, semicolons}' },
  'import.reason.in_column': { en: '{column}: {reason}', zh: '{column}：{reason}' },
  'import.reason.cells_short': {
    en: 'the row has {cells} cells but the header has {header} (the file may be cut off or a cell may hold an unquoted delimiter)',
    zh: '该行有 {cells} 个单元格，但表头有 {header} 列（文件可能被截断，或某个单元格含有未加引号的分隔符）',
  },
  'import.reason.cells_long': {
    en: 'the row has {cells} cells but the header has {header}',
    zh: '该行有 {cells} 个单元格，但表头只有 {header} 列',
  },
  'import.reason.not_a_value': {
    en: '"{value}" is not a {field, fieldWords} ({allowed, commas})',
    zh: '“{value}”不是可用的{field, fieldWords}（{allowed, commas}）',
  },
  'import.reason.value': { en: '{value, label}', zh: '{value, label}' },
  'import.reason.not_a_currency_code': {
    en: '"{value}" is not a currency code',
    zh: '“{value}”不是币种代码',
  },
  'import.reason.percent_not_amount': {
    en: '"{value}" is a percentage, but this column holds amounts',
    zh: '“{value}”是百分比，但这一列应为金额',
  },
  'import.reason.percent_not_count': {
    en: '"{value}" is a percentage, but this column holds counts',
    zh: '“{value}”是百分比，但这一列应为计数',
  },
  'import.reason.negative': {
    en: '{field, field} is negative ({value}); platforms never report a negative {field, field}',
    zh: '{field, field}为负数（{value}），平台从不报告负的{field, field}',
  },
  'import.reason.negative_spend': {
    en: '{field, field} is negative ({value}); platforms never report a negative {field, field} — refunds belong in the cost ledger',
    zh: '{field, field}为负数（{value}），平台从不报告负的{field, field}；退款应记入费用台账',
  },
  'import.reason.rate_not_positive': {
    en: 'an FX rate must be positive, not {value}',
    zh: '汇率必须为正数，而不是 {value}',
  },
  'import.reason.not_a_number': { en: '"{value}" is not a number', zh: '“{value}”不是数字' },
  'import.reason.implausible_year': {
    en: '"{value}" has an implausible year {year}',
    zh: '“{value}”的年份 {year} 不合理',
  },
  'import.reason.no_month': {
    en: '"{value}" is not a date: there is no month {month}',
    zh: '“{value}”不是日期：没有 {month} 月',
  },
  'import.reason.no_day': {
    en: '"{value}" is not a date: {month} has no day {day}',
    zh: '“{value}”不是日期：{month} 没有 {day} 日',
  },
  'import.reason.percent_not_date': {
    en: '"{value}" (a percentage) is not a date',
    zh: '“{value}”（百分比）不是日期',
  },
  'import.reason.number_not_date': { en: '{value} is not a date', zh: '{value} 不是日期' },
  'import.reason.ambiguous_date': {
    en: '"{value}" could be day/month or month/day and no date in the file settles which',
    zh: '“{value}”可能是日/月，也可能是月/日，文件中没有能确定顺序的日期',
  },
  'import.reason.unknown_date': {
    en: '"{value}" is not a date markpi understands',
    zh: '“{value}”不是 markpi 能识别的日期',
  },
  'import.reason.epoch_digits': {
    en: '"{value}" is not a time: epoch numbers have 10, 13 or 16 digits',
    zh: '“{value}”不是时间：时间戳应为 10、13 或 16 位数字',
  },
  'import.reason.out_of_range': { en: '"{value}" is out of range', zh: '“{value}”超出范围' },
  'import.reason.number_not_time': { en: '{value} is not a time', zh: '{value} 不是时间' },
  'import.reason.not_a_time': {
    en: '"{value}" is not a time (expected e.g. 2026-05-01 12:34:56)',
    zh: '“{value}”不是时间（应形如 2026-05-01 12:34:56）',
  },
  'import.reason.time_not_a_date': { en: '"{value}" is not a date', zh: '“{value}”不是日期' },
  'import.reason.not_a_time_of_day': {
    en: '"{value}" is not a time of day',
    zh: '“{value}”不是一天中的时刻',
  },
  'import.reason.date_empty': { en: 'the date is empty', zh: '日期为空' },
  'import.reason.no_date_no_period': {
    en: 'the row has no date and the file states no period',
    zh: '该行没有日期，文件也没有注明时间段',
  },
  'import.reason.period_backwards': {
    en: 'the period ends ({to}) before it starts ({from})',
    zh: '时间段的结束日（{to}）早于开始日（{from}）',
  },
  'import.reason.channel_empty': { en: 'the channel is empty', zh: '渠道为空' },
  'import.reason.not_a_channel': {
    en: '"{value}" is not a channel ({channels, commas})',
    zh: '“{value}”不是已知渠道（{channels, commas}）',
  },
  'import.reason.no_channel': {
    en: 'the row has no channel: name the channel of the whole file, or map a channel column',
    zh: '该行没有渠道：请为整个文件指定渠道，或映射一列作为渠道',
  },
  'import.reason.no_currency': {
    en: 'the amount has no currency and the file names none: name the currency of the whole file',
    zh: '金额没有币种，文件也未注明：请为整个文件指定币种',
  },
  'import.reason.no_rate_since': {
    en: 'no {currency}→{base} rate on or before {date} (the FX table starts {first}); import an FX table with a rate for that day',
    zh: '汇率表中没有 {date} 或更早的 {currency}→{base} 汇率（汇率表从 {first} 开始），请导入含当天汇率的汇率表',
  },
  'import.reason.no_rate': {
    en: 'no {currency}→{base} rate in the FX table; import an FX table with a rate for that day',
    zh: '汇率表中没有 {currency}→{base} 汇率，请导入含当天汇率的汇率表',
  },
  'import.reason.fx_no_currency': { en: 'the FX row has no currency', zh: '汇率行没有币种' },
  'import.reason.fx_no_rate': { en: 'the FX row has no rate', zh: '汇率行没有汇率' },
  'import.reason.no_followers': { en: 'the snapshot has no follower count', zh: '快照没有粉丝数' },
  'import.reason.missing': { en: 'the row has no {field, fieldName}', zh: '该行没有{field, fieldName}' },
  // Platforms' own refusals.
  'import.reason.source_not_a_channel': {
    en: 'source / medium "{value}" is none of markpi\'s channels; name the channel of the whole file to file these rows under one',
    zh: '来源/媒介“{value}”不对应 markpi 的任何渠道；请为整个文件指定渠道，把这些行归入该渠道',
  },
  'import.reason.group_not_a_platform': {
    en: 'channel group "{value}" does not name a platform; export with "Session source / medium" or name the channel of the whole file',
    zh: '渠道分组“{value}”没有指明平台；请按“会话来源/媒介”导出，或为整个文件指定渠道',
  },
  'import.reason.source_names_no_source': {
    en: 'source / medium "{value}" names no source; name the channel of the whole file to file these touches under one',
    zh: '来源/媒介“{value}”没有指明来源；请为整个文件指定渠道，把这些触点归入该渠道',
  },
  'import.reason.touch_no_channel': {
    en: 'the touch has no channel and no source / medium',
    zh: '该触点没有渠道，也没有来源/媒介',
  },
  'import.reason.no_path': { en: 'the row has no path', zh: '该行没有路径' },
  'import.reason.empty_step': { en: '"{value}" has an empty step', zh: '“{value}”中有空的步骤' },
  'import.reason.value_without_conversions': {
    en: 'a value without conversions',
    zh: '有转化金额却没有转化数',
  },

  // Something worth knowing that did not stop a row, counted; the server says each with its count.
  'import.warning.counted': {
    en: '{column}: {message} ({count}×, first on row {row})',
    zh: '{column}：{message}（{count} 次，首次在第 {row} 行）',
  },
  'import.warning.counted_file': {
    en: '{message} ({count}×, first on row {row})',
    zh: '{message}（{count} 次，首次在第 {row} 行）',
  },
  'import.warning.id_digits_lost': {
    en: 'ID {value} has more digits than a spreadsheet number keeps; its last digits are lost',
    zh: '编号 {value} 的位数超过表格数字能保存的位数，末尾几位已经丢失',
  },
  'import.warning.id_scientific': {
    en: 'ID "{value}" is in scientific notation: Excel rounded it and its digits are lost',
    zh: '编号“{value}”是科学计数法：已被 Excel 四舍五入，部分数字已经丢失',
  },
  'import.warning.fen_with_decimals': {
    en: 'the API reports this column in whole 分; decimals suggest it is already in 元 — check the unit',
    zh: '接口以整数“分”报告这一列；出现小数说明它可能已是“元”，请检查单位',
  },
  'import.warning.more_tables': {
    en: 'the file holds more than one table; only the first (above row {row}) was read',
    zh: '文件中不止一张表，只读取了第一张（第 {row} 行以上）',
  },
  'import.warning.not_a_touch': {
    en: 'events that are not touchpoints ("{value}") are left out',
    zh: '不是触点的事件（“{value}”）未导入',
  },
  'import.warning.unpaid_order': {
    en: 'orders never paid, cancelled or closed ("{value}") are no conversions',
    zh: '未付款、已取消或已关闭的订单（“{value}”）不算转化',
  },
  'import.warning.no_payment_time': {
    en: 'orders with no payment time are not paid: no conversion',
    zh: '没有付款时间的订单未付款，不算转化',
  },
  'import.warning.further_line_item': {
    en: "an order's further line items: Shopify writes the order's total on its first row",
    zh: '订单的其余商品行：Shopify 只在订单的第一行写订单总额',
  },
  'import.warning.cancelled_fee': {
    en: 'orders that were cancelled or refunded ("{value}") cost nothing',
    zh: '已取消或已退款的订单（“{value}”）不产生费用',
  },

  // Notes on how a file was read, beside the platform's own (`import-notes.ts`).
  'import.note.derived': {
    en: '{target} is derived as round({rate} × {base}).',
    zh: '{target, field}按{rate, field}×{base, field}四舍五入得出。',
  },
  'import.note.as_written': { en: '{text}', zh: '{text}' },
  'import.note.totals_mismatch': {
    en: 'the file’s totals row does not match the sum of its rows',
    zh: '文件的合计行与各行之和不一致',
  },
  'import.note.already_imported': {
    en: 'this file was already imported on {at}',
    zh: '这个文件已于 {at} 导入过',
  },

  // A whole file refused (nothing of it is loaded).
  'import.error.wrong_file': {
    en: 'is this the right file, or the right platform?',
    zh: '请确认文件是否正确，或平台是否选对',
  },
  'import.error.currency_not_a_code': {
    en: '{currency, quoted} is not a currency code',
    zh: '{currency, quoted}不是币种代码',
  },
  'import.error.currency_conflict': {
    en: 'the header says {header} but the currency given for the file is {given}',
    zh: '表头注明币种为 {header}，但为文件指定的币种是 {given}',
  },
  'import.error.currency_unknown': {
    en: '{column, quoted} is an amount but the file does not say in which currency',
    zh: '{column, quoted}是金额，但文件没有注明币种',
  },
  'import.error.unknown_source': {
    en: 'markpi does not recognise this export',
    zh: 'markpi 无法识别这个导出文件',
  },
} as const satisfies MessageTable;
