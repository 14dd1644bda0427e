/**
 * ROAS and ROI, unambiguous. Chinese ad platforms call conversion value ÷ spend "ROI" (千川's
 * 支付ROI, 巨量引擎's ROI): that is this catalog's ROAS. This catalog's ROI is
 * (conversion value − spend) ÷ spend, so ROI = ROAS − 1. The catalog page shows each name with
 * its formula in the platforms' words, and a target typed on one that looks like the other is
 * warned about (never refused: both readings are possible numbers).
 *
 * The rule, on the number as typed in the target form (ROI is typed as a percentage, ROAS as a
 * multiple):
 * - ROI typed without a `%` between 1.5 and 20: platform ROI targets (GMV ÷ spend) sit there,
 *   while an ROI target of 1.5%–20% (a thin margin over what is spent) is rare. As typed it is an
 *   ROI of that many percent; had ROAS n been meant, the ROI is (n − 1) × 100%.
 * - ROAS below 1: it returns less than is spent, which is seldom a target, while an ROI written
 *   as a fraction (0.5 for 50%) lands there; had that ROI been meant, the ROAS is r + 1.
 * - ROAS of 50 or more: no campaign returns fifty times its spend, while an ROI typed as a
 *   percentage (300 for 300%) lands there; had that ROI been meant, the ROAS is n ÷ 100 + 1.
 */
import type { Said } from '../messages/say.js';

/** What the catalog page shows after each name: the formula in the words the platforms use. */
export const RETURN_KPI_QUALIFIERS: Readonly<Record<string, { en: string; zh: string }>> = {
  roas: { en: 'what Chinese platforms call ROI: GMV ÷ spend', zh: 'ROI，GMV÷消耗' },
  roi: { en: '(GMV − spend) ÷ spend', zh: '(GMV−消耗)÷消耗' },
};

export const PLATFORM_ROI_RANGE = { from: 1.5, to: 20 } as const;
export const IMPLAUSIBLE_ROAS = 50;

/** Rounded for a sentence: at most two decimals. */
const rounded = (value: number) => Math.round(value * 100) / 100;

/**
 * The warning for a target typed on ROAS or ROI that looks like the other, or undefined.
 * `typed` is the number as typed (a percentage for ROI, a multiple for ROAS); `percentSign`
 * whether the text carried a `%`.
 */
export function returnTargetMixUp(kpi: string, typed: number, percentSign: boolean): Said | undefined {
  if (!Number.isFinite(typed)) return undefined;
  if (kpi === 'roi') {
    if (percentSign || typed < PLATFORM_ROI_RANGE.from || typed > PLATFORM_ROI_RANGE.to) return undefined;
    return {
      key: 'target.warning.roi_looks_like_roas',
      params: { typed: rounded(typed), roi: rounded(typed - 1) },
    };
  }
  if (kpi === 'roas') {
    if (typed > 0 && typed < 1) {
      return {
        key: 'target.warning.roas_below_one',
        params: { typed: rounded(typed), roas: rounded(typed + 1) },
      };
    }
    if (typed >= IMPLAUSIBLE_ROAS) {
      return {
        key: 'target.warning.roas_looks_like_percent_roi',
        params: { typed: rounded(typed), roas: rounded(typed / 100 + 1) },
      };
    }
  }
  return undefined;
}
