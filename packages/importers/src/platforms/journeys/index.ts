/**
 * Attribution's inputs from web analytics and attribution tools:
 * - touch events, one touch per row: a person key, a time and where the touch came from (GA4's
 *   BigQuery export flattened, a session export, a tracking tool's log);
 * - journey paths, one path per row: the channels joined by `>`, with conversions, their value
 *   and the journeys that did not convert (the layout attribution tools exchange).
 */
import type { TOUCH_KINDS } from '@markpi/core';
import { channelFromSourceMedium } from '../ga4/index.js';
import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { DraftRow, ImportProfile, RefineResult } from '../types.js';

/** Event names (GA4's and common trackers') that are touchpoints, by the kind of touch. */
const EVENT_KINDS: ReadonlyMap<string, (typeof TOUCH_KINDS)[number]> = new Map([
  ['session_start', 'visit'],
  ['first_visit', 'visit'],
  ['page_view', 'visit'],
  ['screen_view', 'visit'],
  ['visit', 'visit'],
  ['click', 'click'],
  ['ad_click', 'click'],
  ['select_content', 'click'],
  ['select_promotion', 'click'],
  ['search', 'search'],
  ['view_search_results', 'search'],
  ['ad_impression', 'impression'],
  ['view_promotion', 'impression'],
  ['impression', 'impression'],
  ['claim_coupon', 'coupon'],
  ['apply_coupon', 'coupon'],
  ['redeem_coupon', 'coupon'],
  ['coupon', 'coupon'],
  ['passphrase', 'coupon'],
]);

const text = (value: DraftRow[string] | undefined): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * A touch's channel from its source / medium: the platform when the source names one, `direct`
 * for direct traffic, else the source itself (`baidu`, `newsletter`): every step of a journey
 * counts, not only the platforms markpi reports on.
 */
export function touchChannel(sourceMedium: string): string | undefined {
  const found = channelFromSourceMedium(sourceMedium);
  if (found) return found.channel;
  const source = (sourceMedium.split('/')[0] ?? '').trim().toLowerCase();
  if (source === '' || source === '(not set)') return undefined;
  if (source === '(direct)' || source === 'direct') return 'direct';
  return source;
}

function refineTouch(row: DraftRow): RefineResult | undefined {
  if (!text(row.touch_kind)) {
    const event = text(row.event_name)?.toLowerCase();
    if (event !== undefined) {
      const kind = EVENT_KINDS.get(event);
      if (!kind) return { skip: { key: 'import.warning.not_a_touch', params: { value: event } } };
      row.touch_kind = kind;
    } else row.touch_kind = 'visit';
  }
  const source = text(row.source);
  const medium = text(row.medium);
  if (!text(row.source_medium) && source) row.source_medium = `${source} / ${medium ?? '(none)'}`;
  if (!text(row.channel)) {
    const sourceMedium = text(row.source_medium);
    const channel = sourceMedium ? touchChannel(sourceMedium) : undefined;
    if (!channel) {
      return {
        reject: {
          field: sourceMedium ? 'source_medium' : 'channel',
          reason: sourceMedium
            ? { key: 'import.reason.source_names_no_source', params: { value: sourceMedium } }
            : { key: 'import.reason.touch_no_channel', params: {} },
        },
      };
    }
    row.channel = channel;
  }
  return undefined;
}

