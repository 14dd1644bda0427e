/**
 * What the monitor says to people — incident titles, alert lines, freshness notes — as a stable
 * key and its parameters, said in English and Chinese from core's table (`messages/monitor.ts`,
 * `sayMonitorMessage`: `{kpi, kpi}` is the catalog's name of a KPI, `{value, amount}` a figure in
 * the message's `unit`, `{channel, segment}` a channel's name). Every result carries the message next to the sentence
 * in both languages (`Said`), so the CLI, the API, notifications and the dashboard show the same
 * words. Messages of the detectors themselves (`anomaly.*`: pace, late sources) are said by core's
 * `sayAnomaly` in both languages.
 */
import {
  type BilingualTemplate,
  type BilingualText,
  type Catalog,
  type DiagnosisMessage,
  type DiagnosisParam,
  isAnomalyMessageKey,
  type Message,
  MONITOR_MESSAGES,
  sayAnomaly,
  sayMonitorMessage,
} from '@markpi/core';

/** Core's table of the monitor's messages, under the name this module has always exported. */
export const MONITOR_TEMPLATES: Readonly<Record<string, BilingualTemplate>> = MONITOR_MESSAGES;

const TEMPLATES = new Map(Object.entries(MONITOR_TEMPLATES));

/** A message and the sentence it makes in each language. */
export interface Said {
  message: DiagnosisMessage;
  text: BilingualText;
}

export const monitorMessage = (
  key: string,
  params: Record<string, DiagnosisParam> = {},
): DiagnosisMessage => ({ key, params });

/** The templates the monitor's messages are said with. */
export function monitorTemplates(): ReadonlyMap<string, BilingualTemplate> {
  return TEMPLATES;
}

/** Says a monitor message in both languages, with the catalog's KPI and measure names. */
export function sayMonitor(catalog: Catalog | undefined, message: DiagnosisMessage): Said {
  if (isAnomalyMessageKey(message.key)) return sayDetector(message as Message);
  return {
    message,
    text: { en: sayMonitorMessage(message, 'en', catalog), zh: sayMonitorMessage(message, 'zh', catalog) },
  };
}

/** A detector's own message (`anomaly.*`), said by core in both languages. */
export function sayDetector(message: Message): Said {
  return {
    message: message as DiagnosisMessage,
    text: { en: sayAnomaly(message, 'en'), zh: sayAnomaly(message, 'zh') },
  };
}
