/**
 * The words of the column-mapping editor on the imports page (an upload no platform covers), in
 * English and Chinese. Spread into `en.ts` and `zh.ts`. Reasons and questions come from the
 * server with both languages.
 */

const mappingEn = {
  mappingEditor: {
    title: 'Map the columns',
    intro:
      'No platform markpi knows writes this file. Choose what each column holds; the preview shows the first rows as they would be stored.',
    unknown:
      'markpi does not recognise the platform of this file: map its columns below, and Load then imports it.',
    remembered: 'Read with the mapping saved for files with these columns ({{name}}).',
    edit: 'Edit mapping',
    close: 'Close editor',
    column: 'File column',
    values: 'Values',
    class: 'Looks like',
    field: 'markpi field',
    confidence: 'Confidence',
    why: 'Why',
    notMapped: 'Not loaded',
    date: 'Date',
    sure: 'sure',
    channel: 'Channel of every row',
    channelFromFile: 'Not set (from a column)',
    questions: 'Questions',
    preview: 'Rows as they would be stored',
    updating: 'Updating…',
    counts: '{{accepted}} rows accepted, {{rejected}} rejected',
    rejectedRow: 'Row {{row}}: {{reason}}',
    totals: 'Total',
    firstRows: 'First {{shown}} of {{total}} rows',
    noRows: 'No row would be stored with this mapping.',
    save: 'Save mapping',
    saving: 'Saving…',
    saved:
      'Mapping saved with this upload. Load it to import the rows; the next file with the same columns will be read this way.',
    table: {
      fact_performance: 'Daily rows',
      fact_performance_periods: 'Rows over a date range',
    },
    classes: {
      date: 'date',
      id: 'ID',
      flag: 'yes/no flag',
      rate: 'ratio',
      percentage: 'percentage',
      money: 'money',
      count: 'count',
      number: 'number',
      category: 'category',
      text: 'text',
      empty: 'empty',
    },
  },
};

const mappingZh: typeof mappingEn = {
  mappingEditor: {
    title: '对应列',
    intro: '这个文件不是 markpi 认识的平台导出的。请选择每一列的含义；下方预览显示前几行入库后的样子。',
    unknown: 'markpi 无法识别此文件来自哪个平台：请在下方对应各列，然后点击导入。',
    remembered: '已按为相同列的文件保存的对应关系读取（{{name}}）。',
    edit: '编辑对应关系',
    close: '关闭编辑',
    column: '文件列',
    values: '取值',
    class: '看起来是',
    field: 'markpi 字段',
    confidence: '把握',
    why: '原因',
    notMapped: '不导入',
    date: '日期',
    sure: '确定',
    channel: '每行的渠道',
    channelFromFile: '不指定（取自某列）',
    questions: '待确认',
    preview: '入库后的行',
    updating: '更新中…',
    counts: '接受 {{accepted}} 行，拒绝 {{rejected}} 行',
    rejectedRow: '第 {{row}} 行：{{reason}}',
    totals: '合计',
    firstRows: '共 {{total}} 行，显示前 {{shown}} 行',
    noRows: '按此对应关系不会导入任何行。',
    save: '保存对应关系',
    saving: '保存中…',
    saved: '对应关系已随本次上传保存。点击导入即可载入这些行；之后列相同的文件会按此读取。',
    table: {
      fact_performance: '按天的行',
      fact_performance_periods: '按时间段的行',
    },
    classes: {
      date: '日期',
      id: 'ID',
      flag: '是/否标记',
      rate: '比率',
      percentage: '百分比',
      money: '金额',
      count: '计数',
      number: '数字',
      category: '类别',
      text: '文本',
      empty: '空',
    },
  },
};

export const mappingTexts = { en: mappingEn, zh: mappingZh };
