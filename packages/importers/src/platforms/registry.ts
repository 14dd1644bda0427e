/** Every built-in platform profile, in the order ties are broken when recognising a file. */
import { douyinCreator } from './douyin-creator/index.js';
import { ga4 } from './ga4/index.js';
import { googleAds } from './google-ads/index.js';
import { journeyPaths, touchEvents } from './journeys/index.js';
import { kuaishouAds, kuaishouJinniu } from './kuaishou/index.js';
import { meta } from './meta/index.js';
import { oceanEngine, qianchuan } from './ocean-engine/index.js';
import { pugongyingOrders } from './pugongying/index.js';
import { douyinShopOrders, jdOrders, shopifyOrders, tmallOrders } from './shops/index.js';
import { tencentAds } from './tencent-ads/index.js';
import { tiktok } from './tiktok/index.js';
import type { ImportProfile } from './types.js';
import { weibo } from './weibo/index.js';
import { xiaohongshuCreator, xiaohongshuJuguang } from './xiaohongshu/index.js';
import { xingtuOrders } from './xingtu/index.js';

export const PLATFORMS: readonly ImportProfile[] = [
  meta,
  googleAds,
  ga4,
  tiktok,
  oceanEngine,
  qianchuan,
  douyinCreator,
  kuaishouAds,
  kuaishouJinniu,
  xiaohongshuCreator,
  xiaohongshuJuguang,
  tencentAds,
  weibo,
  tmallOrders,
  jdOrders,
  douyinShopOrders,
  shopifyOrders,
  xingtuOrders,
  pugongyingOrders,
  touchEvents,
  journeyPaths,
];

export function platformById(id: string): ImportProfile | undefined {
  return PLATFORMS.find((platform) => platform.id === id);
}
