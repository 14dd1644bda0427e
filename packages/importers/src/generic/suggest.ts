/**
 * A draft column mapping for a file no platform covers, from its header and a sample of its
 * rows. Each column is classified first (classify.ts) and only then offered a field whose kind
 * fits: a count field takes counts, a money field money, a dimension categories, text or IDs,
 * `date` days. A ratio, a percentage or a yes/no flag therefore never becomes a count or an
 * amount, whatever its header says.
 *
 * Every column gets a confidence (0–1) and a reason; `sure` means 0.8 or more. A column whose
 * field is doubtful is left unmapped with a question. One column fills a field: the more
 * confident candidate wins (the earlier column on a tie) and the other is reported.
 *
 * Header vocabulary: English phrases are matched as whole words (`Amount spent (USD)` holds
 * `amount spent`), Chinese ones as substrings (`展示数` holds `展示`). Words next to the phrase
 * lower the confidence unless they are filler (`total`, `name`, `数`, `量`) and rule it out
 * when they change its meaning (`Campaign type` is not the campaign, `计划ID` not its name).
 */

import { ADDITIVE_CLASSES, type ColumnClass, classifyColumn, isChineseHeader } from './classify.js';
import { type ColumnMapping, type MappedColumn, targetFields } from './mapping.js';
import type { MappingMessage } from './messages.js';

interface VocabularyEntry {
  field: string;
  en: readonly string[];
  zh: readonly string[];
  /** The highest confidence a match of this entry earns (`Views` may be plays or impressions). */
  cap?: number;
}

