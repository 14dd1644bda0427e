import { describe, expect, it } from 'vitest';
import { unknownSourceError } from '../platforms/recognize.js';
import { bytesSource } from '../read/source.js';
import { ADDITIVE_CLASSES, classifyColumn, readHeader, readValues } from './classify.js';
import { validateMapping } from './mapping.js';
import { MAPPING_MESSAGES, sayMapping } from './messages.js';
import { SUGGEST_FIXTURES } from './suggest.fixtures.js';
import { isAdditiveField, suggestColumnMapping } from './suggest.js';
import { suggestMappingForFile } from './suggest-file.js';

const source = (name: string, text: string) => bytesSource(name, new TextEncoder().encode(text));

describe('mapping suggestions on real-world-shaped files', () => {
  it('covers at least 15 files, English and Chinese', () => {
    expect(SUGGEST_FIXTURES.length).toBeGreaterThanOrEqual(15);
    expect(SUGGEST_FIXTURES.filter((fixture) => /\p{Script=Han}/u.test(fixture.csv)).length).toBeGreaterThan(
      4,
    );
  });

  for (const fixture of SUGGEST_FIXTURES) {
    it(`${fixture.file}: the expected mapping, no ratio or flag summed`, async () => {
      const suggestion = await suggestMappingForFile(source(fixture.file, fixture.csv));
      const got = Object.fromEntries(suggestion.columns.map((column) => [column.header, column.field]));
      expect(got).toEqual(fixture.expected);
      for (const column of suggestion.columns) {
        // Never summed: a ratio, a percentage or a flag, whatever the header.
        if (fixture.notStored.includes(column.header)) {
          expect(['rate', 'percentage', 'flag']).toContain(column.class);
        }
        if (column.field && isAdditiveField(column.field))
          expect(ADDITIVE_CLASSES.has(column.class)).toBe(true);
        // Every column says why; a doubtful one asks.
        expect(MAPPING_MESSAGES[column.reason.key]).toBeDefined();
        if (!column.sure && column.field === null && column.confidence < 0.5)
          expect(column.question).toBeDefined();
        expect(column.confidence).toBeGreaterThanOrEqual(0);
        expect(column.confidence).toBeLessThanOrEqual(1);
      }
      // One column per field.
      const fields = suggestion.columns.flatMap((column) => (column.field ? [column.field] : []));
      expect(new Set(fields).size).toBe(fields.length);
      // The draft is a mapping markpi accepts once it has a date.
      const draft = suggestion.mapping;
      const dated = fields.includes('date') ? draft : { ...draft, constants: { date: '2025-05-18' } };
      expect(() => validateMapping(dated)).not.toThrow();
    });
  }

  it('every suggestion it is sure of is right, over all files', async () => {
    let sure = 0;
    for (const fixture of SUGGEST_FIXTURES) {
      const suggestion = await suggestMappingForFile(source(fixture.file, fixture.csv));
      for (const column of suggestion.columns) {
        if (!column.sure) continue;
        sure++;
        expect(column.field, `${fixture.file}: ${column.header}`).toBe(fixture.expected[column.header]);
      }
    }
    // Most columns are settled without a question.
    expect(sure).toBeGreaterThan(150);
  });
});

