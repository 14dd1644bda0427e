import { describe, expect, it } from 'vitest';
import { say } from '../messages/catalog.js';
import { returnTargetMixUp } from './returns.js';

describe('a ROAS or ROI target that looks like the other', () => {
  it('warns on a platform ROI typed as ROI, figures by hand', () => {
    // 千川's ROI 3 is GMV ÷ spend = 3: ROAS 3, an ROI of (3 − 1) = 200%.
    const warning = returnTargetMixUp('roi', 3, false);
    expect(warning).toEqual({ key: 'target.warning.roi_looks_like_roas', params: { typed: 3, roi: 2 } });
    expect(say(warning!, 'zh')).toBe(
      '按此输入，投资回报率为 3%（即（GMV−消耗）÷消耗）；若指的是平台所说的 ROI（GMV÷消耗）3，那是广告支出回报率 3，即投资回报率 200%：请把目标设在广告支出回报率上，或在此输入 200%',
    );
    expect(say(returnTargetMixUp('roi', 1.5, false)!, 'en')).toContain('an ROI of 50%');
    // With its % sign it is meant as a percentage; outside 1.5–20 it is an ROI's own range.
    expect(returnTargetMixUp('roi', 3, true)).toBeUndefined();
    expect(returnTargetMixUp('roi', 1.4, false)).toBeUndefined();
    expect(returnTargetMixUp('roi', 25, false)).toBeUndefined();
  });

  it('warns on a ROAS under one or past fifty, with the ROAS the ROI would be', () => {
    expect(returnTargetMixUp('roas', 0.5, false)).toEqual({
      key: 'target.warning.roas_below_one',
      params: { typed: 0.5, roas: 1.5 },
    });
    expect(say(returnTargetMixUp('roas', 0.5, false)!, 'en')).toBe(
      'a ROAS of 0.5 returns less than is spent; if you meant an ROI of 50%, that is ROAS 1.5',
    );
    expect(returnTargetMixUp('roas', 300, false)?.params).toEqual({ typed: 300, roas: 4 });
    expect(returnTargetMixUp('roas', 3.2, false)).toBeUndefined();
    expect(returnTargetMixUp('roas', 1, false)).toBeUndefined();
    expect(returnTargetMixUp('ctr', 3, false)).toBeUndefined();
  });

  it('agrees with the rule restated over a grid of typed values', () => {
    // ROI = ROAS − 1: a value warns when its reading as the other KPI is the usual one.
    const usualPlatformRoi = (n: number) => n >= 1.5 && n <= 20;
    for (let hundredths = 0; hundredths <= 10_000; hundredths += 7) {
      const n = hundredths / 100;
      for (const percentSign of [false, true]) {
        const roi = returnTargetMixUp('roi', n, percentSign);
        expect(roi !== undefined).toBe(!percentSign && usualPlatformRoi(n));
        if (roi) expect(Math.abs((roi.params.roi as number) - (n - 1))).toBeLessThan(0.006);
        const roas = returnTargetMixUp('roas', n, percentSign);
        expect(roas !== undefined).toBe((n > 0 && n < 1) || n >= 50);
        if (roas) {
          const meant = n < 1 ? n + 1 : n / 100 + 1;
          expect(Math.abs((roas.params.roas as number) - meant)).toBeLessThan(0.006);
        }
      }
    }
  });
});