export const touchEvents: ImportProfile = {
  id: 'touch_events',
  label: 'Touch events (one touch per row)',
  target: 'touches',
  rules: [
    column(
      'person',
      'id',
      [
        'user_pseudo_id',
        'user_id',
        'client_id',
        'Client ID',
        'User ID',
        'visitor_id',
        '用户ID',
        '访客ID',
        'openid',
        'unionid',
        'person',
      ],
      { signature: true },
    ),
    column(
      'at',
      'time',
      [
        'event_timestamp',
        'Event timestamp',
        'event_time',
        'timestamp',
        'Session start',
        'time',
        '访问时间',
        '触达时间',
        '时间',
      ],
      {
        signature: true,
      },
    ),
    column('event_name', 'text', ['event_name', 'Event name', '事件名称', '事件'], { signature: true }),
    column('touch_kind', 'text', ['touch_kind', 'Touch kind', '触点类型']),
    column('channel', 'text', ['channel', '渠道']),
    column('source_medium', 'text', [
      'Session source / medium',
      'Source / medium',
      'source_medium',
      'sessionSourceMedium',
      '来源/媒介',
    ]),
    column('source', 'text', [
      'traffic_source.source',
      'collected_traffic_source.manual_source',
      'utm_source',
      'Session source',
      'source',
      '来源',
    ]),
    column('medium', 'text', [
      'traffic_source.medium',
      'collected_traffic_source.manual_medium',
      'utm_medium',
      'Session medium',
      'medium',
      '媒介',
    ]),
    column('campaign', 'text', [
      'traffic_source.name',
      'collected_traffic_source.manual_campaign_name',
      'utm_campaign',
      'Session campaign',
      'campaign',
      '活动',
    ]),
    column('content', 'text', ['page_location', 'Landing page', 'utm_content', 'content', '落地页']),
    column('creator', 'text', ['creator', 'kol', '达人']),
    column('account', 'text', ['stream_id', 'account', '账户']),
    ignored(
      [
        'event_date',
        'platform',
        'device.category',
        'geo.country',
        'ga_session_id',
        'event_bundle_sequence_id',
      ],
      {
        signature: true,
      },
    ),
  ],
  notes: platformNotes('touch_events'),
  refine: refineTouch,
};

/** Separators path exports use between steps. */
const PATH_STEPS = /\s*(?:>|→|›|->)\s*/;

function refinePath(row: DraftRow): RefineResult | undefined {
  const path = text(row.path);
  if (!path) return { reject: { field: 'path', reason: { key: 'import.reason.no_path', params: {} } } };
  const steps = path.split(PATH_STEPS).map((step) => step.trim());
  if (steps.some((step) => step === ''))
    return {
      reject: { field: 'path', reason: { key: 'import.reason.empty_step', params: { value: path } } },
    };
  row.path = steps.join('>');
  row.conversions ??= 0;
  row.nulls ??= 0;
  if (typeof row.value === 'number' && row.value > 0 && row.conversions === 0)
    return {
      reject: { field: 'value', reason: { key: 'import.reason.value_without_conversions', params: {} } },
    };
  return undefined;
}

export const journeyPaths: ImportProfile = {
  id: 'journey_paths',
  label: 'Journey paths (one path per row)',
  target: 'journey_paths',
  // A path report covers its whole period: each row is filed on the period's first day.
  periodRows: 'start-date',
  rules: [
    column(
      'path',
      'text',
      [
        'path',
        'channel path',
        'Default channel group path',
        'Session default channel group path',
        'Source / medium path',
        'Session source / medium path',
        'Conversion path',
        '转化路径',
        '渠道路径',
        '路径',
      ],
      { signature: true },
    ),
    column(
      'conversions',
      'count',
      ['total_conversions', 'conversions', 'Key events', 'keyEvents', '转化数', '转化次数'],
      {
        signature: true,
      },
    ),
    column('value', 'money', [
      'total_conversion_value',
      'conversion value',
      'conversion_value',
      'Purchase revenue',
      'Total revenue',
      'revenue',
      'value',
      '转化金额',
      '成交金额',
    ]),
    column(
      'nulls',
      'count',
      [
        'total_null',
        'total_nulls',
        'nulls',
        'non-conversions',
        'non-converting journeys',
        '未转化数',
        '未转化旅程数',
      ],
      {
        signature: true,
      },
    ),
    column('date', 'date', ['date', 'Date', '日期']),
    column('account', 'text', ['account', '账户']),
    ignored(['Days to conversion', 'Touchpoints to conversion', 'Path length', '路径长度'], {
      signature: true,
    }),
  ],
  notes: platformNotes('journey_paths'),
  refine: refinePath,
};