describe('the issue’s cases', () => {
  const headers = [
    'Date',
    'Campaign_Type',
    'Conversion Rate',
    'Paid',
    'Impressions',
    'Impressions (thousands)',
    'Revenue',
  ];
  const rows = [
    ['2025-05-18', 'Email', '0.034', '1', '1200', '1.2', '340.50'],
    ['2025-05-19', 'Social Media', '0.051', '0', '980', '0.98', '120.00'],
    ['2025-05-20', 'Email', '0.020', '1', '1430', '1.43', '99.90'],
  ];
  const suggestion = suggestColumnMapping(headers, rows);
  const byHeader = new Map(suggestion.columns.map((column) => [column.header, column]));

  it('Conversion Rate is a ratio, not conversion value', () => {
    const column = byHeader.get('Conversion Rate')!;
    expect(column).toMatchObject({ class: 'rate', field: null, sure: true });
    expect(sayMapping(column.reason)).toBe(
      'a ratio (“rate”): markpi computes ratios from their parts, so it is not stored',
    );
    expect(sayMapping(column.reason, 'zh')).toBe('比率(“rate”):markpi 由分子分母计算比率,不存储此列');
  });

  it('a 0/1 Paid column is a flag with a question, not conversions', () => {
    const column = byHeader.get('Paid')!;
    expect(column).toMatchObject({ class: 'flag', field: null });
    expect(sayMapping(column.reason)).toBe('only “1”, “0”: a yes/no flag, not a count');
    expect(sayMapping(column.question!, 'zh')).toBe(
      '“Paid”是是/否标记:若要按它筛选,请映射到一个维度,否则不导入',
    );
  });

  it('Campaign_Type is not the campaign: left out with a question', () => {
    const column = byHeader.get('Campaign_Type')!;
    expect(column).toMatchObject({ class: 'category', field: null, sure: false });
    expect(sayMapping(column.question!)).toBe(
      'what does “Campaign_Type” hold? It looks like categories (e.g. “Email”, “Social Media”)',
    );
  });

  it('two impression columns: one fills the field, the other is reported', () => {
    expect(byHeader.get('Impressions')).toMatchObject({ field: 'impressions', confidence: 0.95, sure: true });
    const other = byHeader.get('Impressions (thousands)')!;
    expect(other.field).toBeNull();
    expect(sayMapping(other.reason)).toBe(
      'impressions is taken by “Impressions”, a better match; this column is left out',
    );
  });

  it('the error for an unknown file carries the same draft, read from its first rows', () => {
    const error = unknownSourceError('sheet.csv', 1, headers, [], rows);
    expect(error.problems[1]?.message).toBe(
      'suggested mapping: {"target":"performance","columns":{"Date":"date","Impressions":"impressions","Revenue":"conversion_value"}}',
    );
  });

  it('asks for what the file does not say', () => {
    expect(suggestion.questions.map((question) => question.key)).toEqual([
      'mapping.question.currency',
      'mapping.question.channel',
    ]);
    expect(suggestion.mapping.columns).toEqual({
      Date: 'date',
      Impressions: 'impressions',
      Revenue: 'conversion_value',
    });
  });
});

describe('column classes', () => {
  it('reads what headers say, in English and Chinese', () => {
    const hints = (headers: string[]) => headers.map((header) => readHeader(header).hint ?? null);
    expect(hints(['CTR', 'Cost per result', 'Cost / conv.', 'ROAS', 'Avg. CPC', 'Frequency'])).toEqual(
      Array(6).fill('rate'),
    );
    expect(hints(['转化率', '点击单价', '转化成本', '投产比', '平均千次展现费用(元)', '占比'])).toEqual(
      Array(6).fill('rate'),
    );
    expect(hints(['Amount spent (USD)', '消耗(元)', 'Revenue ($)', 'GMV'])).toEqual(Array(4).fill('money'));
    expect(hints(['Impressions', '展示数', '播放量', 'Link clicks'])).toEqual(Array(4).fill('count'));
    expect(hints(['Campaign ID', '达人ID', 'ad_id'])).toEqual(Array(3).fill('id'));
    expect(hints(['Campaign', '广告计划名称'])).toEqual([null, null]);
    expect(readHeader('Cost (USD)').currency).toBe('USD');
    expect(readHeader('消耗（元）').currency).toBe('CNY');
  });

  it('reads what values are written as', () => {
    const klass = (values: string[]) => readValues(values).class;
    expect(klass(['0', '1', '1', '0'])).toBe('flag');
    expect(klass(['是', '否'])).toBe('flag');
    expect(klass(['Yes', 'no', 'YES'])).toBe('flag');
    expect(klass(['2.5%', '3.1%'])).toBe('percentage');
    expect(klass(['$12.40', '$8.00'])).toBe('money');
    expect(klass(['¥1,200', '¥88'])).toBe('money');
    expect(klass(['20250518', '20250519'])).toBe('date');
    expect(klass(['2025/5/18', '2025/5/19'])).toBe('date');
    expect(klass(['0.034', '0.051'])).toBe('rate');
    expect(klass(['1.2万', '3400'])).toBe('count');
    expect(klass(['120253012345678901', '120253012345678902', '120253012345678903'])).toBe('id');
    expect(klass(['act_1234567', 'act_1234568', 'act_1234569'])).toBe('id');
    expect(klass(['Email', 'Email', 'Social', 'Email'])).toBe('category');
    expect(klass(['A long caption', 'Another caption', 'A third caption'])).toBe('text');
    expect(klass(['-', '--', ''])).toBe('empty');
  });

  it('Conversions that happen to be 0 or 1 are still counts', () => {
    expect(classifyColumn('Conversions', ['0', '1', '1', '0']).class).toBe('count');
    expect(classifyColumn('Converted', ['0', '1', '1', '0']).class).toBe('flag');
  });
});

