/** Currency codes as exports write them: `USD`, `(元)`, `人民币`, `RMB`, `US$`. */

const ALIASES: Record<string, string> = {
  元: 'CNY',
  人民币: 'CNY',
  RMB: 'CNY',
  '¥': 'CNY',
  '￥': 'CNY',
  US$: 'USD',
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  R$: 'BRL',
  HK$: 'HKD',
  NT$: 'TWD',
  円: 'JPY',
  美元: 'USD',
  港币: 'HKD',
  欧元: 'EUR',
};

/** An ISO 4217 code, or undefined when the text is not one. */
export function normalizeCurrency(text: string): string | undefined {
  const trimmed = text.trim();
  const alias = ALIASES[trimmed] ?? ALIASES[trimmed.toUpperCase()];
  if (alias) return alias;
  return /^[A-Za-z]{3}$/.test(trimmed) ? trimmed.toUpperCase() : undefined;
}