const VOCABULARY: readonly VocabularyEntry[] = [
  { field: 'date', en: ['date', 'day', 'report date', 'reporting date', 'date start'], zh: ['日期', '天'] },
  {
    field: 'date',
    en: ['time', 'posted', 'publish time', 'post time'],
    zh: ['时间', '发布时间', '发布日期', '发表时间'],
    cap: 0.7,
  },
  {
    field: 'channel',
    en: ['platform', 'channel', 'network', 'publisher platform', 'media source', 'social network'],
    zh: ['渠道', '平台', '媒体'],
  },
  {
    field: 'account',
    en: ['account', 'account name', 'advertiser', 'advertiser name', 'page name', 'profile', 'shop', 'store'],
    zh: ['账户', '账号', '广告主', '店铺'],
  },
  // The handle beside the display name in Instagram's exports: the account too, a weaker match.
  { field: 'account', en: ['account username', 'account handle'], zh: [], cap: 0.85 },
  {
    field: 'campaign',
    en: ['campaign', 'campaign name'],
    zh: ['广告计划', '推广计划', '计划', '计划名称', '营销活动', '活动名称'],
  },
  {
    field: 'campaign_goal',
    en: ['objective', 'campaign objective', 'goal', 'campaign goal'],
    zh: ['营销目标', '推广目的', '投放目标', '推广目标'],
  },
  {
    field: 'ad_group',
    en: ['ad set', 'adset', 'ad group', 'adgroup', 'ad set name', 'ad group name', 'ad squad'],
    zh: ['广告组', '推广单元', '单元'],
  },
  {
    field: 'content',
    en: [
      'ad',
      'ad name',
      'creative',
      'creative name',
      'post',
      'content',
      'video',
      'video title',
      'title',
      'post title',
      'permalink',
      'link',
      'url',
      'landing page',
      'note',
    ],
    zh: [
      '创意',
      '素材',
      '笔记',
      '作品',
      '视频',
      '标题',
      '内容',
      '链接',
      '博文',
      '微博',
      '笔记标题',
      '视频标题',
      '作品标题',
      '文章标题',
      '微博内容',
      '笔记链接',
      '作品链接',
      '创意名称',
      '素材名称',
    ],
  },
  {
    field: 'content_format',
    en: ['format', 'media type', 'post type', 'content type', 'ad format', 'creative type'],
    zh: ['内容类型', '体裁', '作品类型', '笔记类型', '素材类型', '内容形式'],
  },
  {
    field: 'creator',
    en: ['creator', 'influencer', 'kol', 'author', 'creator name', 'influencer name', 'handle', 'username'],
    zh: ['达人', '博主', '作者', '主播', '达人昵称', '博主昵称', '昵称'],
  },
  { field: 'creator_tier', en: ['tier', 'creator tier', 'influencer tier'], zh: ['达人等级', '达人层级'] },
  {
    field: 'region',
    en: ['region', 'country', 'city', 'state', 'location', 'geo', 'province', 'market'],
    zh: ['地区', '地域', '省份', '城市', '区域', '国家'],
  },
  {
    field: 'audience',
    en: ['audience', 'segment', 'target audience', 'audience name'],
    zh: ['人群', '受众', '定向人群'],
  },
  { field: 'audience', en: ['age', 'gender', 'age group', 'age range'], zh: ['年龄', '性别'], cap: 0.6 },
  { field: 'currency', en: ['currency', 'currency code'], zh: ['币种', '货币'] },
  { field: 'impressions', en: ['impressions', 'impression', 'impr'], zh: ['展示', '曝光', '展现'] },
  { field: 'reach', en: ['reach', 'unique reach', 'accounts reached'], zh: ['触达', '覆盖人数'] },
  {
    field: 'clicks',
    en: ['clicks', 'click', 'link clicks', 'clicks all', 'outbound clicks'],
    zh: ['点击'],
  },
  {
    field: 'spend',
    en: ['spend', 'spent', 'cost', 'amount spent', 'ad spend', 'media cost', 'total spend'],
    zh: ['消耗', '花费', '费用', '投放金额', '实际消耗'],
  },
  {
    field: 'conversions',
    en: ['conversions', 'conversion', 'purchases', 'orders', 'all conv'],
    zh: ['转化数', '转化', '订单数', '成交订单数', '下单数', '成交单量', '支付订单数'],
  },
  { field: 'conversions', en: ['results'], zh: [], cap: 0.6 },
  {
    field: 'conversion_value',
    en: [
      'conversion value',
      'revenue',
      'sales',
      'purchase value',
      'purchases value',
      'gmv',
      'conv value',
      'order value',
      'purchases conversion value',
    ],
    zh: ['成交金额', '销售额', '成交额', 'gmv', '转化价值', '支付金额', '交易额', '收入', '订单金额'],
  },
  { field: 'leads', en: ['leads', 'lead', 'form submissions', 'signups'], zh: ['线索', '表单提交', '留资'] },
  { field: 'likes', en: ['likes', 'like', 'reactions', 'hearts', 'diggs'], zh: ['点赞'] },
  { field: 'comments', en: ['comments', 'comment'], zh: ['评论'] },
  { field: 'shares', en: ['shares', 'reposts', 'retweets'], zh: ['分享', '转发'] },
  { field: 'saves', en: ['saves', 'saved', 'favorites', 'bookmarks', 'collects'], zh: ['收藏'] },
  {
    field: 'follows',
    en: ['follows', 'new followers', 'followers gained', 'new follows', 'follower gain'],
    zh: ['新增粉丝', '涨粉', '新增关注', '粉丝增量', '关注数'],
  },
  {
    field: 'video_views',
    en: ['video views', 'plays', 'video plays', 'views'],
    zh: ['播放', '观看'],
  },
  { field: 'video_views', en: [], zh: ['阅读'], cap: 0.6 },
  { field: 'store_visits', en: ['store visits'], zh: ['到店'] },
];

/** Words around a phrase that do not change what it names. */
const FILLER_WORDS = new Set([
  'total',
  'all',
  'number',
  'of',
  'the',
  'name',
  'count',
  '#',
  'sum',
  'overall',
  'paid',
]);
/** Words around a phrase that change what it names: `Campaign type`, `Ad ID`, `Cost budget`. */
const MEANING_WORDS = new Set([
  'type',
  'status',
  'id',
  'budget',
  'bid',
  'target',
  'delivery',
  'starts',
  'ends',
  'setting',
  'strategy',
  'level',
  'category',
  'unique',
]);
const ZH_FILLER = /总|数|量|名称|名|次数|人数|累计|全部|次|\(元\)|\(人民币\)|\(个\)|\(次\)|\(usd\)/g;
const ZH_MEANING = /类型|状态|id|编号|预算|出价|目标|开始|结束|率|均|成本/;