describe('never a ratio or a flag in a count or money field', () => {
  // Property: headers built from any ratio word and any measure word, with values of any
  // shape, never fill a count or money field; 0/1 or yes/no columns under a header naming no
  // count never do either.
  const measures = [
    'Clicks',
    'Impressions',
    'Spend',
    'Conversions',
    'Revenue',
    '点击',
    '消耗',
    '转化',
    '成交金额',
  ];
  const ratios = ['Rate', 'CTR', 'Per', 'Avg.', 'ROAS', '%', '率', '占比', '单价'];
  const shapes = [
    ['0.01', '0.2', '0.33'],
    ['1.5%', '2%', '0.4%'],
    ['12', '40', '7'],
    ['1.25', '3.5', '0.8'],
    ['$1.20', '$0.80', '$2.10'],
  ];
  it('holds for every combination', () => {
    let checked = 0;
    for (const measure of measures) {
      for (const ratio of ratios) {
        for (const header of [`${measure} ${ratio}`, `${ratio} ${measure}`, `${measure}${ratio}`]) {
          for (const values of shapes) {
            const suggestion = suggestColumnMapping(
              ['Date', header],
              values.map((value) => ['2025-05-18', value]),
            );
            const column = suggestion.columns[1]!;
            expect(column.class, header).toMatch(/^(rate|percentage)$/);
            expect(column.field, header).toBeNull();
            checked++;
          }
        }
      }
    }
    const flagHeaders = ['Paid', 'Is video', 'Converted', '是否原创', 'Active'];
    const flagValues = [
      ['0', '1', '0'],
      ['yes', 'no', 'no'],
      ['是', '否', '是'],
      ['TRUE', 'FALSE', 'TRUE'],
    ];
    for (const header of flagHeaders) {
      for (const values of flagValues) {
        const suggestion = suggestColumnMapping(
          ['Date', header],
          values.map((value) => ['2025-05-18', value]),
        );
        expect(suggestion.columns[1]).toMatchObject({ class: 'flag', field: null });
        checked++;
      }
    }
    expect(checked).toBe(measures.length * ratios.length * 3 * shapes.length + 20);
  });

  it('the answer does not depend on the order of rows or columns', () => {
    const fixture = SUGGEST_FIXTURES[4]!;
    const [headerLine, ...lines] = fixture.csv.trim().split('\n');
    const split = (line: string) =>
      line
        .match(/("[^"]*"|[^,]*)(,|$)/g)!
        .map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, ''))
        .slice(0, -1);
    const headers = split(headerLine!);
    const rows = lines.map(split);
    const forward = suggestColumnMapping(headers, rows);
    const order = headers.map((_, index) => index).reverse();
    const backward = suggestColumnMapping(
      order.map((index) => headers[index]!),
      [...rows].reverse().map((row) => order.map((index) => row[index] ?? '')),
    );
    const fields = (suggestion: typeof forward) =>
      Object.fromEntries(suggestion.columns.map((column) => [column.header, column.field]));
    expect(fields(backward)).toEqual(fields(forward));
  });
});

describe('messages', () => {
  it('every key the suggester uses has English and Chinese', () => {
    for (const [key, text] of Object.entries(MAPPING_MESSAGES)) {
      expect(text.en, key).not.toBe('');
      expect(text.zh, key).toMatch(/\p{Script=Han}/u);
      // The same parameters in both languages.
      const names = (template: string) =>
        [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      expect(names(text.zh), key).toEqual(names(text.en));
    }
  });
});
