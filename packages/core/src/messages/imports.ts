/**
 * What an import says about a file and its rows: rejection reasons, refusals of a whole file and
 * notes on what was read. Worded for whoever reads the import page as much as for the command
 * line: no flag is named here (the CLI adds its own hint, "(use --channel)", when it prints).
 * Parameters: headers, values and codes as the file wrote them, dates as `YYYY-MM-DD`, lists as lists.
 */
import type { MessageTable } from './say.js';

export const IMPORT_MESSAGES = {
  // A row refused, with the reason kept beside it.
  'import.reason.channel_empty': { en: 'the channel is empty', zh: '渠道为空' },
  'import.reason.not_a_channel': {
    en: '{value, quoted} is not a channel ({channels, list})',
    zh: '{value, quoted}不是已知渠道（{channels, list}）',
  },
  'import.reason.no_channel': {
    en: 'the row has no channel: name the channel of the whole file, or map a channel column',
    zh: '该行没有渠道：请为整个文件指定渠道，或映射一列作为渠道',
  },
  'import.reason.no_currency': {
    en: 'the amount has no currency and the file names none: name the currency of the whole file',
    zh: '金额没有币种，文件也未注明：请为整个文件指定币种',
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