const SURE = 0.8;
const LIKELY = 0.5;

export interface ColumnSuggestion {
  /** The header as the file writes it. */
  header: string;
  /** 0-based position in the file. */
  index: number;
  class: ColumnClass;
  /** The field proposed, or null when the column is left out. */
  field: string | null;
  /** How sure the decision is (the field, or leaving the column out). */
  confidence: number;
  sure: boolean;
  reason: MappingMessage;
  /** For a doubtful column: what to ask. */
  question?: MappingMessage;
  /** Currency the header or the values name, for money. */
  currency?: string;
  examples: string[];
}

export interface MappingSuggestion {
  target: 'performance';
  columns: ColumnSuggestion[];
  /** Questions about the file as a whole (channel, currency, date). */
  questions: MappingMessage[];
  /** The draft: mapped columns only, ready to validate once the questions are answered. */
  mapping: ColumnMapping;
}

interface Candidate {
  field: string;
  confidence: number;
  /** The phrase that matched, for the reason. */
  phrase: string;
  /** The phrase ends the header: in English the last word is the head (`Campaign channel` is a channel). */
  head: boolean;
  /** Position of the entry in the vocabulary: the earlier wins what nothing else settles. */
  order: number;
}

/** Fields whose values are text: dimensions and the currency code. */
function acceptsClass(field: string, kind: string | undefined, klass: ColumnClass): boolean {
  if (field === 'date') return klass === 'date';
  if (kind === 'count') return klass === 'count';
  if (kind === 'money') return klass === 'money';
  if (kind === 'text' || kind === 'currency' || kind === 'id')
    return klass === 'category' || klass === 'text' || klass === 'id' || klass === 'flag';
  return false;
}

function englishCandidates(words: readonly string[]): Candidate[] {
  const candidates: Candidate[] = [];
  VOCABULARY.forEach((entry, order) => {
    for (const phrase of entry.en) {
      const parts = phrase.split(' ');
      for (let start = 0; start + parts.length <= words.length; start++) {
        if (!parts.every((part, offset) => words[start + offset] === part)) continue;
        const extra = [...words.slice(0, start), ...words.slice(start + parts.length)];
        // Currency codes in brackets say the unit, not the meaning.
        const meaningful = extra.filter((word) => !/^(usd|cny|rmb|eur|gbp|jpy|hkd)$/.test(word));
        if (meaningful.some((word) => MEANING_WORDS.has(word))) continue;
        const unknown = meaningful.filter((word) => !FILLER_WORDS.has(word));
        let confidence = meaningful.length === 0 ? 0.95 : unknown.length === 0 ? 0.85 : 0.6;
        confidence = Math.min(confidence, entry.cap ?? 1);
        const head = start + parts.length === words.length;
        candidates.push({ field: entry.field, confidence, phrase, head, order });
        break;
      }
    }
  });
  return candidates;
}

function chineseCandidates(normalized: string): Candidate[] {
  const candidates: Candidate[] = [];
  VOCABULARY.forEach((entry, order) => {
    for (const phrase of entry.zh) {
      const at = normalized.indexOf(phrase);
      if (at === -1) continue;
      const rest = normalized.slice(0, at) + normalized.slice(at + phrase.length);
      if (ZH_MEANING.test(rest)) continue;
      const unknown = rest.replace(ZH_FILLER, '').replace(/[\s()（）[\]【】_\-:：]/g, '');
      let confidence = rest === '' ? 0.95 : unknown === '' ? 0.9 : 0.6;
      confidence = Math.min(confidence, entry.cap ?? 1);
      // In Chinese the head comes last too: `视频标题` is a title.
      const head = at + phrase.length === normalized.length;
      candidates.push({ field: entry.field, confidence, phrase, head, order });
    }
  });
  return candidates;
}

