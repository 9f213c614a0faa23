import { createI18n } from 'vue-i18n';
import type { Messages } from './locales/en';

export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];
export const localeNames: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

const STORAGE_KEY = 'crm.locale';

/** Each locale is its own chunk, fetched the first time it is chosen (vitesse's pattern). */
const loaders: Record<Locale, () => Promise<{ default: Messages }>> = {
  en: () => import('./locales/en'),
  'zh-CN': () => import('./locales/zh-cn'),
};

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: {} as Record<Locale, Messages>,
});

const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale);

/** The remembered choice, else the browser's first language we speak, else English. */
export function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  for (const language of navigator.languages ?? [navigator.language]) {
    if (language.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (language.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export async function setLocale(locale: Locale): Promise<void> {
  if (!i18n.global.availableLocales.includes(locale)) {
    const messages = await loaders[locale]();
    i18n.global.setLocaleMessage(locale, messages.default);
  }
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
