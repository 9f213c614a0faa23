import { createPinia, setActivePinia } from 'pinia';
import type { Plugin } from 'vue';
import { i18n, setLocale } from './i18n';

/** Each component test gets the app's plugins: a fresh Pinia and the real i18n in English. */
export async function appPlugins(locale: 'en' | 'zh-CN' = 'en'): Promise<Plugin[]> {
  const pinia = createPinia();
  setActivePinia(pinia);
  await setLocale(locale);
  return [pinia, i18n];
}