/** The best field for a column of this class: the most confident, then the head, the longest phrase. */
function bestCandidate(
  candidates: readonly Candidate[],
  fields: ReadonlyMap<string, string>,
  klass: ColumnClass,
): Candidate | undefined {
  return candidates
    .filter((candidate) => acceptsClass(candidate.field, fields.get(candidate.field), klass))
    .sort(
      (a, b) =>
        b.confidence - a.confidence ||
        Number(b.head) - Number(a.head) ||
        b.phrase.length - a.phrase.length ||
        a.order - b.order,
    )[0];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The suggestion for one table: `headers` and the first data rows as text (a few hundred are
 * plenty; every row given is looked at).
 */
export function suggestColumnMapping(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  name = 'draft',
): MappingSuggestion {
  const fields = targetFields('performance');
  const suggestions: ColumnSuggestion[] = headers.map((header, index) =>
    suggestColumn(
      header,
      index,
      rows.map((row) => row[index] ?? ''),
      fields,
    ),
  );
  settleDuplicates(suggestions);
  return finish(suggestions, name);
}

function suggestColumn(
  header: string,
  index: number,
  values: readonly string[],
  fields: ReadonlyMap<string, string>,
): ColumnSuggestion {
  const classified = classifyColumn(header, values);
  const klass = classified.class;
  const { header: reading, values: read } = classified;
  const currency = reading.currency ?? read.currency;
  const base = {
    header,
    index,
    class: klass,
    examples: read.examples,
    ...(klass === 'money' && currency ? { currency } : {}),
  };
  const leftOut = (
    confidence: number,
    reason: MappingMessage,
    question?: MappingMessage,
  ): ColumnSuggestion => ({
    ...base,
    field: null,
    confidence: round2(confidence),
    sure: confidence >= SURE && question === undefined,
    reason,
    ...(question ? { question } : {}),
  });
  const params = { header, class: klass, examples: read.examples };

  if (header.trim() === '') return leftOut(0.95, { key: 'mapping.reason.no_header', params });
  if (klass === 'empty') return leftOut(0.9, { key: 'mapping.reason.empty', params });
  if (klass === 'rate')
    return leftOut(classified.agreed ? 0.95 : 0.85, {
      key: 'mapping.reason.ratio',
      params: { ...params, word: reading.hintWord ?? read.examples[0] ?? '' },
    });
  if (klass === 'percentage') return leftOut(0.95, { key: 'mapping.reason.percentage', params });

  const candidates = isChineseHeader(header)
    ? chineseCandidates(reading.normalized)
    : englishCandidates(reading.words);
  const best = bestCandidate(candidates, fields, klass);

  if (klass === 'flag') {
    // A yes/no column may still be a dimension someone filters by; never a measure.
    return leftOut(0.9, { key: 'mapping.reason.flag', params }, { key: 'mapping.question.flag', params });
  }
  if (!best) {
    // A field of the header's name whose kind does not fit the values: said, not mapped.
    const named = candidates.sort((a, b) => b.confidence - a.confidence)[0];
    if (
      named &&
      named.confidence >= LIKELY &&
      ['count', 'money', 'date'].includes(fields.get(named.field) ?? '')
    ) {
      return leftOut(
        0.4,
        { key: 'mapping.reason.values_disagree', params: { ...params, field: named.field } },
        { key: 'mapping.question.values_disagree', params: { ...params, field: named.field } },
      );
    }
    if (klass === 'id') return leftOut(0.85, { key: 'mapping.reason.id', params });
    return leftOut(
      0.3,
      { key: 'mapping.reason.no_field', params },
      { key: 'mapping.question.which_field', params },
    );
  }

  let confidence = best.confidence;
  // An ID stands for its entity only when no name column does: it loses any tie below.
  if (klass === 'id') confidence = Math.min(confidence, 0.6);
  if (!classified.agreed) confidence = Math.min(confidence, 0.6);
  if (confidence < LIKELY) {
    return leftOut(
      0.4,
      { key: 'mapping.reason.doubtful', params: { ...params, field: best.field, phrase: best.phrase } },
      { key: 'mapping.question.confirm', params: { ...params, field: best.field } },
    );
  }
  const reasonKey =
    klass === 'id'
      ? 'mapping.reason.id_for_entity'
      : best.confidence >= 0.95
        ? 'mapping.reason.header_names'
        : 'mapping.reason.header_contains';
  const suggestion: ColumnSuggestion = {
    ...base,
    field: best.field,
    confidence: round2(confidence),
    sure: confidence >= SURE,
    reason: { key: reasonKey, params: { ...params, field: best.field, phrase: best.phrase } },
  };
  if (confidence < SURE)
    suggestion.question = { key: 'mapping.question.confirm', params: { ...params, field: best.field } };
  return suggestion;
}

/** One column per field: the more confident one keeps it, the earlier one on a tie. */
function settleDuplicates(suggestions: ColumnSuggestion[]): void {
  const byField = new Map<string, ColumnSuggestion>();
  for (const suggestion of suggestions) {
    if (!suggestion.field) continue;
    const holder = byField.get(suggestion.field);
    if (!holder) {
      byField.set(suggestion.field, suggestion);
      continue;
    }
    const [winner, loser] =
      suggestion.confidence > holder.confidence ? [suggestion, holder] : [holder, suggestion];
    byField.set(suggestion.field, winner);
    const field = loser.field!;
    const params = {
      header: loser.header,
      class: loser.class,
      examples: loser.examples,
      field,
      winner: winner.header,
    };
    loser.field = null;
    loser.reason = { key: 'mapping.reason.field_taken', params };
    // Two good candidates for one field is worth a question; a weak one losing is not.
    if (loser.confidence >= SURE) {
      loser.question = { key: 'mapping.question.field_taken', params };
      loser.sure = false;
    } else {
      delete loser.question;
      loser.sure = winner.sure;
    }
  }
}

function finish(suggestions: ColumnSuggestion[], name: string): MappingSuggestion {
  const columns: Record<string, string | MappedColumn> = {};
  const questions: MappingMessage[] = [];
  const currencies = new Set<string>();
  let unpricedMoney = false;
  for (const suggestion of suggestions) {
    if (!suggestion.field) continue;
    columns[suggestion.header] = suggestion.field;
    if (suggestion.class === 'money') {
      if (suggestion.currency) currencies.add(suggestion.currency);
      else unpricedMoney = true;
    }
  }
  const mapped = new Set(suggestions.flatMap((suggestion) => (suggestion.field ? [suggestion.field] : [])));
  const mapping: ColumnMapping = { name, target: 'performance', columns };
  if (currencies.size === 1 && !unpricedMoney) mapping.currency = [...currencies][0]!;
  else if (currencies.size > 1) {
    // Per-column currencies are kept on each column.
    for (const suggestion of suggestions) {
      if (suggestion.field && suggestion.currency)
        columns[suggestion.header] = { field: suggestion.field, currency: suggestion.currency };
    }
  }
  if (unpricedMoney && currencies.size === 0 && !mapped.has('currency'))
    questions.push({ key: 'mapping.question.currency', params: {} });
  if (!mapped.has('date')) questions.push({ key: 'mapping.question.date', params: {} });
  if (!mapped.has('channel')) questions.push({ key: 'mapping.question.channel', params: {} });
  if (![...mapped].some((field) => ADDITIVE_FIELDS.has(field)))
    questions.push({ key: 'mapping.question.no_measure', params: {} });
  return { target: 'performance', columns: suggestions, questions, mapping };
}

const ADDITIVE_FIELDS: ReadonlySet<string> = new Set(
  [...targetFields('performance')]
    .filter(([, kind]) => kind === 'count' || kind === 'money')
    .map(([field]) => field),
);

/** Whether a field is summed (a count or an amount): what no ratio or flag may fill. */
export function isAdditiveField(field: string): boolean {
  return ADDITIVE_FIELDS.has(field);
}

export { ADDITIVE_CLASSES };
