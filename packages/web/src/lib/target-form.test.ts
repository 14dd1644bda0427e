import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Target } from '../api/types';
import {
  createTargetRequest,
  fieldOfProblem,
  filterOfPicks,
  labelOfPicks,
  parseTargetValue,
  picksOfFilter,
  presetOf,
  presetPeriod,
  problemsByField,
  quotedText,
  sameScopeFilter,
  type TargetDraft,
  targetValueMeaning,
  targetValueText,
  updateTargetRequest,
} from './target-form';

const current: Target = {
  id: 'conversions-douyin-2026-12-01',
  kpi: 'conversions',
  scope: { filter: "channel='douyin'", label: 'Douyin' },
  period: { from: '2026-12-01', to: '2026-12-31' },
  value: 86_000,
  owner: 'Growth team',
  cadence: 'monthly',
  breakdown: { mode: 'events', calendar: 'cn-retail' },
  note: 'from last December',
};

/** The form filled in with the current version, unchanged. */
const untouched: TargetDraft = {
  kpi: 'conversions',
  scope: { filter: "channel = 'douyin'", label: 'Douyin' },
  period: { from: '2026-12-01', to: '2026-12-31' },
  value: 86_000,
  breakdown: 'events',
  cadence: 'monthly',
  goal: '',
  owner: 'Growth team',
  note: 'from last December',
  reason: '',
};

describe('the value a target is typed with', () => {
  it('reads amounts as people write them', () => {
    expect(parseTargetValue('86000', 'count')).toBe(86_000);
    expect(parseTargetValue(' 1,234,567.5 ', 'currency')).toBe(1_234_567.5);
    expect(parseTargetValue('12万', 'count')).toBe(120_000);
    expect(parseTargetValue('1.5亿', 'currency')).toBe(150_000_000);
    expect(parseTargetValue('−3.5', 'multiple')).toBe(-3.5);
  });

  it('takes percents as percents and stores fractions', () => {
    expect(parseTargetValue('2.5', 'ratio')).toBe(0.025);
    expect(parseTargetValue('2.5%', 'percent')).toBe(0.025);
    expect(parseTargetValue('7', 'ratio')).toBe(0.07);
    expect(targetValueText(0.025, 'ratio')).toBe('2.5');
    expect(targetValueText(0.07, 'percent')).toBe('7');
    expect(targetValueText(86_000, 'count')).toBe('86000');
  });

  it('refuses what is not a number, and % where it means nothing', () => {
    for (const text of ['', ' ', 'abc', '0x10', '1.2.3', '5 apples', '%'])
      expect(parseTargetValue(text, 'count')).toBeNull();
    expect(parseTargetValue('5%', 'count')).toBeNull();
  });

  it('says what the value means for the KPI', () => {
    expect(targetValueMeaning({ aggregation: 'additive', unit: 'currency' })).toBe('total');
    expect(targetValueMeaning({ aggregation: 'ratio', unit: 'ratio' })).toBe('level');
    expect(targetValueMeaning({ aggregation: 'snapshot', unit: 'count' })).toBe('end_level');
    expect(targetValueMeaning({ aggregation: 'distinct', unit: 'count' })).toBe('total');
    expect(targetValueMeaning({ aggregation: 'threshold', unit: 'ratio' })).toBe('level');
  });
});

describe('the scope of a target', () => {
  it('writes picks as a condition, quoting quotes', () => {
    expect(filterOfPicks({})).toBeUndefined();
    expect(filterOfPicks({ campaign: '618-2026', channel: 'douyin' })).toBe(
      "channel = 'douyin' and campaign = '618-2026'",
    );
    expect(quotedText("Lumi's 618")).toBe("'Lumi''s 618'");
  });

  it('reads a saved condition back into picks, and only one it can show as picks', () => {
    expect(picksOfFilter(undefined)).toEqual({});
    expect(picksOfFilter("campaign='618-2026' AND channel = 'douyin'")).toEqual({
      campaign: '618-2026',
      channel: 'douyin',
    });
    expect(picksOfFilter("campaign = 'Lumi''s 618 and more'")).toEqual({ campaign: "Lumi's 618 and more" });
    // Other ways of pinning one value, as the engine reads them.
    for (const same of ["channel in ('douyin')", "'douyin' = channel", "(channel = 'douyin')"])
      expect(picksOfFilter(same), same).toEqual({ channel: 'douyin' });
    for (const other of [
      "channel = 'douyin' or channel = 'weibo'",
      "channel != 'douyin'",
      "region = 'east'",
      "channel = 'douyin' and region = 'east'",
      "channel = 'douyin' and channel = 'weibo'",
      "channel in ('douyin', 'weibo')",
      // Names are case-sensitive: `Channel` is not the channel dimension (the engine refuses it).
      "Channel = 'douyin'",
      "channel = 'douyin' andcampaign = 'x'",
      "channel = 'douyin' and",
    ])
      expect(picksOfFilter(other), other).toBeNull();
  });

  it('reads back every condition the pickers write, whatever the values hold', () => {
    const value = fc.string({ minLength: 1, maxLength: 12 });
    const picks = fc.record({ channel: value, campaign: value }, { requiredKeys: [] });
    fc.assert(
      fc.property(picks, (chosen) => {
        const filter = filterOfPicks(chosen);
        expect(picksOfFilter(filter)).toEqual(chosen);
        // The same pins in the other order are the same scope; another value is not.
        if (chosen.channel !== undefined && chosen.campaign !== undefined) {
          const reversed = `campaign = ${quotedText(chosen.campaign)} and channel = ${quotedText(chosen.channel)}`;
          expect(sameScopeFilter(filter, reversed)).toBe(true);
          expect(sameScopeFilter(filter, filterOfPicks({ ...chosen, channel: `${chosen.channel}x` }))).toBe(
            false,
          );
        }
      }),
    );
  });

  it('names a scope from its picks and compares conditions as the engine reads them', () => {
    const names: Record<string, string> = { douyin: 'Douyin', '618-2026': '618 2026' };
    expect(labelOfPicks({ channel: 'douyin', campaign: '618-2026' }, (_d, value) => names[value]!)).toBe(
      'Douyin · 618 2026',
    );
    expect(labelOfPicks({}, () => 'never')).toBeUndefined();
    expect(sameScopeFilter("channel='douyin'", "channel = 'douyin'")).toBe(true);
    expect(sameScopeFilter(undefined, '')).toBe(true);
    expect(sameScopeFilter("channel = 'douyin'", "channel = 'Douyin'")).toBe(false);
    expect(sameScopeFilter("region = 'east'", " region = 'east' ")).toBe(true);
    expect(
      sameScopeFilter("channel = 'douyin' and campaign = 'x'", "campaign='x' and channel='douyin'"),
    ).toBe(true);
    expect(sameScopeFilter("channel = 'douyin'", "channel = 'douyin' and campaign = 'x'")).toBe(false);
    expect(sameScopeFilter("region != 'east'", "region = 'east'")).toBe(false);
    expect(sameScopeFilter("spend > 100 or region = 'east'", "spend>100 or region='east'")).toBe(true);
  });
});

