/**
 * The rule every stored record follows for a scoped caller, checked two ways: cases worked out
 * by hand, and every segment, source and note against a brute force that enumerates the rows a
 * record is about and asks whether each lies inside the scope.
 */
import type { AccessScope } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import {
  annotationWithinScope,
  channelWithinScope,
  incidentWithinScope,
  liftEntryWithinScope,
  segmentWithinScope,
  sourceWithinScope,
} from './rules.js';

const DOUYIN: AccessScope = { channels: ['douyin'] };

// Every row the brute force knows: each dimension with values inside and outside every scope below.
const VALUES = {
  channel: ['douyin', 'meta', "o'brien", 'tmall'],
  campaign: ['c1', 'c2', 'c3'],
  account: ['acc_d', 'acc_m', 'acc_x'],
  creator_tier: ['kol', 'koc'],
  creator: ['cr1', 'cr2'],
} as const;
type Row = Record<keyof typeof VALUES, string>;

const ROWS: Row[] = (() => {
  let rows: Partial<Row>[] = [{}];
  for (const [dimension, values] of Object.entries(VALUES))
    rows = rows.flatMap((row) => values.map((value) => ({ ...row, [dimension]: value })));
  return rows as Row[];
})();

/** A row inside the scope: for every dimension the scope names, one of its values. Written apart from core's. */
function inside(scope: AccessScope, row: Row): boolean {
  const names = { channels: 'channel', campaigns: 'campaign', accounts: 'account' } as const;
  return (Object.keys(names) as (keyof typeof names)[]).every((key) => {
    const values = scope[key];
    return !values || values.length === 0 || values.includes(row[names[key]]);
  });
}

/** Whether every row a record admits lies inside the scope. */
function everyRowInside(scope: AccessScope, admits: (row: Row) => boolean): boolean {
  return ROWS.filter(admits).every((row) => inside(scope, row));
}

const SCOPES: AccessScope[] = [
  DOUYIN,
  { channels: ['douyin', 'meta'] },
  { channels: ["o'brien"] },
  { campaigns: ['c1'] },
  { accounts: ['acc_d'] },
  { channels: ['douyin'], accounts: ['acc_d'] },
  { channels: ['douyin'], campaigns: ['c1', 'c2'] },
];

const SEGMENTS = [
  'workspace',
  ...Object.entries(VALUES).flatMap(([level, values]) => values.map((value) => `${level}:${value}`)),
];

