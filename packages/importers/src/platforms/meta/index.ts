/**
 * Meta Ads Manager exports (Facebook / Instagram), English, Spanish, Portuguese, French and
 * Chinese headers, old (`Result indicator`, `Cost per results`) and new (`Result type`,
 * `Delivery status`) layouts. The currency sits inside the money headers: `Amount spent (USD)`.
 */

import { platformNotes } from '../notes.js';
import { column, ignored, moneyWithCurrency } from '../rules.js';
import type { DraftRow, ImportProfile } from '../types.js';

/** Result types that are conversions; other objectives' results (reach, clicks, plays) are not. */
const CONVERSION_RESULT =
  /purchase|conversion|checkout|add_to_cart|cart|lead|registration|complete|compra|achat|购|subscribe|contact|messaging/i;
const LEAD_RESULT = /lead|prospect|potencia|潜在客户/i;

function refineMetaRow(row: DraftRow): undefined {
  const resultType = typeof row.result_type === 'string' ? row.result_type : '';
  if (row.results !== null && row.results !== undefined && resultType !== '') {
    if (LEAD_RESULT.test(resultType)) {
      if (row.leads === null || row.leads === undefined) row.leads = row.results;
    } else if (CONVERSION_RESULT.test(resultType)) {
      if (row.conversions === null || row.conversions === undefined) row.conversions = row.results;
    }
  }
  return undefined;
}

