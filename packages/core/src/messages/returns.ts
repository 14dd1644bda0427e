/**
 * Warnings for a target typed on ROAS or ROI that looks like the other (`labels/returns.ts` has
 * the rule). Parameters: `typed` as typed (a percentage for ROI, a multiple for ROAS), `roi` as
 * a fraction, `roas` as a multiple.
 */
import type { MessageTable } from './say.js';

export const RETURN_MESSAGES = {
  'target.warning.roi_looks_like_roas': {
    en: 'as typed this is an ROI of {typed}% ((GMV − spend) ÷ spend); if you meant what Chinese platforms call ROI (GMV ÷ spend) of {typed}, that is ROAS {typed}, an ROI of {roi, percent}: set the target on ROAS, or type {roi, percent} here',
    zh: '按此输入，投资回报率为 {typed}%（即（GMV−消耗）÷消耗）；若指的是平台所说的 ROI（GMV÷消耗）{typed}，那是广告支出回报率 {typed}，即投资回报率 {roi, percent}：请把目标设在广告支出回报率上，或在此输入 {roi, percent}',
  },
  'target.warning.roas_below_one': {
    en: 'a ROAS of {typed} returns less than is spent; if you meant an ROI of {typed, percent}, that is ROAS {roas}',
    zh: '广告支出回报率 {typed} 意味着回收少于消耗；若指的是投资回报率 {typed, percent}，对应的广告支出回报率为 {roas}',
  },
  'target.warning.roas_looks_like_percent_roi': {
    en: 'a ROAS of {typed} is far beyond what campaigns return; if you meant an ROI of {typed}%, that is ROAS {roas}',
    zh: '广告支出回报率 {typed} 远超投放的实际水平；若指的是投资回报率 {typed}%，对应的广告支出回报率为 {roas}',
  },
} as const satisfies MessageTable;
