/** Display names for dimension values the interface knows (channels, creator tiers). */
import type { TFunction } from 'i18next';
import type { Cell } from '../api/types';

export function dimensionValueLabel(
  t: TFunction,
  dimension: string,
  value: Cell,
  names?: Record<string, string>,
): string {
  if (value === null) return '—';
  const text = String(value);
  if (names?.[text]) return names[text];
  if (dimension === 'channel') return t(`channel.${text}`, { defaultValue: text });
  if (dimension === 'creator_tier') return t(`tier.${text}`, { defaultValue: text.toUpperCase() });
  return text;
}