describe('scoped records', () => {
  it('segments, by hand: a channel inside a scope of channels; the workspace, tiers and creators never', () => {
    expect(segmentWithinScope(DOUYIN, 'channel:douyin')).toBe(true);
    expect(segmentWithinScope(DOUYIN, 'channel:meta')).toBe(false);
    expect(segmentWithinScope(DOUYIN, 'workspace')).toBe(false);
    expect(segmentWithinScope(DOUYIN, 'creator_tier:kol')).toBe(false);
    expect(segmentWithinScope(DOUYIN, 'creator:cr1')).toBe(false);
    // A campaign's series sums every channel it runs on: outside a scope of channels.
    expect(segmentWithinScope(DOUYIN, 'campaign:c1')).toBe(false);
    expect(segmentWithinScope({ campaigns: ['c1'] }, 'campaign:c1')).toBe(true);
    // A channel's series holds every account of it: outside a scope that also names accounts.
    expect(segmentWithinScope({ channels: ['douyin'], accounts: ['acc_d'] }, 'channel:douyin')).toBe(false);
    expect(segmentWithinScope({ channels: ["o'brien"] }, "channel:o'brien")).toBe(true);
    expect(segmentWithinScope(null, 'workspace')).toBe(true);
    expect(segmentWithinScope({}, 'creator:cr1')).toBe(true);
  });

  it('segments: every one against the rows it sums, for every scope', () => {
    let insideCount = 0;
    for (const scope of SCOPES) {
      for (const key of SEGMENTS) {
        const [level, value] =
          key === 'workspace' ? [null, null] : [key.split(':')[0], key.slice(key.indexOf(':') + 1)];
        const expected = everyRowInside(scope, (row) => level === null || row[level as keyof Row] === value);
        expect(segmentWithinScope(scope, key), `${key} in ${JSON.stringify(scope)}`).toBe(expected);
        if (expected) insideCount++;
      }
    }
    // By hand: douyin; douyin and meta; o'brien; c1; acc_d — the two-dimension scopes hold no segment whole.
    expect(insideCount).toBe(6);
  });

  it('incidents: inside only when every alert is, markers too; a pace when its target is', () => {
    const douyin = { segment: 'channel:douyin', segments: ['channel:douyin'], markers: [] };
    expect(incidentWithinScope(DOUYIN, douyin)).toBe(true);
    expect(incidentWithinScope(DOUYIN, { ...douyin, segments: ['channel:douyin', 'workspace'] })).toBe(false);
    expect(incidentWithinScope(DOUYIN, { ...douyin, markers: [{ segment: 'creator_tier:kol' }] })).toBe(
      false,
    );
    expect(incidentWithinScope(DOUYIN, { ...douyin, segment: 'channel:meta' })).toBe(false);
    expect(incidentWithinScope(undefined, { ...douyin, segment: 'workspace' })).toBe(true);
    // A target's pace stands on the workspace: seen when its target is.
    const pace = {
      kind: 'pace',
      target: 'douyin-spend',
      segment: 'workspace',
      segments: ['workspace'],
      markers: [],
    };
    expect(incidentWithinScope(DOUYIN, pace)).toBe(false);
    expect(incidentWithinScope(DOUYIN, pace, (id) => id === 'douyin-spend')).toBe(true);
    expect(incidentWithinScope(DOUYIN, { ...pace, target: 'all-spend' }, (id) => id === 'douyin-spend')).toBe(
      false,
    );
  });

  it('sources: a platform account inside when its channel and account are', () => {
    for (const scope of SCOPES) {
      for (const channel of VALUES.channel) {
        for (const account of VALUES.account) {
          const expected = everyRowInside(scope, (row) => row.channel === channel && row.account === account);
          expect(sourceWithinScope(scope, { channel, account }), `${channel}/${account}`).toBe(expected);
        }
      }
    }
    expect(sourceWithinScope(DOUYIN, { channel: 'douyin', account: 'anything' })).toBe(true);
    expect(sourceWithinScope({ accounts: ['acc_d'] }, { channel: 'meta', account: 'acc_d' })).toBe(true);
  });

  it('notes: workspace-wide always; a channel’s or campaign’s when inside', () => {
    expect(annotationWithinScope(DOUYIN, { scope: 'all' })).toBe(true);
    expect(annotationWithinScope(DOUYIN, { scope: 'channel', value: 'douyin' })).toBe(true);
    expect(annotationWithinScope(DOUYIN, { scope: 'channel', value: 'meta' })).toBe(false);
    expect(annotationWithinScope(DOUYIN, { scope: 'campaign', value: 'c1' })).toBe(false);
    expect(annotationWithinScope({ campaigns: ['c1'] }, { scope: 'campaign', value: 'c1' })).toBe(true);
    expect(annotationWithinScope(DOUYIN, { scope: 'channel' })).toBe(false);
  });

  it('lift entries: the filter inside, and the channel a factor calibrates', () => {
    const entry = (filter: string | null, channel?: string) => ({
      scope: { filter },
      calibration: channel ? { channel } : null,
    });
    expect(liftEntryWithinScope(DOUYIN, entry("channel = 'douyin'"))).toBe(true);
    expect(liftEntryWithinScope(DOUYIN, entry("channel = 'douyin' and region = 'east'", 'douyin'))).toBe(
      true,
    );
    expect(liftEntryWithinScope(DOUYIN, entry("channel = 'douyin'", 'meta'))).toBe(false);
    expect(liftEntryWithinScope(DOUYIN, entry("channel = 'douyin' or channel = 'meta'"))).toBe(false);
    expect(liftEntryWithinScope(DOUYIN, entry(null))).toBe(false);
    expect(liftEntryWithinScope(null, entry(null, 'meta'))).toBe(true);
    expect(channelWithinScope({ accounts: ['acc_d'] }, 'douyin')).toBe(false);
  });
});