describe('quick periods', () => {
  it('are calendar months and quarters counted from today', () => {
    expect(presetPeriod('this_month', '2026-11-23')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetPeriod('next_month', '2026-12-31')).toEqual({ from: '2027-01-01', to: '2027-01-31' });
    expect(presetPeriod('next_month', '2028-01-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetPeriod('this_quarter', '2026-05-20')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(presetPeriod('next_quarter', '2026-11-23')).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    expect(presetOf({ from: '2026-12-01', to: '2026-12-31' }, '2026-11-23')).toBe('next_month');
    expect(presetOf({ from: '2026-12-01', to: '2026-12-30' }, '2026-11-23')).toBeUndefined();
  });
});

describe('what the form sends', () => {
  it('creates a target without blank optional texts', () => {
    expect(
      createTargetRequest({
        ...untouched,
        goal: '  ',
        owner: ' Growth team ',
        note: '',
        reason: 'Q4 plan',
        scope: { label: ' Whole workspace ' },
      }),
    ).toEqual({
      kpi: 'conversions',
      scope: { label: 'Whole workspace' },
      period: { from: '2026-12-01', to: '2026-12-31' },
      value: 86_000,
      cadence: 'monthly',
      breakdown: { mode: 'events' },
      owner: 'Growth team',
      reason: 'Q4 plan',
    });
  });

  it('changes only what differs, removes cleared texts, and sends nothing for no change', () => {
    expect(updateTargetRequest(current, untouched)).toBeNull();
    expect(updateTargetRequest(current, { ...untouched, reason: 'no reason to change' })).toBeNull();
    expect(
      updateTargetRequest(current, { ...untouched, value: 90_000, note: '', reason: 'Double 12 added' }),
    ).toEqual({ value: 90_000, note: null, reason: 'Double 12 added' });
    expect(
      updateTargetRequest(current, {
        ...untouched,
        scope: { filter: "channel = 'weibo'", label: 'Weibo' },
        breakdown: 'even',
        goal: 'Win December',
      }),
    ).toEqual({
      scope: { filter: "channel = 'weibo'", label: 'Weibo' },
      breakdown: { mode: 'even' },
      goal: 'Win December',
    });
    // Back to events: the calendar the target had goes with it.
    expect(
      updateTargetRequest({ ...current, breakdown: { mode: 'even', calendar: 'cn-retail' } }, untouched),
    ).toEqual({ breakdown: { mode: 'events', calendar: 'cn-retail' } });
  });
});

describe('problems the server reports', () => {
  it('are shown at the field they are about', () => {
    expect(fieldOfProblem({ message: 'x', path: 'body.period.to' })).toBe('period');
    expect(fieldOfProblem({ message: 'x', path: 'body.value' })).toBe('value');
    expect(fieldOfProblem({ message: 'x', path: 'body.scope.label' })).toBe('scope');
    expect(fieldOfProblem({ message: 'x', path: 'query.from' })).toBe('period');
    expect(fieldOfProblem({ message: 'x', path: 'query.filter' })).toBe('scope');
    expect(fieldOfProblem({ message: 'x', path: 'body.breakdown.mode' })).toBe('breakdown');
    expect(fieldOfProblem({ message: 'x', start: 0, end: 7 })).toBe('scope');
    expect(fieldOfProblem({ message: 'x', path: 'body.constructor' })).toBeUndefined();
    expect(fieldOfProblem({ message: 'x' })).toBeUndefined();
    expect(
      problemsByField([
        { message: 'a', path: 'body.value' },
        { message: 'b' },
        { message: 'c', path: 'body.value' },
      ]),
    ).toEqual({
      value: [
        { message: 'a', path: 'body.value' },
        { message: 'c', path: 'body.value' },
      ],
      form: [{ message: 'b' }],
    });
  });
});