export const meta: ImportProfile = {
  id: 'meta',
  label: 'Meta Ads Manager',
  target: 'performance',
  channel: 'meta',
  trafficType: 'paid',
  rules: [
    column('date', 'date', ['Day', 'Día', 'Dia', 'Jour', '单日', '天']),
    column(
      'period_start',
      'date',
      [
        'Reporting starts',
        'Inicio del informe',
        'Início dos relatórios',
        'Début des rapports',
        '报告开始日期',
      ],
      { signature: true },
    ),
    column(
      'period_end',
      'date',
      [
        'Reporting ends',
        'Fin del informe',
        'Encerramento dos relatórios',
        'Término dos relatórios',
        'Fin des rapports',
        '报告结束日期',
      ],
      { signature: true },
    ),
    column('account', 'text', [
      'Account name',
      'Nombre de la cuenta',
      'Nome da conta',
      'Nom du compte',
      '账户名称',
    ]),
    column('account', 'id', [
      'Account ID',
      'Identificador de la cuenta',
      'ID da conta',
      'Identifiant du compte',
      '账户编号',
    ]),
    column('campaign', 'text', [
      'Campaign name',
      'Nombre de la campaña',
      'Nome da campanha',
      'Nom de la campagne',
      '广告系列名称',
    ]),
    column('campaign', 'id', [
      'Campaign ID',
      'Identificador de la campaña',
      'ID da campanha',
      '广告系列编号',
    ]),
    column(
      'ad_group',
      'text',
      [
        'Ad set name',
        'Nombre del conjunto de anuncios',
        'Nome do conjunto de anúncios',
        "Nom de l'ensemble de publicités",
        '广告组名称',
      ],
      { signature: true },
    ),
    column('ad_group', 'id', ['Ad set ID', 'ID do conjunto de anúncios', '广告组编号']),
    column('content', 'text', [
      'Ad name',
      'Nombre del anuncio',
      'Nome do anúncio',
      'Nom de la publicité',
      '广告名称',
    ]),
    column('content', 'id', ['Ad ID', 'ID do anúncio', '广告编号']),
    column(
      'spend',
      'money',
      [
        moneyWithCurrency([
          'amount spent',
          'importe gastado',
          'valor usado',
          'montant dépensé',
          '已花费金额',
          '花费金额',
        ]),
      ],
      { signature: true },
    ),
    column('currency', 'currency', ['Currency', 'Moneda', 'Moeda', 'Devise', '货币']),
    column('impressions', 'count', ['Impressions', 'Impresiones', 'Impressões', '展示次数']),
    column('reach', 'count', ['Reach', 'Alcance', 'Couverture', '覆盖人数']),
    column('clicks', 'count', [
      'Link clicks',
      'Clics en el enlace',
      'Cliques no link',
      'Clics sur un lien',
      '链接点击量',
    ]),
    column('clicks', 'count', [
      'Clicks (all)',
      'Clics (todos)',
      'Cliques (todos)',
      'Clics (tous)',
      '点击量（全部）',
    ]),
    column('results', 'count', ['Results', 'Resultados', 'Résultats', '成效']),
    column(
      'result_type',
      'text',
      [
        'Result indicator',
        'Result type',
        'Indicador de resultado',
        'Indicador de resultados',
        'Tipo de resultado',
        'Type de résultat',
        'Indicateur de résultat',
        '成效指标',
        '成效类型',
      ],
      { signature: true },
    ),
    column('conversions', 'count', ['Purchases', 'Website purchases', 'Compras', 'Achats', '购物次数']),
    column(
      'conversion_value',
      'money',
      [
        moneyWithCurrency([
          'purchases conversion value',
          'website purchases conversion value',
          'valor de conversão da compra',
          'valor de conversión de compras',
          'valeur de conversion des achats',
          '购物转化价值',
        ]),
      ],
      { signature: true },
    ),
    column('leads', 'count', ['Leads', 'Clientes potenciales', 'Prospects', '潜在客户人数', '潜在客户']),
    column('store_visits', 'count', [
      'Landing page views',
      'Visualizaciones de la página de destino',
      'Visualizações da página de destino',
      'Vues de page de destination',
      '落地页浏览量',
    ]),
    column('video_views', 'count', [
      '3-second video plays',
      'Reproducciones de video de 3 segundos',
      '3 秒视频播放量',
    ]),
    column('views_50pct', 'count', [
      'Video plays at 50%',
      'Reproducciones del video hasta el 50 %',
      'Reproduções do vídeo até 50%',
      '视频播放进度达 50% 的次数',
    ]),
    column('follows', 'count', ['Instagram follows', 'Follows or likes', 'Page likes']),
    column('likes', 'count', ['Post reactions', 'Reacciones a la publicación', '帖子心情']),
    column('comments', 'count', ['Post comments', 'Comentarios de la publicación', '帖子评论']),
    column('shares', 'count', ['Post shares', 'Veces que se compartió la publicación', '帖子分享']),
    column('saves', 'count', ['Post saves', 'Veces que se guardó la publicación', '帖子收藏']),
    ignored([
      'Cost per results',
      'Cost per result',
      'Result rate',
      /^(cost per|coste? por|custo por|coût par|单次)/,
      /^(cpc|cpm|ctr)\b/,
      /roas/,
      'Frequency',
      'Frecuencia',
      'Frequência',
      'Répétition',
      '频次',
      'Ad delivery',
      'Campaign delivery',
      'Ad set delivery',
      'Delivery status',
      'Delivery level',
      'Entrega del anuncio',
      'Entrega de la campaña',
      'Veiculação da campanha',
      'Veiculação do anúncio',
      "Diffusion de l'ensemble de publicités",
      'Diffusion de la publicité',
      '广告系列投放',
      '广告投放',
      '广告组投放',
      'Attribution setting',
      'Configuración de atribución',
      'Configuração de atribuição',
      "Paramètre d'attribution",
      '归因设置',
      'Ad set budget',
      'Ad set budget type',
      'Bid',
      'Bid type',
      'Ends',
      'Starts',
      'Last significant edit',
      'Quality ranking',
      'Engagement rate ranking',
      'Conversion rate ranking',
      'Ads',
      'ThruPlays',
      /^video plays at (25|75|95|100)%$/,
      'Video average play time',
      'Outbound clicks',
      'Messaging conversations started',
      'Adds to cart',
      'Checkouts initiated',
      'Post engagement',
      'Mobile app installs',
      'Views',
      '加入购物车次数',
      '结账发起次数',
      '消息对话发起次数',
    ]),
  ],
  notes: platformNotes('meta'),
  refine: refineMetaRow,
};
