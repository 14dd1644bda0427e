/**
 * Display names for dimension values: the server's names of entities where it sent them, the
 * interface's own words for channels and creator tiers, then core's labels (regions, content
 * formats, audiences, cost types…) in the dashboard's language; any other value as written.
 */
import { dimensionValueLabelOf } from '@markpi/core';
import i18next, { type TFunction } from 'i18next';
import type { Cell } from '../api/types';

export function dimensionValueLabel(
  t: TFunction,
  dimension: string,
  value: Cell,
  names?: Record<string, string>,
): string {
  if (value === null) return '—';
  const text = String(value);
  const labelled = dimensionValueLabelOf(dimension, text, i18next.language === 'zh-CN' ? 'zh' : 'en');
  // A name the server sent that is only the id again says nothing more than a label would.
  if (names?.[text] && (names[text] !== text || labelled === undefined)) return names[text];
  if (dimension === 'channel') return t(`channel.${text}`, { defaultValue: labelled ?? text });
  if (dimension === 'creator_tier') return t(`tier.${text}`, { defaultValue: text.toUpperCase() });
  return labelled ?? text;
}
