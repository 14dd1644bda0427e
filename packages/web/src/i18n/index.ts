/**
 * Two languages, zh-CN and English. The choice is remembered in localStorage; the first visit
 * follows the browser. KPI, dimension and fact names come from the catalog in both languages,
 * so only the interface's own words live here.
 */
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { type AnyMessage, registerMessageFormats, sayMessage } from '../lib/messages';
import { en } from './en';
import { zh } from './zh';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'markpi.language';

function initialLanguage(): Language {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (stored === 'zh-CN' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setupI18n(): void {
  const language = initialLanguage();
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  registerMessageFormats(i18next);
  document.documentElement.lang = language;
}

export function changeLanguage(language: Language): void {
  window.localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

/** The current language, and `pick` for the catalog's bilingual texts. */
export function useLanguage(): {
  language: Language;
  pick: (text: { en: string; zh?: string } | undefined) => string;
} {
  const { i18n } = useTranslation();
  const language: Language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const pick = (text: { en: string; zh?: string } | undefined) =>
    text ? (language === 'zh-CN' && text.zh ? text.zh : text.en) : '';
  return { language, pick };
}

/**
 * Says a server message (a key and its parameters) in the current language, KPI ids by their
 * names. In English, and for a message this dashboard has no words for yet, it is the English
 * the API sent with it.
 */
export function useSayMessage(
  kpiName?: (id: string) => string,
): (said: AnyMessage | undefined, english: string) => string {
  const { i18n } = useTranslation();
  return (said, english) => (said ? sayMessage(i18n, said, kpiName ? { kpiName } : {}) : null) ?? english;
}
